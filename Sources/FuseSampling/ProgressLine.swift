import Foundation

/// A progress line on standard error: done/total, rate and ETA; redrawn in place on a terminal,
/// printed every few seconds otherwise (logs, CI).
public final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let lock = NSLock()
    private var done = 0
    private var failed = 0
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastDrawnDone = -1
    private let interactive = isatty(STDERR_FILENO) != 0
    private let enabled: Bool

    public init(label: String, total: Int, alreadyDone: Int = 0, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.done = alreadyDone
        self.enabled = enabled
        baseline = alreadyDone
    }

    private let baseline: Int

    /// Counts finished units (successes or failures) and redraws if due.
    public func advance(by count: Int = 1, failed failures: Int = 0) {
        lock.lock()
        done += count
        failed += failures
        let now = Date()
        let due = now.timeIntervalSince(lastDraw) >= (interactive ? 0.2 : 5) || done >= total
        if due { lastDraw = now; lastDrawnDone = done }
        let line = due ? render(now) : nil
        lock.unlock()
        if let line, enabled { write(line) }
    }

    /// Prints the final line (unless it is already the last one printed) and ends it.
    public func finish() {
        lock.lock()
        let line = done == lastDrawnDone ? nil : render(Date())
        lock.unlock()
        guard enabled else { return }
        if let line { write(line) }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func render(_ now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(start), 1e-3)
        let rate = Double(done - baseline) / elapsed
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let percent = total > 0 ? 100 * Double(done) / Double(total) : 100
        let eta = remaining.isFinite ? Self.clock(remaining) : "--:--"
        let failures = failed > 0 ? ", \(failed) failed" : ""
        return String(format: "%@ %d/%d (%.0f%%) %.2f/s ETA %@%@", label, done, total, percent, rate, eta, failures)
    }

    private func write(_ line: String) {
        let text = interactive ? "\r\u{1B}[K" + line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
