import Foundation

extension ModelConfiguration {
    /// Reads a Hugging Face `config.json` (`model_type` llama, mistral, qwen2, gemma3 or
    /// gemma3_text). Missing optional fields take the defaults of the `transformers` config class.
    public init(huggingFaceConfig data: Data) throws(ModelConfigurationError) {
        let raw: HuggingFaceConfig
        do {
            raw = try JSONDecoder().decode(HuggingFaceConfig.self, from: data)
        } catch {
            throw .badJSON(String(describing: error))
        }
        let config = raw.textConfig ?? raw
        guard let type = config.modelType ?? raw.modelType else { throw .missingField("model_type", source: "config.json") }
        let architecture: String
        switch type {
        case "llama", "mistral": architecture = "llama"
        case "qwen2": architecture = "qwen2"
        case "gemma3", "gemma3_text": architecture = "gemma3"
        default: throw .unknownArchitecture(type)
        }
        func need<T>(_ value: T?, _ field: String) throws(ModelConfigurationError) -> T {
            guard let value else { throw .missingField(field, source: "config.json") }
            return value
        }
        let gemma = architecture == "gemma3"
        let layers = try need(config.numHiddenLayers, "num_hidden_layers")
        let heads = try need(config.numAttentionHeads, "num_attention_heads")
        let hidden = try need(config.hiddenSize, "hidden_size")
        var scaling: RoPEScaling?
        if let s = config.ropeScaling ?? config.ropeParameters, s.ropeType == "llama3" {
            scaling = RoPEScaling(
                factor: try need(s.factor, "rope_scaling.factor"),
                lowFrequencyFactor: try need(s.lowFreqFactor, "rope_scaling.low_freq_factor"),
                highFrequencyFactor: try need(s.highFreqFactor, "rope_scaling.high_freq_factor"),
                originalContextLength: try need(s.originalMaxPositionEmbeddings, "rope_scaling.original_max_position_embeddings"))
        } else if let s = config.ropeScaling, let kind = s.ropeType, kind != "default" {
            throw .badValue(field: "rope_scaling.rope_type", value: kind, expected: "llama3 or default")
        }
        var sliding: [Bool] = []
        if let types = config.layerTypes {
            sliding = types.map { $0 == "sliding_attention" }
        } else if gemma {
            sliding = Self.slidingPattern(layers: layers, period: config.slidingWindowPattern ?? 6)
        } else if config.slidingWindow != nil, config.useSlidingWindow ?? (type == "mistral") {
            sliding = Array(repeating: true, count: layers)
        }
        let window = sliding.contains(true) ? config.slidingWindow : nil
        self.init(
            architecture: architecture, hiddenSize: hidden, layerCount: layers, headCount: heads,
            kvHeadCount: config.numKeyValueHeads ?? heads, headDim: config.headDim ?? (gemma ? 256 : nil),
            intermediateSize: try need(config.intermediateSize, "intermediate_size"),
            vocabularySize: try need(config.vocabSize, "vocab_size"),
            contextLength: config.maxPositionEmbeddings ?? 2048,
            rmsNormEpsilon: Float(config.rmsNormEps ?? (gemma ? 1e-6 : 1e-5)),
            ropeTheta: config.ropeTheta ?? config.ropeParameters?.ropeTheta
                ?? config.ropeParametersByLayer?["full_attention"]?.ropeTheta ?? (gemma ? 1_000_000 : 10_000),
            localRopeTheta: gemma
                ? (config.ropeLocalBaseFreq ?? config.ropeParametersByLayer?["sliding_attention"]?.ropeTheta ?? 10_000) : nil,
            ropeOrder: .neox,
            ropeScaling: scaling,
            slidingWindow: window,
            slidingLayers: window == nil ? [] : sliding,
            tieWordEmbeddings: config.tieWordEmbeddings ?? raw.tieWordEmbeddings ?? gemma,
            attentionBias: config.attentionBias ?? (architecture == "qwen2"),
            queryPreAttentionScalar: config.queryPreAttnScalar ?? (gemma ? 256 : nil),
            finalLogitSoftcap: config.finalLogitSoftcapping,
            attentionLogitSoftcap: config.attnLogitSoftcapping,
            normAddsOne: gemma)
    }
}

/// The fields of a `transformers` config.json that FuseModels reads.
private final class HuggingFaceConfig: Decodable {
    struct RoPE: Decodable {
        var ropeType: String?
        var ropeTheta: Double?
        var factor: Double?
        var lowFreqFactor: Double?
        var highFreqFactor: Double?
        var originalMaxPositionEmbeddings: Int?

