import FuseData

/// One item's saved result: what was asked, what the model answered, and the verdict
/// (a line of `<bench>.jsonl` in the output folder).
public struct EvalResult: Codable, Sendable, Identifiable, Equatable {
    /// The item's id within the benchmark.
    public var id: String
    public var benchmark: String
    /// The conversation sent to the model.
    public var messages: [ChatMessage]
    public var response: String
    /// `stop`, `length`, ...
    public var finishReason: String
    public var verdict: ItemVerdict

    public init(id: String, benchmark: String, messages: [ChatMessage], response: String, finishReason: String, verdict: ItemVerdict) {
        self.id = id
        self.benchmark = benchmark
        self.messages = messages
        self.response = response
        self.finishReason = finishReason
        self.verdict = verdict
    }

    enum CodingKeys: String, CodingKey {
        case id, benchmark, messages, response, verdict
        case finishReason = "finish_reason"
    }
}

/// A benchmark's summary (`<bench>.summary.json`): the numbers over the items scored so far.
public struct EvalSummary: Codable, Sendable, Equatable {
    public var benchmark: String
    /// The model's backend identifier (`openai:<url>#<model>`, `local:<model>`).
    public var model: String
    /// Items asked for (after `--limit`) and items with a saved result.
    public var items: Int
    public var scored: Int
    public var metrics: [EvalMetric]
    public var settings: SamplingSettings

    /// The headline number (the first metric).
    public var headline: EvalMetric? { metrics.first }
}
