import FuseFormats
import FuseTensor

/// The Llama family: SmolLM2, Llama 2/3.x (Llama 3.1's RoPE frequency scaling, from the config or
/// a GGUF `rope_freqs.weight` tensor) and Mistral. Pre-norm blocks with RMSNorm, grouped-query
/// attention with RoPE, SwiGLU MLP; output head tied to the embedding or not.
public final class LlamaModel: LanguageModel {
    public let configuration: ModelConfiguration
    private let decoder: TransformerDecoder

    /// `activations`: the arithmetic of small-batch (decode) products with quantized weights.
    public init(configuration: ModelConfiguration, store: TensorStore,
                activations: ActivationPrecision = .float32) throws(ModelConfigurationError) {
        self.configuration = configuration
        let reader = WeightReader(store: store)
        let factors = try reader.optionalVector("rope_freqs.weight", count: configuration.ropeDimensions / 2)
        decoder = TransformerDecoder(config: configuration, weights: try reader.decoder(configuration),
                          options: TransformerDecoder.Options(activations: activations), ropeFrequencyFactors: factors)
    }

    public func forward(_ batch: TokenBatch, cache: KVCache) throws(ModelError) -> Logits {
        try decoder.forward(batch, cache: cache)
    }
}
