/// The outcome of checking one response against a gold answer.
public struct MathVerdict: Sendable, Codable, Equatable {
    /// Whether the response's final answer is equivalent to the gold answer.
    public let correct: Bool
    /// The rule that found the response's final answer; `nil` when none was found.
    public let rule: ExtractionRule?
    /// The answer text taken from the response, before normalisation.
    public let extracted: String?
    /// The gold answer as parsed, rendered.
    public let goldNormalized: String
    /// The response's answer as parsed, rendered.
    public let responseNormalized: String?
    /// Why the verdict is what it is, in one line.
    public let reason: String
}
