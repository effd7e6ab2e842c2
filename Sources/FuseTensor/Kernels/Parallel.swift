import Dispatch
import Foundation

/// Splits work across CPU cores with `DispatchQueue.concurrentPerform`.
///
/// The default thread count is `FUSECHAT_THREADS` when set to a positive integer, otherwise the
/// number of active processors. Set `Parallel.threadCount` to change it for the whole process.
public enum Parallel {
    nonisolated(unsafe) private static var configured: Int?

    /// Threads used by kernels when a call does not pass its own count (at least 1).
    public static var threadCount: Int {
        get { configured ?? defaultThreadCount }
        set { configured = max(1, newValue) }
    }

    /// `FUSECHAT_THREADS` if it holds a positive integer, else the active processor count.
    public static let defaultThreadCount: Int = {
        if let text = ProcessInfo.processInfo.environment["FUSECHAT_THREADS"], let n = Int(text), n > 0 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Spinning workers for `threadCount` threads (made at the first parallel loop).
    private static let pool = WorkerPool(workers: max(0, threadCount - 1))

    /// Runs `body(task)` for every task in `0..<tasks` on up to `threads` threads; runs inline when
    /// there is one task or one thread. Returns when all tasks are done. Loops with the process's
    /// thread count run on `WorkerPool`'s spinning workers (back-to-back loops start without a
    /// thread wake-up); nested or concurrent loops, and other thread counts, use Dispatch.
    @inline(__always)
    public static func forEach(_ tasks: Int, threads: Int = threadCount, _ body: (Int) -> Void) {
        if tasks <= 0 { return }
        if tasks == 1 || threads <= 1 {
            for t in 0..<tasks { body(t) }
            return
        }
        if threads == pool.workers + 1, pool.run(tasks, body) { return }
        DispatchQueue.concurrentPerform(iterations: tasks, execute: body)
    }

    /// Splits `0..<count` into at most `threads` contiguous ranges whose bounds are multiples of
    /// `granularity` (except the last), and runs `body(range)` for each in parallel.
    public static func forRanges(_ count: Int, granularity: Int = 1, threads: Int = threadCount,
                                 _ body: (Range<Int>) -> Void) {
        let ranges = split(count, parts: threads, granularity: granularity)
        forEach(ranges.count, threads: threads) { body(ranges[$0]) }
    }

    /// `0..<count` cut into at most `parts` non-empty ranges of nearly equal size, each bound a
    /// multiple of `granularity` (except `count` itself).
    public static func split(_ count: Int, parts: Int, granularity: Int = 1) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let g = max(1, granularity)
        let units = (count + g - 1) / g
        let n = max(1, min(parts, units))
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(n)
        for i in 0..<n {
            let lo = min(count, (units * i / n) * g), hi = min(count, (units * (i + 1) / n) * g)
            if lo < hi { ranges.append(lo..<hi) }
        }
        return ranges
    }
}
