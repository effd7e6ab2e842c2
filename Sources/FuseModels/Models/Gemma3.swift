import FuseFormats
import FuseTensor

/// Gemma 3 (text): token embeddings scaled by √hidden; RMSNorm with (1 + w) (GGUF files store
/// 1 + w already, Hugging Face checkpoints store w); per-head RMSNorm of queries and keys; norms
/// both before and after attention and the MLP; GeGLU (GELU-tanh) MLP; five sliding-window layers
/// (window 512, RoPE base 10,000) then one global layer (RoPE base 1,000,000); attention scaled by
/// 1/√query_pre_attn_scalar; output head tied to the embedding.
public final class Gemma3Model: LanguageModel {
    public let configuration: ModelConfiguration
    private let decoder: TransformerDecoder

    /// `activations`: the arithmetic of small-batch (decode) products with quantized weights.
    public init(configuration: ModelConfiguration, store: TensorStore,
                activations: ActivationPrecision = .float32) throws(ModelConfigurationError) {
        self.configuration = configuration
        var reader = WeightReader(store: store)
        reader.huggingFaceNames = Self.huggingFaceName
        let options = TransformerDecoder.Options(
            embeddingScale: Float(Double(configuration.hiddenSize).squareRoot()), activation: .geglu,
            activations: activations)
        decoder = TransformerDecoder(config: configuration,
                          weights: try reader.decoder(configuration, postNorms: true, qkNorms: true),
                          options: options)
    }

    public func forward(_ batch: TokenBatch, cache: KVCache) throws(ModelError) -> Logits {
        try decoder.forward(batch, cache: cache)
    }

    /// Gemma's Hugging Face norm names: `pre_feedforward_layernorm` before the MLP,
    /// `post_attention_layernorm` after attention.
    private static func huggingFaceName(_ part: LayerPart, layer: Int) -> String {
        switch part {
        case .ffnNorm: return "model.layers.\(layer).pre_feedforward_layernorm.weight"
        default: return part.huggingFaceName(layer: layer)
        }
    }
}
