import FuseTensor

/// FuseModels owns model architectures (Llama family, Qwen2, Gemma 3), the KV cache, forward
/// passes, generation, and the registry and on-disk store of models.
public enum FuseModels {}

/// The arithmetic of small-batch (decode) products with quantized weights (FuseTensor's type, so
/// that users of FuseModels can name it without importing FuseTensor).
public typealias ActivationPrecision = FuseTensor.ActivationPrecision
