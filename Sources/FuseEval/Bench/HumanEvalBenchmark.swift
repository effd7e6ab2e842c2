import Foundation
import FuseData
import FuseScoring

/// HumanEval: 164 Python functions to complete, pass@1 (greedy) with the sandboxed code verifier
/// running each problem's `check(candidate)` on the entry point.
///
/// Prompt (EvalPlus's instruction for chat models):
/// ````
/// Please provide a self-contained Python script that solves the following problem in a markdown code block:
/// ```
/// {prompt.strip()}
/// ```
/// ````
/// EvalPlus also pre-fills the assistant turn; an OpenAI-compatible chat endpoint cannot, so the
/// verifier's extraction takes the code from the response's code block instead.
public struct HumanEvalBenchmark: Benchmark {
    /// One problem as `HumanEval.jsonl` stores it.
    public struct Problem: Codable, Sendable, Hashable {
        public var taskID: String
        public var prompt: String
        public var entryPoint: String
        public var canonicalSolution: String
        public var test: String

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", prompt, entryPoint = "entry_point", canonicalSolution = "canonical_solution", test
        }
    }

    public static let instruction = "Please provide a self-contained Python script that solves the following problem in a markdown code block:"

    public let name = "humaneval"
    public let problems: [Problem]
    public let verifier: CodeVerifier
    private let byID: [String: Problem]

    public init(problems: [Problem], verifier: CodeVerifier = CodeVerifier()) {
        self.problems = problems
        self.verifier = verifier
        byID = Dictionary(problems.map { ($0.taskID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads `humaneval/HumanEval.jsonl` from the data store.
    public init(store: EvalDataStore, verifier: CodeVerifier = CodeVerifier()) throws(EvalError) {
        self.init(problems: try JSONLines.read(try store.file(.humaneval), as: Problem.self), verifier: verifier)
    }

    public var items: [EvalItem] {
        problems.map { p in
            let text = "\(Self.instruction)\n```\n\(p.prompt.trimmingCharacters(in: .whitespacesAndNewlines))\n```\n"
            return EvalItem(id: p.taskID, messages: [.user(text)])
        }
    }

    public func score(itemID: String, response: String) async throws(EvalError) -> ItemVerdict {
        guard let p = byID[itemID] else { throw .scoringFailed(item: itemID, detail: "no such problem") }
        let result: CodeCheckResult
        do {
            result = try await verifier.check(response: response, tests: .python(code: p.test, entryPoint: p.entryPoint, prompt: p.prompt))
        } catch { throw .scoringFailed(item: itemID, detail: "\(error)") }
        return ItemVerdict(score: result.verdict == .pass ? 1 : 0, verdict: result.verdict.rawValue, detail: result.message)
    }

    public func metrics(_ verdicts: [ItemVerdict]) -> [EvalMetric] {
        [EvalMetric(name: "pass@1", value: Self.mean(verdicts))]
    }
}
