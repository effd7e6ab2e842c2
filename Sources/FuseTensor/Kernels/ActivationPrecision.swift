/// How the small-batch (decode) matrix-vector products multiply quantized weights by the
/// activations X.
public enum ActivationPrecision: String, Sendable, Codable, CaseIterable {
    /// X stays Float32 and each weight is decoded to a float: the product equals a float64 product
    /// with the dequantized weights to about 1e-6 relative, so logits match `transformers` on the
    /// same GGUF file.
    case float32
    /// Each row of X is quantized to 8 bits per block of 32 (scale `max|x| / 127`, round to
    /// nearest even, as llama.cpp quantizes activations for its Q8_0/Q8_1 dot products) and the
    /// weights are multiplied as integers (AVX2 `vpmaddubsw`): about twice the throughput per
    /// weight, with logits that differ from the float product by the activation rounding (a few
    /// 1e-2 on the demo models). Used on x86-64 for quantized formats; F32/F16/BF16 weights and
    /// other CPUs use the float path.
    case int8
}
