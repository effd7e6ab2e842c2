/// How to draw tokens: the OpenAI / vLLM sampling parameters.
///
/// Logits are processed in vLLM's order: repetition penalty (over prompt and output tokens),
/// presence and frequency penalties (output tokens only), temperature, then top-k, top-p and
/// min-p filtering. A temperature of 0 means greedy decoding.
public struct GenerationParameters: Sendable, Hashable, Codable {
    public var temperature: Double
    public var topP: Double
    /// Keep only the `topK` most likely tokens (`nil` or ≤ 0: no limit).
    public var topK: Int?
    /// Drop tokens whose probability is below `minP` × the largest probability.
    public var minP: Double?
    /// > 1 discourages tokens already seen in the prompt or output (divides positive logits,
    /// multiplies negative ones, as Hugging Face and vLLM do).
    public var repetitionPenalty: Double?
    /// Subtracted once from the logit of every token already generated.
    public var presencePenalty: Double
    /// Subtracted from a token's logit once per time it was generated.
    public var frequencyPenalty: Double
    /// The same seed, prompt and parameters give the same text; `nil` draws a fresh seed.
    public var seed: UInt64?
    public var maxTokens: Int
    /// Generation stops before the first occurrence of any of these strings (not included).
    public var stop: [String]
    /// Extra token ids that end generation (the model's end-of-turn tokens always do).
    public var stopTokens: [Int]
    /// Return the log-probability of each chosen token (from the model's raw distribution).
    public var logprobs: Bool
    /// With `logprobs`, also the `topLogprobs` most likely alternatives at each step (0...20).
    public var topLogprobs: Int

    public init(temperature: Double = 1, topP: Double = 1, topK: Int? = nil, minP: Double? = nil,
                repetitionPenalty: Double? = nil, presencePenalty: Double = 0, frequencyPenalty: Double = 0,
                seed: UInt64? = nil, maxTokens: Int = 256, stop: [String] = [], stopTokens: [Int] = [],
                logprobs: Bool = false, topLogprobs: Int = 0) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.seed = seed
        self.maxTokens = maxTokens
        self.stop = stop
        self.stopTokens = stopTokens
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
    }

    /// Greedy decoding of up to `maxTokens` tokens.
    public static func greedy(maxTokens: Int = 256) -> GenerationParameters {
        GenerationParameters(temperature: 0, maxTokens: maxTokens)
    }

    /// Checks every value's range; the error names the field, as an API user would send it.
    public func validate() throws(GenerationError) {
        func bad(_ field: String, _ value: Any, _ expected: String) -> GenerationError {
            .invalidParameter(field: field, value: "\(value)", expected: expected)
        }
        guard temperature.isFinite, temperature >= 0 else { throw bad("temperature", temperature, "a number >= 0") }
        guard topP.isFinite, topP > 0, topP <= 1 else { throw bad("top_p", topP, "a number in (0, 1]") }
        if let minP, !(minP.isFinite && minP >= 0 && minP <= 1) { throw bad("min_p", minP, "a number in [0, 1]") }
        if let r = repetitionPenalty, !(r.isFinite && r > 0) { throw bad("repetition_penalty", r, "a number > 0") }
        guard presencePenalty.isFinite, abs(presencePenalty) <= 2 else {
            throw bad("presence_penalty", presencePenalty, "a number in [-2, 2]")
        }
        guard frequencyPenalty.isFinite, abs(frequencyPenalty) <= 2 else {
            throw bad("frequency_penalty", frequencyPenalty, "a number in [-2, 2]")
        }
        guard maxTokens >= 1 else { throw bad("max_tokens", maxTokens, "an integer >= 1") }
        guard (0...20).contains(topLogprobs) else { throw bad("top_logprobs", topLogprobs, "an integer in [0, 20]") }
        guard stop.count <= 16, stop.allSatisfy({ !$0.isEmpty }) else {
            throw bad("stop", stop, "at most 16 non-empty strings")
        }
    }
}
