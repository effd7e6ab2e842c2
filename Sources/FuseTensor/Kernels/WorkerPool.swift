import Dispatch
import Foundation
import Synchronization

/// Worker threads that stay awake between the many short parallel loops of a forward pass.
///
/// Decoding one token runs a few hundred matrix-vector products of tens of microseconds each.
/// Handing each to `DispatchQueue.concurrentPerform` wakes a sleeping worker every time, and the
/// wake-up costs about as much as the work, so a second core bought nothing at batch 1. Here the
/// workers spin on a generation counter for `spin` after each job (as OpenMP and llama.cpp's
/// thread pool do) and only then sleep on a semaphore, so back-to-back jobs start at once while
/// an idle process stops using the CPU within a fraction of a millisecond.
///
/// Tasks are claimed by index from the job the worker saw, so a worker that wakes late cannot run
/// a task of a newer job; the caller runs tasks too and returns when every task has finished.
final class WorkerPool: @unchecked Sendable {
    /// One `run` call. `body` points at the caller's closure, which stays valid until `finished`
    /// reaches `tasks`; after that no claim can succeed, so a late worker never calls it.
    private final class Job: @unchecked Sendable {
        let tasks: Int
        let body: UnsafeRawPointer
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)

        init(tasks: Int, body: UnsafeRawPointer) {
            self.tasks = tasks
            self.body = body
        }

        /// Claims and runs tasks until none is left. The closure is only touched after a claim
        /// succeeds, while the caller is still waiting for that task.
        func work() {
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= tasks { return }
                body.assumingMemoryBound(to: ((Int) -> Void).self).pointee(i)
                finished.add(1, ordering: .releasing)
            }
        }
    }

    /// Threads besides the caller's.
    let workers: Int
    /// How long a worker keeps polling for the next job before it sleeps.
    let spin: Duration

    private let generation = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let current = Mutex<Job?>(nil)
    private let wake = DispatchSemaphore(value: 0)

    init(workers: Int, spin: Duration = .microseconds(200)) {
        self.workers = workers
        self.spin = spin
        for index in 0..<workers {
            let thread = Thread { self.serve() }
            thread.name = "fusechat-worker-\(index)"
            thread.start()
        }
    }

    /// Runs `body(task)` for every task in `0..<tasks` on the workers and the calling thread.
    /// Returns false without running anything when the pool is already running a job (a nested
    /// call from inside a task, or another thread's): the caller then runs the tasks another way.
    func run(_ tasks: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { escapable in
            withUnsafePointer(to: escapable) { pointer in
                let job = Job(tasks: tasks, body: UnsafeRawPointer(pointer))
                current.withLock { $0 = job }
                generation.add(1, ordering: .sequentiallyConsistent)
                for _ in 0..<sleepers.load(ordering: .sequentiallyConsistent) { wake.signal() }
                job.work()
                while job.finished.load(ordering: .acquiring) < tasks {}
                current.withLock { $0 = nil }
            }
        }
        return true
    }

    /// Ends the worker threads (each holds the pool until it exits). The process-wide pool of
    /// `Parallel` lives as long as the process; pools made for one task call this when done.
    func shutDown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        for _ in 0..<workers { wake.signal() }
    }

    /// A worker's loop: wait for a job newer than the last one seen, help finish it, repeat.
    private func serve() {
        var seen = generation.load(ordering: .sequentiallyConsistent)
        while !stopping.load(ordering: .sequentiallyConsistent) {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: spin)
            var polls = 0
            while generation.load(ordering: .acquiring) == seen {
                polls += 1
                if polls % 256 == 0, clock.now >= deadline {
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    if generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    polls = 0
                }
            }
            seen = generation.load(ordering: .acquiring)
            if let job = current.withLock({ $0 }) { job.work() }
        }
    }
}
