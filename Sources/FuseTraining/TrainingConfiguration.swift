/// The shape of a trainable Llama-family or Qwen2 decoder.
///
/// FuseModels does not expose a shared model configuration yet, so training keeps this minimal one;
/// it reads the same Hugging Face `config.json` keys (`Codable` with snake_case names).
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headSize: Int
    public var ropeTheta: Double
    public var rmsEpsilon: Float
    /// The LM head reuses the token embedding matrix (SmolLM2, small Qwen2 models).
    public var tieWordEmbeddings: Bool
    /// q, k and v projections carry biases (Qwen2).
    public var attentionBias: Bool

    public init(vocabularySize: Int, hiddenSize: Int, intermediateSize: Int, layerCount: Int, headCount: Int,
                kvHeadCount: Int, headSize: Int? = nil, ropeTheta: Double = 10000, rmsEpsilon: Float = 1e-5,
                tieWordEmbeddings: Bool, attentionBias: Bool) {
        self.vocabularySize = vocabularySize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headSize = headSize ?? hiddenSize / headCount
        self.ropeTheta = ropeTheta
        self.rmsEpsilon = rmsEpsilon
        self.tieWordEmbeddings = tieWordEmbeddings
        self.attentionBias = attentionBias
    }

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case layerCount = "num_hidden_layers", headCount = "num_attention_heads"
        case kvHeadCount = "num_key_value_heads", headSize = "head_dim", ropeTheta = "rope_theta"
        case rmsEpsilon = "rms_norm_eps", tieWordEmbeddings = "tie_word_embeddings", attentionBias = "attention_bias"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let hidden = try c.decode(Int.self, forKey: .hiddenSize)
        let heads = try c.decode(Int.self, forKey: .headCount)
        self.init(vocabularySize: try c.decode(Int.self, forKey: .vocabularySize), hiddenSize: hidden,
                  intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
                  layerCount: try c.decode(Int.self, forKey: .layerCount), headCount: heads,
                  kvHeadCount: try c.decodeIfPresent(Int.self, forKey: .kvHeadCount) ?? heads,
                  headSize: try c.decodeIfPresent(Int.self, forKey: .headSize),
                  ropeTheta: try c.decodeIfPresent(Double.self, forKey: .ropeTheta) ?? 10000,
                  rmsEpsilon: try c.decodeIfPresent(Float.self, forKey: .rmsEpsilon) ?? 1e-5,
                  tieWordEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false,
                  attentionBias: try c.decodeIfPresent(Bool.self, forKey: .attentionBias) ?? false)
    }

    /// Width of the concatenated query heads.
    public var queryWidth: Int { headCount * headSize }
    /// Width of the concatenated key (or value) heads.
    public var kvWidth: Int { kvHeadCount * headSize }
}
