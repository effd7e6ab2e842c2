/// The sampling parameters a response was actually drawn with (after presets and server
/// defaults), recorded beside every sample.
public struct SamplingSettings: Codable, Sendable, Hashable {
    public var temperature: Double
    public var topP: Double
    public var topK: Int?
    public var minP: Double?
    public var repetitionPenalty: Double?
    public var maxTokens: Int

    public init(temperature: Double = 0.8, topP: Double = 0.95, topK: Int? = nil, minP: Double? = nil,
                repetitionPenalty: Double? = nil, maxTokens: Int = 2048) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.maxTokens = maxTokens
    }

    enum CodingKeys: String, CodingKey {
        case temperature
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case repetitionPenalty = "repetition_penalty"
        case maxTokens = "max_tokens"
    }
}

/// One response of one source model to one prompt.
public struct SampleRecord: Codable, Sendable, Hashable, Identifiable {
    /// `"<prompt id>/<source>/<sample index>"`: unique and stable across reruns.
    public var id: String
    public var promptId: String
    /// The source's name in the recipe.
    public var source: String
    public var sampleIndex: Int
    public var text: String
    /// Response tokens as counted by the source's own tokenizer (or the server's usage).
    public var tokenCount: Int?
    /// `stop`, `length`, ...
    public var finishReason: String
    public var settings: SamplingSettings
    public var seed: UInt64?
    /// `local:<model>` or `openai:<base url>`.
    public var backend: String
    public var latencyMs: Double?

    public init(promptId: String, source: String, sampleIndex: Int, text: String, tokenCount: Int?,
                finishReason: String, settings: SamplingSettings, seed: UInt64?, backend: String,
                latencyMs: Double?) {
        self.id = SampleRecord.id(promptId: promptId, source: source, sampleIndex: sampleIndex)
        self.promptId = promptId
        self.source = source
        self.sampleIndex = sampleIndex
        self.text = text
        self.tokenCount = tokenCount
        self.finishReason = finishReason
        self.settings = settings
        self.seed = seed
        self.backend = backend
        self.latencyMs = latencyMs
    }

    /// The id a sample of this prompt, source and index has.
    public static func id(promptId: String, source: String, sampleIndex: Int) -> String {
        "\(promptId)/\(source)/\(sampleIndex)"
    }

    enum CodingKeys: String, CodingKey {
        case id, source, text, settings, seed, backend
        case promptId = "prompt_id"
        case sampleIndex = "sample_index"
        case tokenCount = "token_count"
        case finishReason = "finish_reason"
        case latencyMs = "latency_ms"
    }
}

/// A sample that could not be obtained after the last retry; kept so a rerun can retry it and a
/// report can say why it is missing.
public struct SampleFailure: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var promptId: String
    public var source: String
    public var sampleIndex: Int
    public var attempts: Int
    public var error: String

    public init(promptId: String, source: String, sampleIndex: Int, attempts: Int, error: String) {
        self.id = SampleRecord.id(promptId: promptId, source: source, sampleIndex: sampleIndex)
        self.promptId = promptId
        self.source = source
        self.sampleIndex = sampleIndex
        self.attempts = attempts
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id, source, attempts, error
        case promptId = "prompt_id"
        case sampleIndex = "sample_index"
    }
}
