import FuseFormats

extension ModelConfiguration {
    /// Reads the configuration from GGUF metadata (`general.architecture`, `{arch}.block_count`,
    /// `{arch}.attention.head_count`, ...) and the tensors of the same file (vocabulary size from
    /// `token_embd.weight`, tied embeddings when `output.weight` is absent, Q/K/V biases).
    ///
    /// Values the file does not store take llama.cpp's defaults for the architecture: Gemma 3's
    /// local RoPE base 10,000, its 5:1 local/global pattern and `query_pre_attn_scalar` = head dim.
    public init(gguf metadata: [String: MetadataValue], tensors: TensorStore) throws(ModelConfigurationError) {
        let source = "GGUF metadata"
        guard let arch = metadata["general.architecture"]?.string else {
            throw .missingField("general.architecture", source: source)
        }
        func int(_ key: String) throws(ModelConfigurationError) -> Int {
            guard let v = metadata["\(arch).\(key)"]?.int else { throw .missingField("\(arch).\(key)", source: source) }
            return v
        }
        func optionalInt(_ key: String) -> Int? { metadata["\(arch).\(key)"]?.int }
        func optionalDouble(_ key: String) -> Double? { metadata["\(arch).\(key)"]?.double }

        guard let embedding = tensors.tensor(named: "token_embd.weight") else { throw .missingTensor("token_embd.weight") }
        let hidden = try int("embedding_length")
        let heads = try int("attention.head_count")
        let headDim = optionalInt("attention.key_length") ?? hidden / heads
        let layers = try int("block_count")
        let gemma3 = arch == "gemma3"
        let window = optionalInt("attention.sliding_window")
        let scaling = try Self.ggufRoPEScaling(metadata, arch: arch)
        self.init(
            architecture: arch, hiddenSize: hidden, layerCount: layers, headCount: heads,
            kvHeadCount: optionalInt("attention.head_count_kv") ?? heads, headDim: headDim,
            intermediateSize: try int("feed_forward_length"),
            vocabularySize: optionalInt("vocab_size") ?? embedding.shape[0],
            contextLength: optionalInt("context_length") ?? 2048,
            rmsNormEpsilon: Float(optionalDouble("attention.layer_norm_rms_epsilon") ?? 1e-5),
            ropeTheta: optionalDouble("rope.freq_base") ?? 10_000,
            localRopeTheta: gemma3 ? 10_000 : nil,
            ropeDimensions: optionalInt("rope.dimension_count"),
            ropeOrder: arch == "llama" ? .interleaved : .neox,
            ropeScaling: scaling,
            slidingWindow: gemma3 ? window : nil,
            slidingLayers: gemma3 ? Self.slidingPattern(layers: layers, period: 6) : [],
            tieWordEmbeddings: tensors.tensor(named: "output.weight") == nil,
            attentionBias: tensors.tensor(named: "blk.0.attn_q.bias") != nil,
            queryPreAttentionScalar: Double(headDim),
            finalLogitSoftcap: optionalDouble("final_logit_softcapping"),
            attentionLogitSoftcap: optionalDouble("attn_logit_softcapping"),
            normAddsOne: false)
    }

    /// Llama 3.1 scaling from `{arch}.rope.scaling.*` (llama.cpp stores the type as "llama3" only
    /// in newer files; a factor with low/high frequency factors means the same).
    private static func ggufRoPEScaling(_ metadata: [String: MetadataValue], arch: String) throws(ModelConfigurationError)
        -> RoPEScaling? {
        let prefix = "\(arch).rope.scaling."
        guard let factor = metadata[prefix + "factor"]?.double, factor != 1,
              let low = metadata[prefix + "low_freq_factor"]?.double,
              let high = metadata[prefix + "high_freq_factor"]?.double else { return nil }
        guard let original = metadata[prefix + "original_context_length"]?.int else {
            throw .missingField(prefix + "original_context_length", source: "GGUF metadata")
        }
        return RoPEScaling(factor: factor, lowFrequencyFactor: low, highFrequencyFactor: high,
                           originalContextLength: original)
    }
}
