import FuseFormats
import FuseTensor

/// The weights of one decoder layer. Matrices stay in their stored format (quantized GGUF blocks,
/// F16, BF16 or F32) and are read by the fused kernels; vectors are converted to Float32.
struct DecoderLayerWeights: @unchecked Sendable {
    var attentionNorm: [Float]
    var q, k, v, o: WeightMatrix
    var qBias, kBias, vBias: [Float]?
    /// Per-head RMSNorm of queries and keys (Gemma 3).
    var qNorm, kNorm: [Float]?
    /// Norm of the attention output before the residual add (Gemma 3).
    var postAttentionNorm: [Float]?
    var ffnNorm: [Float]
    var gate, up, down: WeightMatrix
    /// Norm of the MLP output before the residual add (Gemma 3).
    var postFFNNorm: [Float]?
}

/// All weights of a decoder-only model, and the store whose memory they point into.
struct DecoderWeights: @unchecked Sendable {
    let store: TensorStore
    var embedding: WeightMatrix
    var layers: [DecoderLayerWeights]
    var outputNorm: [Float]
    var output: WeightMatrix
}

/// The parts of a decoder layer, each named differently in GGUF and Hugging Face checkpoints.
enum LayerPart: CaseIterable {
    case attentionNorm, q, k, v, o, qBias, kBias, vBias, qNorm, kNorm, postAttentionNorm
    case ffnNorm, gate, up, down, postFFNNorm

    /// The GGUF tensor name (llama.cpp's names, the same for every architecture).
    func ggufName(layer i: Int) -> String {
        let suffix: String
        switch self {
        case .attentionNorm: suffix = "attn_norm.weight"
        case .q: suffix = "attn_q.weight"
        case .k: suffix = "attn_k.weight"
        case .v: suffix = "attn_v.weight"
        case .o: suffix = "attn_output.weight"
        case .qBias: suffix = "attn_q.bias"
        case .kBias: suffix = "attn_k.bias"
        case .vBias: suffix = "attn_v.bias"
        case .qNorm: suffix = "attn_q_norm.weight"
        case .kNorm: suffix = "attn_k_norm.weight"
        case .postAttentionNorm: suffix = "post_attention_norm.weight"
        case .ffnNorm: suffix = "ffn_norm.weight"
        case .gate: suffix = "ffn_gate.weight"
        case .up: suffix = "ffn_up.weight"
        case .down: suffix = "ffn_down.weight"
        case .postFFNNorm: suffix = "post_ffw_norm.weight"
        }
        return "blk.\(i).\(suffix)"
    }

    /// The Hugging Face name in Llama-style checkpoints (Llama, Mistral, Qwen2); Gemma 3 renames
    /// its norms (see `Gemma3`).
    func huggingFaceName(layer i: Int) -> String {
        let suffix: String
        switch self {
        case .attentionNorm: suffix = "input_layernorm.weight"
        case .q: suffix = "self_attn.q_proj.weight"
        case .k: suffix = "self_attn.k_proj.weight"
        case .v: suffix = "self_attn.v_proj.weight"
        case .o: suffix = "self_attn.o_proj.weight"
        case .qBias: suffix = "self_attn.q_proj.bias"
        case .kBias: suffix = "self_attn.k_proj.bias"
        case .vBias: suffix = "self_attn.v_proj.bias"
        case .qNorm: suffix = "self_attn.q_norm.weight"
        case .kNorm: suffix = "self_attn.k_norm.weight"
        case .postAttentionNorm: suffix = "post_attention_layernorm.weight"
        case .ffnNorm: suffix = "post_attention_layernorm.weight"
        case .gate: suffix = "mlp.gate_proj.weight"
        case .up: suffix = "mlp.up_proj.weight"
        case .down: suffix = "mlp.down_proj.weight"
        case .postFFNNorm: suffix = "post_feedforward_layernorm.weight"
        }
        return "model.layers.\(i).\(suffix)"
    }
}

/// Reads named tensors from a store as kernel-ready matrices and Float32 vectors, checking shapes.
struct WeightReader {
    let store: TensorStore
    /// GGUF names (`blk.N.…`) when the store has `token_embd.weight`, else Hugging Face names.
    let isGGUF: Bool
    /// Overrides of Hugging Face layer names for an architecture.
    var huggingFaceNames: (LayerPart, Int) -> String = { $0.huggingFaceName(layer: $1) }

    init(store: TensorStore) {
        self.store = store
        isGGUF = store.tensor(named: "token_embd.weight") != nil
    }

    func name(_ part: LayerPart, layer: Int) -> String {
        isGGUF ? part.ggufName(layer: layer) : huggingFaceNames(part, layer)
    }

    /// Name of a whole-model tensor in this store's convention.
    func globalName(gguf: String, huggingFace: String) -> String { isGGUF ? gguf : huggingFace }

