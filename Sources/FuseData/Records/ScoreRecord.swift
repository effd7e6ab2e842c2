/// A scorer's judgement of one sample.
public struct ScoreRecord: Codable, Sendable, Hashable, Identifiable {
    /// Outcome of a rule-based check.
    public enum Verdict: String, Codable, Sendable, Hashable {
        case correct, incorrect, pass, fail, error, timeout

        /// Whether this verdict counts as a correct response for the pair rules.
        public var isCorrect: Bool { self == .correct || self == .pass }
    }

    /// `"<sample id>#<scorer>"`.
    public var id: String
    public var sampleId: String
    /// Scorer name (`reward`, `math`, `code`, `constraints`, `judge`).
    public var scorer: String
    /// Scorer implementation and version, e.g. `math-verifier@1` or the reward model's name.
    public var scorerVersion: String
    /// A real-valued score (reward model, judge, fraction of constraints met).
    public var value: Double?
    public var verdict: Verdict?
    /// Why: extracted answer, failing test, judge rationale...
    public var details: String?
    /// The scorer could not judge the response for a reason outside it (reward server down,
    /// judge request failed, sandbox unavailable): the score stage logs such a record in
    /// `score_failures.jsonl` instead of `scores.jsonl`, so the next run tries again.
    public var retryable: Bool?

    public init(sampleId: String, scorer: String, scorerVersion: String, value: Double? = nil,
                verdict: Verdict? = nil, details: String? = nil) {
        self.id = "\(sampleId)#\(scorer)"
        self.sampleId = sampleId
        self.scorer = scorer
        self.scorerVersion = scorerVersion
        self.value = value
        self.verdict = verdict
        self.details = details
    }

    enum CodingKeys: String, CodingKey {
        case id, scorer, value, verdict, details, retryable
        case sampleId = "sample_id"
        case scorerVersion = "scorer_version"
    }
}

extension ScoreRecord {
    /// A score that could not be made for a reason outside the response (see `retryable`).
    public static func unavailable(sampleId: String, scorer: String, scorerVersion: String, details: String) -> ScoreRecord {
        var record = ScoreRecord(sampleId: sampleId, scorer: scorer, scorerVersion: scorerVersion, verdict: .error, details: details)
        record.retryable = true
        return record
    }
}
