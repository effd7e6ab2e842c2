/// The shape and numerics of a decoder-only transformer, for every architecture FuseModels runs
/// (Llama family, Qwen2, Gemma 3). Built from GGUF metadata (`ModelConfiguration(gguf:)`) or from a
/// Hugging Face `config.json` (`ModelConfiguration(huggingFaceConfig:)`); architectures read only
/// the fields that concern them.
public struct ModelConfiguration: Codable, Sendable, Equatable {
    /// Which pairs of a head's dimensions RoPE rotates together. GGUF Llama files store Q and K
    /// permuted for llama.cpp's adjacent-pair mode; Hugging Face checkpoints (and GGUF Qwen2,
    /// Gemma 3) use the half-split NeoX order.
    public enum RoPEOrder: String, Codable, Sendable { case interleaved, neox }

    /// Llama 3.1's frequency scaling (`rope_scaling.rope_type = "llama3"`).
    public struct RoPEScaling: Codable, Sendable, Equatable {
        public var factor: Double
        public var lowFrequencyFactor: Double
        public var highFrequencyFactor: Double
        public var originalContextLength: Int

        public init(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double, originalContextLength: Int) {
            self.factor = factor
            self.lowFrequencyFactor = lowFrequencyFactor
            self.highFrequencyFactor = highFrequencyFactor
            self.originalContextLength = originalContextLength
        }

        enum CodingKeys: String, CodingKey {
            case factor
            case lowFrequencyFactor = "low_freq_factor"
            case highFrequencyFactor = "high_freq_factor"
            case originalContextLength = "original_max_position_embeddings"
        }
    }

    /// Registry key: `llama`, `qwen2` or `gemma3` (GGUF `general.architecture`).
    public var architecture: String
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    /// Longest context the model was trained for.
    public var contextLength: Int
    public var rmsNormEpsilon: Float
    /// RoPE base of the global (or only) attention layers.
    public var ropeTheta: Double
    /// RoPE base of sliding-window layers when it differs (Gemma 3: 10,000).
    public var localRopeTheta: Double?
    /// Rotated dimensions per head (default: the whole head).
    public var ropeDimensions: Int
    public var ropeOrder: RoPEOrder
    public var ropeScaling: RoPEScaling?
    /// Attention window of sliding-window layers (tokens, including the query's own).
    public var slidingWindow: Int?
    /// Which layers use the sliding window (empty: none do).
    public var slidingLayers: [Bool]
    public var tieWordEmbeddings: Bool
    /// Q, K and V projections carry biases (Qwen2).
    public var attentionBias: Bool
    /// Attention logits are scaled by 1/√(this) (Gemma: `query_pre_attn_scalar`; default head dim).
    public var queryPreAttentionScalar: Double
    /// Final logits become cap · tanh(logit / cap) (Gemma 2).
    public var finalLogitSoftcap: Double?
    /// Attention logits soft-cap (Gemma 2).
    public var attentionLogitSoftcap: Double?
    /// RMSNorm weights are stored as w and used as (1 + w) (Gemma checkpoints from Hugging Face;
    /// Gemma GGUF files already store 1 + w).
    public var normAddsOne: Bool

    public init(architecture: String, hiddenSize: Int, layerCount: Int, headCount: Int, kvHeadCount: Int,
                headDim: Int? = nil, intermediateSize: Int, vocabularySize: Int, contextLength: Int = 2048,
                rmsNormEpsilon: Float = 1e-5, ropeTheta: Double = 10_000, localRopeTheta: Double? = nil,
                ropeDimensions: Int? = nil, ropeOrder: RoPEOrder = .neox, ropeScaling: RoPEScaling? = nil,
                slidingWindow: Int? = nil, slidingLayers: [Bool] = [], tieWordEmbeddings: Bool = false,
                attentionBias: Bool = false, queryPreAttentionScalar: Double? = nil,
                finalLogitSoftcap: Double? = nil, attentionLogitSoftcap: Double? = nil, normAddsOne: Bool = false) {
        let head = headDim ?? hiddenSize / headCount
        self.architecture = architecture
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = head
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.rmsNormEpsilon = rmsNormEpsilon
        self.ropeTheta = ropeTheta
        self.localRopeTheta = localRopeTheta
        self.ropeDimensions = ropeDimensions ?? head
        self.ropeOrder = ropeOrder
        self.ropeScaling = ropeScaling
        self.slidingWindow = slidingWindow
        self.slidingLayers = slidingLayers
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
        self.queryPreAttentionScalar = queryPreAttentionScalar ?? Double(head)
        self.finalLogitSoftcap = finalLogitSoftcap
        self.attentionLogitSoftcap = attentionLogitSoftcap
        self.normAddsOne = normAddsOne
    }

    /// Whether layer `index` attends through the sliding window.
    public func isSliding(layer index: Int) -> Bool {
        slidingWindow != nil && index < slidingLayers.count && slidingLayers[index]
    }

    /// The RoPE base of layer `index`.
    public func ropeBase(layer index: Int) -> Double {
        isSliding(layer: index) ? (localRopeTheta ?? ropeTheta) : ropeTheta
    }

    /// Gemma 3's layer pattern: `period − 1` sliding-window layers, then one global layer.
    static func slidingPattern(layers: Int, period: Int) -> [Bool] {
        (0..<layers).map { ($0 + 1) % period != 0 }
    }

    enum CodingKeys: String, CodingKey {
        case architecture
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case kvHeadCount = "num_key_value_heads"
        case headDim = "head_dim"
        case intermediateSize = "intermediate_size"
        case vocabularySize = "vocab_size"
        case contextLength = "max_position_embeddings"
        case rmsNormEpsilon = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case localRopeTheta = "rope_local_base_freq"
        case ropeDimensions = "rope_dimensions"
        case ropeOrder = "rope_order"
        case ropeScaling = "rope_scaling"
        case slidingWindow = "sliding_window"
        case slidingLayers = "sliding_layers"
        case tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias"
        case queryPreAttentionScalar = "query_pre_attn_scalar"
        case finalLogitSoftcap = "final_logit_softcapping"
        case attentionLogitSoftcap = "attn_logit_softcapping"
        case normAddsOne = "norm_adds_one"
    }
}
