import Foundation
import FuseData
import FuseScoring

/// GSM8K-style grade-school word problems, zero-shot chain of thought, scored by the math verifier
/// against the gold number after `####`.
///
/// Prompt (DeepSeek-R1 / Qwen2.5-Math CoT wording, in the user turn so that templates without a
/// system role work too): `{question}\nPlease reason step by step, and put your final answer within \boxed{}.`
public struct GSM8KBenchmark: Benchmark {
    /// One problem: the question and its gold final answer.
    public struct Problem: Codable, Sendable, Hashable {
        public var id: String
        public var question: String
        public var gold: String

        public init(id: String, question: String, gold: String) {
            self.id = id
            self.question = question
            self.gold = gold
        }
    }

    /// The instruction appended to every question.
    public static let instruction = "Please reason step by step, and put your final answer within \\boxed{}."

    public let name = "gsm8k"
    public let problems: [Problem]
    private let gold: [String: String]

    public init(problems: [Problem]) {
        self.problems = problems
        gold = Dictionary(problems.map { ($0.id, $0.gold) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads `gsm8k/test100.jsonl` from the data store.
    public init(store: EvalDataStore) throws(EvalError) {
        self.init(problems: try JSONLines.read(try store.file(.gsm8k), as: Problem.self))
    }

    public var items: [EvalItem] {
        problems.map { EvalItem(id: $0.id, messages: [.user("\($0.question)\n\(Self.instruction)")]) }
    }

    public func score(itemID: String, response: String) async throws(EvalError) -> ItemVerdict {
        guard let gold = gold[itemID] else { throw .scoringFailed(item: itemID, detail: "no such problem") }
        let verdict = MathVerifier.verify(gold: gold, response: response)
        return ItemVerdict(score: verdict.correct ? 1 : 0, verdict: verdict.correct ? "correct" : "incorrect",
                           detail: "gold \(gold), extracted \(verdict.extracted ?? "nothing"): \(verdict.reason)")
    }

    public func metrics(_ verdicts: [ItemVerdict]) -> [EvalMetric] {
        [EvalMetric(name: "accuracy", value: Self.mean(verdicts))]
    }
}
