import FuseFormats
import FuseTensor

extension TrainingConfiguration {
    /// The configuration of a `llama` or `qwen2` GGUF file, from its metadata and tensor shapes.
    public init(gguf file: GGUFFile) throws(TrainingError) {
        guard let arch = file.string("general.architecture"), arch == "llama" || arch == "qwen2" else {
            throw .badConfiguration(detail: "\(file.path): general.architecture \(file.string("general.architecture") ?? "missing") is not llama or qwen2")
        }
        func int(_ key: String) throws(TrainingError) -> Int {
            guard let v = file.int("\(arch).\(key)") else {
                throw .badConfiguration(detail: "\(file.path): \(arch).\(key) is missing or not an integer")
            }
            return v
        }
        guard let embedding = file.tensor(named: "token_embd.weight"), embedding.shape.count == 2 else {
            throw .missingTensor(name: "token_embd.weight")
        }
        let heads = try int("attention.head_count")
        let hidden = try int("embedding_length")
        self.init(vocabularySize: embedding.shape[0], hiddenSize: hidden, intermediateSize: try int("feed_forward_length"),
                  layerCount: try int("block_count"), headCount: heads,
                  kvHeadCount: file.int("\(arch).attention.head_count_kv") ?? heads,
                  headSize: file.int("\(arch).attention.key_length") ?? hidden / heads,
                  ropeTheta: file.double("\(arch).rope.freq_base") ?? 10000,
                  rmsEpsilon: Float(file.double("\(arch).attention.layer_norm_rms_epsilon") ?? 1e-5),
                  tieWordEmbeddings: file.tensor(named: "output.weight") == nil,
                  attentionBias: file.tensor(named: "blk.0.attn_q.bias") != nil)
    }
}

extension TrainableModel {
    /// A model with the configuration and weights of a `llama` or `qwen2` GGUF file, every tensor
    /// dequantized to Float32. llama.cpp's converter permutes Llama's q/k rows for its interleaved
    /// RoPE; they are permuted back to the Hugging Face half-split order (as transformers does when
    /// it loads a GGUF file). Qwen2 files keep the Hugging Face order.
    public convenience init(gguf file: GGUFFile) throws(TrainingError) {
        self.init(configuration: try TrainingConfiguration(gguf: file))
        let c = configuration
        let unpermute = file.string("general.architecture") == "llama"
        var names = ["model.embed_tokens.weight": "token_embd.weight", "model.norm.weight": "output_norm.weight",
                     "lm_head.weight": "output.weight"]
        let parts = ["input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
                     "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
                     "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
                     "self_attn.q_proj.bias": "attn_q.bias", "self_attn.k_proj.bias": "attn_k.bias",
                     "self_attn.v_proj.bias": "attn_v.bias", "mlp.gate_proj.weight": "ffn_gate.weight",
                     "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight"]
        for l in 0..<c.layerCount {
            for (hf, gg) in parts { names["model.layers.\(l).\(hf)"] = "blk.\(l).\(gg)" }
        }
        for entry in layout.entries {
            let source = names[entry.name]!
            guard let t = file.tensor(named: source) else { throw .missingTensor(name: source) }
            guard t.shape == entry.shape else {
                throw .shapeMismatch(name: source, expected: entry.shape, found: t.shape)
            }
            guard t.type.byteCount(elements: entry.count) == t.data.count else {
                throw .badTensorData(name: source, detail: "\(t.data.count) bytes do not hold \(entry.count) \(t.type) values")
            }
            let destination = parameters.baseAddress! + entry.offset
            t.type.dequantize(t.data.baseAddress!, count: entry.count, into: destination)
            if unpermute, entry.name.hasSuffix("q_proj.weight") || entry.name.hasSuffix("k_proj.weight") {
                let heads = entry.name.hasSuffix("q_proj.weight") ? c.headCount : c.kvHeadCount
                Self.unpermuteRotaryRows(destination, heads: heads, headSize: c.headSize, columns: c.hiddenSize)
            }
        }
    }

    /// Row 2i + j of each head (llama.cpp's interleaved pairs) moves to row j·d/2 + i (halves).
    static func unpermuteRotaryRows(_ w: UnsafeMutablePointer<Float>, heads: Int, headSize: Int, columns: Int) {
        let half = headSize / 2, block = headSize * columns
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: block)
        defer { copy.deallocate() }
        for h in 0..<heads {
            let head = w + h * block
            copy.update(from: head, count: block)
            for i in 0..<half {
                for j in 0..<2 {
                    (head + (j * half + i) * columns).update(from: copy + (2 * i + j) * columns, count: columns)
                }
            }
        }
    }
}
