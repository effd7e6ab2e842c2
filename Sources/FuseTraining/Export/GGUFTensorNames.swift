/// Hugging Face parameter names ↔ llama.cpp GGUF tensor names for Llama and Qwen2 decoders.
enum GGUFTensorNames {
    static let layerParts = [
        "input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
        "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
        "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
        "self_attn.q_proj.bias": "attn_q.bias", "self_attn.k_proj.bias": "attn_k.bias",
        "self_attn.v_proj.bias": "attn_v.bias", "mlp.gate_proj.weight": "ffn_gate.weight",
        "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight",
    ]

    /// HF name → GGUF name for a model with `layers` layers.
    static func map(layers: Int) -> [String: String] {
        var names = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        for l in 0..<layers {
            for (hf, gg) in layerParts { names["model.layers.\(l).\(hf)"] = "blk.\(l).\(gg)" }
        }
        return names
    }
}
