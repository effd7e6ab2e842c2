import FuseData

/// One way of scoring a sample; the score stage runs every scorer that applies to a prompt.
public protocol SampleScorer: Sendable {
    /// The name scores are stored under (`math`, `code`, `constraints`, `reward`, `judge`).
    var name: String { get }
    /// Implementation and version, recorded with every score.
    var version: String { get }
    /// Whether this scorer has anything to say about responses to this prompt.
    func applies(to prompt: PromptRecord) -> Bool
    /// Scores one response; failures to score are recorded in the score (verdict `error`).
    func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord
}
