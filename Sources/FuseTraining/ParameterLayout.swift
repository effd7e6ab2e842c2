/// Where each named parameter lives in a model's single flat Float32 buffer (Hugging Face names).
///
/// One buffer for all parameters (and one for all gradients) keeps the optimizer, gradient
/// clipping and checkpointing simple loops over contiguous memory.
public struct ParameterLayout: Sendable {
    /// One parameter tensor: its Hugging Face name, shape (outermost first) and place in the buffer.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        public let offset: Int
        public var count: Int { shape.reduce(1, *) }
    }

    /// The layer's parameters' offsets into the flat buffer (`nil` for absent biases).
    struct LayerOffsets {
        var attentionNorm = 0, query = 0, key = 0, value = 0, output = 0
        var queryBias: Int?, keyBias: Int?, valueBias: Int?
        var mlpNorm = 0, gate = 0, up = 0, down = 0
    }

    public private(set) var entries: [Entry] = []
    public private(set) var totalCount = 0
    private var index: [String: Int] = [:]
    let embedding: Int
    let finalNorm: Int
    let head: Int
    let layers: [LayerOffsets]

    /// The parameters of a decoder with this configuration, in Hugging Face order.
    public init(_ c: TrainingConfiguration) {
        var entries: [Entry] = [], total = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            entries.append(Entry(name: name, shape: shape, offset: total))
            defer { total += shape.reduce(1, *) }
            return total
        }
        let d = c.hiddenSize
        embedding = add("model.embed_tokens.weight", [c.vocabularySize, d])
        var layers: [LayerOffsets] = []
        for l in 0..<c.layerCount {
            let p = "model.layers.\(l)."
            var o = LayerOffsets()
            o.attentionNorm = add(p + "input_layernorm.weight", [d])
            o.query = add(p + "self_attn.q_proj.weight", [c.queryWidth, d])
            if c.attentionBias { o.queryBias = add(p + "self_attn.q_proj.bias", [c.queryWidth]) }
            o.key = add(p + "self_attn.k_proj.weight", [c.kvWidth, d])
            if c.attentionBias { o.keyBias = add(p + "self_attn.k_proj.bias", [c.kvWidth]) }
            o.value = add(p + "self_attn.v_proj.weight", [c.kvWidth, d])
            if c.attentionBias { o.valueBias = add(p + "self_attn.v_proj.bias", [c.kvWidth]) }
            o.output = add(p + "self_attn.o_proj.weight", [d, c.queryWidth])
            o.mlpNorm = add(p + "post_attention_layernorm.weight", [d])
            o.gate = add(p + "mlp.gate_proj.weight", [c.intermediateSize, d])
            o.up = add(p + "mlp.up_proj.weight", [c.intermediateSize, d])
            o.down = add(p + "mlp.down_proj.weight", [d, c.intermediateSize])
            layers.append(o)
        }
        self.layers = layers
        finalNorm = add("model.norm.weight", [d])
        head = c.tieWordEmbeddings ? embedding : add("lm_head.weight", [c.vocabularySize, d])
        self.entries = entries
        self.totalCount = total
        for (i, e) in entries.enumerated() { index[e.name] = i }
    }

    /// The entry with this Hugging Face name, or `nil`.
    public func entry(named name: String) -> Entry? { index[name].map { entries[$0] } }
}
