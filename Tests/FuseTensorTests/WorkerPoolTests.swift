import Dispatch
import Foundation
import Synchronization
import Testing
@testable import FuseTensor

/// Per-task run counters shared with the pool's threads.
private final class Counters: Sendable {
    let slots: Mutex<[Int]>
    init(_ count: Int) { slots = Mutex(Array(repeating: 0, count: count)) }
    func bump(_ i: Int) { slots.withLock { $0[i] += 1 } }
    var values: [Int] { slots.withLock { $0 } }
}

@Suite("Worker pool")
struct WorkerPoolTests {
    @Test("every task of thousands of back-to-back jobs runs exactly once", arguments: [1, 2, 3])
    func exactlyOnce(workers: Int) {
        let pool = WorkerPool(workers: workers)
        defer { pool.shutDown() }
        for job in 0..<3000 {
            let tasks = 1 + job % 7
            let counters = Counters(tasks)
            #expect(pool.run(tasks) { counters.bump($0) })
            if counters.values != Array(repeating: 1, count: tasks) {
                Issue.record("job \(job): task run counts \(counters.values)")
                return
            }
        }
    }

    @Test("a job after the workers went to sleep still runs every task")
    func afterSleep() {
        let pool = WorkerPool(workers: 2, spin: .microseconds(50))
        defer { pool.shutDown() }
        for _ in 0..<5 {
            Thread.sleep(forTimeInterval: 0.005)
            let counters = Counters(6)
            #expect(pool.run(6) { counters.bump($0) })
            #expect(counters.values == Array(repeating: 1, count: 6))
        }
    }

    @Test("a nested call is refused (the caller runs it another way)")
    func nested() {
        let pool = WorkerPool(workers: 1)
        defer { pool.shutDown() }
        let refused = Atomic<Int>(0)
        #expect(pool.run(2) { _ in
            if !pool.run(2, { _ in }) { refused.add(1, ordering: .relaxed) }
        })
        #expect(refused.load(ordering: .relaxed) == 2)
    }

    @Test("Parallel.forEach from several threads at once, and nested, runs every task once")
    func concurrentCallers() {
        let outer = 4, inner = 5, rounds = 100
        let counters = Counters(outer * rounds * inner * 2)
        DispatchQueue.concurrentPerform(iterations: outer) { o in
            for r in 0..<rounds {
                Parallel.forEach(inner, threads: 2) { i in
                    Parallel.forEach(2, threads: 2) { j in counters.bump(((o * rounds + r) * inner + i) * 2 + j) }
                }
            }
        }
        #expect(counters.values == Array(repeating: 1, count: outer * rounds * inner * 2))
    }
}
