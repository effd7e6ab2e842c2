import FuseFormats
import FuseTensor

/// Qwen2 / Qwen2.5: the Llama block with biases on the Q, K and V projections, NeoX RoPE, and an
/// output head that is tied to the embedding (small models) or separate (Qwen2.5-Coder GGUF).
public final class Qwen2Model: LanguageModel {
    public let configuration: ModelConfiguration
    private let decoder: TransformerDecoder

    /// `activations`: the arithmetic of small-batch (decode) products with quantized weights.
    public init(configuration: ModelConfiguration, store: TensorStore,
                activations: ActivationPrecision = .float32) throws(ModelConfigurationError) {
        guard configuration.attentionBias else {
            throw .badValue(field: "attention_bias", value: "false", expected: "true for qwen2")
        }
        self.configuration = configuration
        decoder = TransformerDecoder(config: configuration, weights: try WeightReader(store: store).decoder(configuration),
                          options: TransformerDecoder.Options(activations: activations))
    }

    public func forward(_ batch: TokenBatch, cache: KVCache) throws(ModelError) -> Logits {
        try decoder.forward(batch, cache: cache)
    }
}
