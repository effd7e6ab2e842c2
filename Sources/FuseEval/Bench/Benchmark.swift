import FuseData
import FuseScoring

/// One prompt of a benchmark, as sent to the model.
public struct EvalItem: Sendable, Hashable {
    /// Stable id within the benchmark (the data set's own id where it has one).
    public var id: String
    /// The conversation sent to the model (rendered with the model's own chat template by the backend).
    public var messages: [ChatMessage]

    public init(id: String, messages: [ChatMessage]) {
        self.id = id
        self.messages = messages
    }
}

/// How one response was judged.
public struct ItemVerdict: Codable, Sendable, Equatable {
    /// 1 for a correct / passing response, 0 otherwise; for pairwise benchmarks the win value
    /// (1 win, 0.5 tie, 0 loss). IFEval: 1 when the prompt-level strict verdict holds.
    public var score: Double
    /// A word: `correct`, `incorrect`, `pass`, `fail`, `error`, `timeout`, `win`, `tie`, `loss`.
    public var verdict: String
    /// Why, in one line (the extracted answer, the failing test, the judge's choices).
    public var detail: String
    /// IFEval: each instruction's strict and loose verdict.
    public var instructions: [InstructionVerdict]?

    public init(score: Double, verdict: String, detail: String, instructions: [InstructionVerdict]? = nil) {
        self.score = score
        self.verdict = verdict
        self.detail = detail
        self.instructions = instructions
    }
}

/// One named number of a benchmark's summary (e.g. `accuracy`, `prompt_strict`).
public struct EvalMetric: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}

/// A benchmark: its prompts, how a response is scored, and how per-item verdicts are summarized.
public protocol Benchmark: Sendable {
    /// The name used on the command line and in file names (`gsm8k`, `humaneval`, ...).
    var name: String { get }
    /// The prompts, in the data set's order.
    var items: [EvalItem] { get }
    /// Scores one response to the item with this id.
    func score(itemID: String, response: String) async throws(EvalError) -> ItemVerdict
    /// The summary numbers over the per-item verdicts; the first is the headline score.
    func metrics(_ verdicts: [ItemVerdict]) -> [EvalMetric]
}

extension Benchmark {
    /// The mean of the verdicts' scores (0 when there are none).
    static func mean(_ verdicts: [ItemVerdict]) -> Double {
        verdicts.isEmpty ? 0 : verdicts.map(\.score).reduce(0, +) / Double(verdicts.count)
    }
}
