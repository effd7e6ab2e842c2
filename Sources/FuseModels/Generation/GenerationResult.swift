/// What was asked of the engine: a tokenized prompt, how to sample, and how many samples.
public struct GenerationRequest: Sendable {
    public var prompt: [Int]
    public var parameters: GenerationParameters
    /// Independent samples of the same prompt (the prompt is prefilled once and shared).
    public var n: Int

    public init(prompt: [Int], parameters: GenerationParameters, n: Int = 1) {
        self.prompt = prompt
        self.parameters = parameters
        self.n = n
    }
}

/// Why a sequence ended, with OpenAI's names.
public enum FinishReason: String, Sendable, Codable, Equatable {
    /// An end-of-turn token, a stop token or a stop string.
    case stop
    /// `max_tokens` reached, or the context is full.
    case length
}

/// The log-probability of one generated token and its most likely alternatives.
public struct TokenLogprob: Sendable, Equatable, Codable {
    public struct Alternative: Sendable, Equatable, Codable {
        public var token: Int
        public var logprob: Double
    }

    public var token: Int
    public var logprob: Double
    /// Most likely first.
    public var top: [Alternative]
}

/// One finished sample.
public struct GeneratedSequence: Sendable, Equatable {
    /// The sample's index within its request (0..<n).
    public var index: Int
    /// Generated token ids, including a final end-of-turn or stop token if one ended it.
    public var tokens: [Int]
    /// The decoded text, special tokens skipped, cut before a stop string.
    public var text: String
    public var finishReason: FinishReason
    /// The stop string or token id that ended it, if any.
    public var stoppedBy: String?
    /// One entry per generated token when log-probs were asked for.
    public var logprobs: [TokenLogprob]?
    public var promptTokenCount: Int
    /// The seed this sample was drawn with (the request's seed, or a fresh one).
    public var seed: UInt64
}

/// Streamed text of one sample of a request, as it becomes final (stop strings held back until
/// they can no longer match).
public struct GenerationDelta: Sendable {
    public var index: Int
    public var text: String
}
