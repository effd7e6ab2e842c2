/// FuseModels owns model architectures (Llama family, Qwen2, Gemma 3), the KV cache, forward
/// passes, generation, and the registry and on-disk store of models.
public enum FuseModels {}
