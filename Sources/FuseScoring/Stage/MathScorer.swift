import FuseData

/// Rule-based math verification: the response's final answer against the prompt's gold answer.
public struct MathScorer: SampleScorer {
    public let name = "math"
    public let version = "math-verifier@1"

    public init() {}

    public func applies(to prompt: PromptRecord) -> Bool { prompt.domain == .math && prompt.reference != nil }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        let verdict = MathVerifier.verify(gold: prompt.reference ?? "", response: sample.text)
        return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, value: verdict.correct ? 1 : 0,
                           verdict: verdict.correct ? .correct : .incorrect, details: verdict.reason)
    }
}
