import FuseFormats
import FuseModels
import FuseTensor

/// An in-memory tensor store of Float32 tensors, for models built in code.
final class MemoryTensorStore: TensorStore, @unchecked Sendable {
    private var buffers: [String: (shape: [Int], data: UnsafeMutableBufferPointer<Float>)] = [:]
    private(set) var tensorNames: [String] = []

    func add(_ name: String, shape: [Int], values: [Float]) {
        let data = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
        _ = data.initialize(from: values)
        buffers[name] = (shape, data)
        tensorNames.append(name)
    }

    func tensor(named name: String) -> StoredTensor? {
        guard let b = buffers[name] else { return nil }
        return StoredTensor(name: name, shape: b.shape, type: .f32, data: UnsafeRawBufferPointer(b.data))
    }

    deinit { buffers.values.forEach { $0.data.deallocate() } }
}

/// Deterministic pseudo-random numbers (SplitMix64), so tiny models are the same in every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Tiny random models (hidden 64, 2 layers, vocab 100) of each architecture, in GGUF naming.
enum TinyModel {
    static func configuration(_ architecture: String) -> ModelConfiguration {
        ModelConfiguration(
            architecture: architecture, hiddenSize: 64, layerCount: 2, headCount: 4, kvHeadCount: 2, headDim: 16,
            intermediateSize: 96, vocabularySize: 100, contextLength: 64, rmsNormEpsilon: 1e-5,
            ropeTheta: architecture == "gemma3" ? 1_000_000 : 10_000,
            localRopeTheta: architecture == "gemma3" ? 10_000 : nil,
            ropeOrder: architecture == "llama" ? .interleaved : .neox,
            slidingWindow: architecture == "gemma3" ? 5 : nil,
            slidingLayers: architecture == "gemma3" ? [true, false] : [],
            tieWordEmbeddings: architecture != "qwen2", attentionBias: architecture == "qwen2")
    }

    static func make(_ architecture: String, seed: UInt64 = 7) throws -> any LanguageModel {
        try make(configuration: configuration(architecture), seed: seed)
    }

    static func make(configuration c: ModelConfiguration, seed: UInt64 = 7) throws -> any LanguageModel {
        let architecture = c.architecture
        var rng = SeededGenerator(state: seed)
        let store = MemoryTensorStore()
        func random(_ shape: [Int], scale: Float = 0.2, offset: Float = 0) -> [Float] {
            (0..<shape.reduce(1, *)).map { _ in offset + Float.random(in: -scale...scale, using: &rng) }
        }
        let q = c.headCount * c.headDim, kv = c.kvHeadCount * c.headDim
        store.add("token_embd.weight", shape: [c.vocabularySize, c.hiddenSize], values: random([c.vocabularySize, c.hiddenSize], scale: 1))
        if !c.tieWordEmbeddings {
            store.add("output.weight", shape: [c.vocabularySize, c.hiddenSize], values: random([c.vocabularySize, c.hiddenSize]))
        }
        store.add("output_norm.weight", shape: [c.hiddenSize], values: random([c.hiddenSize], offset: 1))
        for l in 0..<c.layerCount {
            func add(_ suffix: String, _ shape: [Int], scale: Float = 0.2, offset: Float = 0) {
                store.add("blk.\(l).\(suffix)", shape: shape, values: random(shape, scale: scale, offset: offset))
            }
            add("attn_norm.weight", [c.hiddenSize], offset: 1)
            add("attn_q.weight", [q, c.hiddenSize])
            add("attn_k.weight", [kv, c.hiddenSize])
            add("attn_v.weight", [kv, c.hiddenSize])
            add("attn_output.weight", [c.hiddenSize, q])
            add("ffn_norm.weight", [c.hiddenSize], offset: 1)
            add("ffn_gate.weight", [c.intermediateSize, c.hiddenSize])
            add("ffn_up.weight", [c.intermediateSize, c.hiddenSize])
            add("ffn_down.weight", [c.hiddenSize, c.intermediateSize])
            if c.attentionBias {
                add("attn_q.bias", [q])
                add("attn_k.bias", [kv])
                add("attn_v.bias", [kv])
            }
            if architecture == "gemma3" {
                add("attn_q_norm.weight", [c.headDim], offset: 1)
                add("attn_k_norm.weight", [c.headDim], offset: 1)
                add("post_attention_norm.weight", [c.hiddenSize], offset: 1)
                add("post_ffw_norm.weight", [c.hiddenSize], offset: 1)
            }
        }
        return try ModelRegistry.model(c, store: store)
    }
}