    func has(_ name: String) -> Bool { store.tensor(named: name) != nil }

    func tensor(_ name: String) throws(ModelConfigurationError) -> StoredTensor {
        guard let t = store.tensor(named: name) else { throw .missingTensor(name) }
        return t
    }

    /// The matrix `name` of `rows` × `columns` (rows = output features).
    func matrix(_ name: String, rows: Int, columns: Int) throws(ModelConfigurationError) -> WeightMatrix {
        let t = try tensor(name)
        guard t.shape == [rows, columns] else { throw .badTensorShape(name: name, found: t.shape, expected: [rows, columns]) }
        guard let base = t.data.baseAddress else { throw .unsupportedTensor(name: name, reason: "no data") }
        do {
            return try WeightMatrix(type: t.type, rows: rows, columns: columns, data: base)
        } catch {
            throw .unsupportedTensor(name: name, reason: error.description)
        }
    }

    /// The vector `name` of `count` floats, converted to Float32.
    func vector(_ name: String, count: Int) throws(ModelConfigurationError) -> [Float] {
        let t = try tensor(name)
        guard t.elementCount == count, t.shape.last == count else {
            throw .badTensorShape(name: name, found: t.shape, expected: [count])
        }
        let m = try matrix(name, rows: 1, count: count, tensor: t)
        return [Float](unsafeUninitializedCapacity: count) { buffer, n in
            m.dequantize(row: 0, count: count, into: buffer.baseAddress!)
            n = count
        }
    }

    func optionalVector(_ name: String, count: Int) throws(ModelConfigurationError) -> [Float]? {
        has(name) ? try vector(name, count: count) : nil
    }

    private func matrix(_ name: String, rows: Int, count: Int, tensor t: StoredTensor) throws(ModelConfigurationError)
        -> WeightMatrix {
        guard let base = t.data.baseAddress else { throw .unsupportedTensor(name: name, reason: "no data") }
        do {
            return try WeightMatrix(type: t.type, rows: rows, columns: count, data: base)
        } catch {
            throw .unsupportedTensor(name: name, reason: error.description)
        }
    }

    /// Every layer's weights for `config`; `postNorms` loads Gemma's extra norms, `qkNorms` its
    /// per-head query and key norms.
    func decoder(_ config: ModelConfiguration, postNorms: Bool = false, qkNorms: Bool = false)
        throws(ModelConfigurationError) -> DecoderWeights {
        let hidden = config.hiddenSize, qWidth = config.headCount * config.headDim
        let kvWidth = config.kvHeadCount * config.headDim, ffn = config.intermediateSize
        var layers: [DecoderLayerWeights] = []
        for i in 0..<config.layerCount {
            func n(_ part: LayerPart) -> String { name(part, layer: i) }
            let biases = config.attentionBias
            layers.append(DecoderLayerWeights(
                attentionNorm: try vector(n(.attentionNorm), count: hidden),
                q: try matrix(n(.q), rows: qWidth, columns: hidden),
                k: try matrix(n(.k), rows: kvWidth, columns: hidden),
                v: try matrix(n(.v), rows: kvWidth, columns: hidden),
                o: try matrix(n(.o), rows: hidden, columns: qWidth),
                qBias: biases ? try vector(n(.qBias), count: qWidth) : nil,
                kBias: biases ? try vector(n(.kBias), count: kvWidth) : nil,
                vBias: biases ? try vector(n(.vBias), count: kvWidth) : nil,
                qNorm: qkNorms ? try vector(n(.qNorm), count: config.headDim) : nil,
                kNorm: qkNorms ? try vector(n(.kNorm), count: config.headDim) : nil,
                postAttentionNorm: postNorms ? try vector(n(.postAttentionNorm), count: hidden) : nil,
                ffnNorm: try vector(n(.ffnNorm), count: hidden),
                gate: try matrix(n(.gate), rows: ffn, columns: hidden),
                up: try matrix(n(.up), rows: ffn, columns: hidden),
                down: try matrix(n(.down), rows: hidden, columns: ffn),
                postFFNNorm: postNorms ? try vector(n(.postFFNNorm), count: hidden) : nil))
        }
        let embeddingName = globalName(gguf: "token_embd.weight", huggingFace: "model.embed_tokens.weight")
        let embedding = try matrix(embeddingName, rows: config.vocabularySize, columns: hidden)
        let outputName = globalName(gguf: "output.weight", huggingFace: "lm_head.weight")
        let output = config.tieWordEmbeddings || !has(outputName)
            ? embedding : try matrix(outputName, rows: config.vocabularySize, columns: hidden)
        return DecoderWeights(
            store: store, embedding: embedding, layers: layers,
            outputNorm: try vector(globalName(gguf: "output_norm.weight", huggingFace: "model.norm.weight"), count: hidden),
            output: output)
    }
}
