import FuseData

/// Named sampling settings: the paper's per-source presets and a greedy one.
public enum SamplingPreset: String, CaseIterable, Sendable {
    /// FuseChat-3.0 for Gemma, Mistral and Llama sources: temperature 0.8, top-p 0.95.
    case fusechat3 = "fusechat3"
    /// FuseChat-3.0 for Qwen sources: temperature 0.7, top-p 0.8, repetition penalty 1.05.
    case fusechat3Qwen = "fusechat3-qwen"
    /// Greedy decoding, for evaluation.
    case greedy

    /// The settings, with the given response-length limit.
    public func settings(maxTokens: Int = 2048) -> SamplingSettings {
        switch self {
        case .fusechat3: return SamplingSettings(temperature: 0.8, topP: 0.95, maxTokens: maxTokens)
        case .fusechat3Qwen:
            return SamplingSettings(temperature: 0.7, topP: 0.8, repetitionPenalty: 1.05, maxTokens: maxTokens)
        case .greedy: return SamplingSettings(temperature: 0, topP: 1, maxTokens: maxTokens)
        }
    }
}