        enum CodingKeys: String, CodingKey {
            case ropeType = "rope_type", type, ropeTheta = "rope_theta", factor
            case lowFreqFactor = "low_freq_factor", highFreqFactor = "high_freq_factor"
            case originalMaxPositionEmbeddings = "original_max_position_embeddings"
        }

        init(from decoder: Swift.Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            ropeType = try c.decodeIfPresent(String.self, forKey: .ropeType) ?? c.decodeIfPresent(String.self, forKey: .type)
            ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta)
            factor = try c.decodeIfPresent(Double.self, forKey: .factor)
            lowFreqFactor = try c.decodeIfPresent(Double.self, forKey: .lowFreqFactor)
            highFreqFactor = try c.decodeIfPresent(Double.self, forKey: .highFreqFactor)
            originalMaxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .originalMaxPositionEmbeddings)
        }
    }

    var modelType: String?
    var textConfig: HuggingFaceConfig?
    var hiddenSize, numHiddenLayers, numAttentionHeads, numKeyValueHeads, headDim: Int?
    var intermediateSize, vocabSize, maxPositionEmbeddings, slidingWindow, slidingWindowPattern: Int?
    var rmsNormEps, ropeTheta, ropeLocalBaseFreq, queryPreAttnScalar: Double?
    var finalLogitSoftcapping, attnLogitSoftcapping: Double?
    var tieWordEmbeddings, attentionBias, useSlidingWindow: Bool?
    var layerTypes: [String]?
    var ropeScaling: RoPE?
    /// transformers 5 writes `rope_parameters` either flat or keyed by layer type (Gemma 3).
    var ropeParameters: RoPE?
    var ropeParametersByLayer: [String: RoPE]?

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type", textConfig = "text_config", hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads", headDim = "head_dim", intermediateSize = "intermediate_size"
        case vocabSize = "vocab_size", maxPositionEmbeddings = "max_position_embeddings"
        case slidingWindow = "sliding_window", slidingWindowPattern = "sliding_window_pattern"
        case rmsNormEps = "rms_norm_eps", ropeTheta = "rope_theta", ropeLocalBaseFreq = "rope_local_base_freq"
        case queryPreAttnScalar = "query_pre_attn_scalar", finalLogitSoftcapping = "final_logit_softcapping"
        case attnLogitSoftcapping = "attn_logit_softcapping", tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias", useSlidingWindow = "use_sliding_window", layerTypes = "layer_types"
        case ropeScaling = "rope_scaling", ropeParameters = "rope_parameters"
    }

    init(from decoder: Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType)
        textConfig = try c.decodeIfPresent(HuggingFaceConfig.self, forKey: .textConfig)
        hiddenSize = try c.decodeIfPresent(Int.self, forKey: .hiddenSize)
        numHiddenLayers = try c.decodeIfPresent(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decodeIfPresent(Int.self, forKey: .numAttentionHeads)
        numKeyValueHeads = try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads)
        headDim = try c.decodeIfPresent(Int.self, forKey: .headDim)
        intermediateSize = try c.decodeIfPresent(Int.self, forKey: .intermediateSize)
        vocabSize = try c.decodeIfPresent(Int.self, forKey: .vocabSize)
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings)
        slidingWindow = try? c.decodeIfPresent(Int.self, forKey: .slidingWindow)
        slidingWindowPattern = try c.decodeIfPresent(Int.self, forKey: .slidingWindowPattern)
        rmsNormEps = try c.decodeIfPresent(Double.self, forKey: .rmsNormEps)
        ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta)
        ropeLocalBaseFreq = try c.decodeIfPresent(Double.self, forKey: .ropeLocalBaseFreq)
        queryPreAttnScalar = try c.decodeIfPresent(Double.self, forKey: .queryPreAttnScalar)
        finalLogitSoftcapping = try c.decodeIfPresent(Double.self, forKey: .finalLogitSoftcapping)
        attnLogitSoftcapping = try c.decodeIfPresent(Double.self, forKey: .attnLogitSoftcapping)
        tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings)
        attentionBias = try c.decodeIfPresent(Bool.self, forKey: .attentionBias)
        useSlidingWindow = try c.decodeIfPresent(Bool.self, forKey: .useSlidingWindow)
        layerTypes = try c.decodeIfPresent([String].self, forKey: .layerTypes)
        ropeScaling = try c.decodeIfPresent(RoPE.self, forKey: .ropeScaling)
        if let byLayer = try? c.decodeIfPresent([String: RoPE].self, forKey: .ropeParameters),
           byLayer["full_attention"] != nil || byLayer["sliding_attention"] != nil {
            ropeParametersByLayer = byLayer
        } else {
            ropeParameters = try c.decodeIfPresent(RoPE.self, forKey: .ropeParameters)
        }
    }
}
