import Foundation
import FuseData
import FuseSampling
import Testing
@testable import FuseEval

/// The runner with a fake backend: prompts, greedy settings, scoring, saved results, summary, resume.
@Suite("Eval runner")
struct EvalRunnerTests {
    /// Hand-made problems; the fake model gets the odd-numbered ones right.
    static let problems = (1...6).map { k in
        GSM8KBenchmark.Problem(id: "p\(k)", question: "What is \(k) + \(k)?", gold: "\(2 * k)")
    }

    static func model() -> FakeBackend {
        FakeBackend { messages in
            let question = messages.last!.content
            let k = Int(question.split(separator: " ")[2])!
            return k % 2 == 1 ? "We add: \(k) + \(k) = \(2 * k).\n\\boxed{\(2 * k)}" : "It is \\boxed{\(2 * k + 1)}."
        }
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("eval-runner-\(UUID().uuidString)")
    }

    @Test("GSM8K prompt wording, greedy settings, per-item verdicts and accuracy")
    func runsAndScores() async throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let backend = Self.model()
        let bench = GSM8KBenchmark(problems: Self.problems)
        #expect(bench.items[0].messages == [.user("What is 1 + 1?\nPlease reason step by step, and put your final answer within \\boxed{}.")])
        let summary = try await EvalRunner(backend: backend).run(bench, out: out)
        #expect(backend.lastSettings?.temperature == 0)
        #expect(summary.metrics == [EvalMetric(name: "accuracy", value: 0.5)])
        #expect(summary.items == 6 && summary.scored == 6 && summary.model == "fake:test")
        let saved = try JSONLFile<EvalResult>(url: out.appendingPathComponent("gsm8k.jsonl")).records
        #expect(Set(saved.map(\.id)) == Set(Self.problems.map(\.id)))
        for result in saved {
            let k = Int(result.id.dropFirst())!
            #expect(result.verdict.verdict == (k % 2 == 1 ? "correct" : "incorrect"), "\(result.id): \(result.verdict.detail)")
            #expect(result.messages == bench.items.first { $0.id == result.id }!.messages)
        }
        let onDisk = try JSONDecoder().decode(EvalSummary.self, from: Data(contentsOf: out.appendingPathComponent("gsm8k.summary.json")))
        #expect(onDisk == summary)
    }

    @Test("a rerun asks nothing again and leaves the same files; --limit runs a prefix and extends later")
    func resumes() async throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let bench = GSM8KBenchmark(problems: Self.problems)
        let first = Self.model()
        let partial = try await EvalRunner(backend: first).run(bench, limit: 2, out: out)
        #expect(first.callCount == 2 && partial.items == 2 && partial.scored == 2)
        let second = Self.model()
        _ = try await EvalRunner(backend: second, concurrency: 3).run(bench, out: out)
        #expect(second.callCount == 4)
        let results = try Data(contentsOf: out.appendingPathComponent("gsm8k.jsonl"))
        let summary = try Data(contentsOf: out.appendingPathComponent("gsm8k.summary.json"))
        let third = Self.model()
        _ = try await EvalRunner(backend: third).run(bench, out: out)
        #expect(third.callCount == 0)
        #expect(try Data(contentsOf: out.appendingPathComponent("gsm8k.jsonl")) == results)
        #expect(try Data(contentsOf: out.appendingPathComponent("gsm8k.summary.json")) == summary)
    }

    @Test("transient backend failures are retried; a permanent one stops the run with the item named")
    func retries() async throws {
        let out = Self.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let bench = GSM8KBenchmark(problems: Array(Self.problems.prefix(1)))
        let flaky = FakeBackend(failFirst: 2) { _ in "\\boxed{2}" }
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0, maxDelay: 0, jitter: 0)
        let summary = try await EvalRunner(backend: flaky, retry: policy).run(bench, out: out)
        #expect(flaky.callCount == 3 && summary.metrics.first?.value == 1)

        let hopeless = FakeBackend(failFirst: 5) { _ in "" }
        await #expect(throws: EvalError.self) {
            _ = try await EvalRunner(backend: hopeless, retry: policy).run(bench, out: Self.folder())
        }
        #expect(hopeless.callCount == 3)
    }
}
