import FuseFormats
import FuseTensor

extension TrainableModel {
    /// Attaches fresh LoRA adapters (A from `seed`, B zero) and freezes the base weights: their
    /// gradient buffer is released and `backward` computes only the adapters' gradients.
    public func attachLoRA(_ configuration: LoRAConfiguration, seed: UInt64) {
        gradientStorage?.deallocate()
        gradientStorage = nil
        lora = LoRAAdapters(configuration, model: self.configuration, seed: seed)
    }

    /// Folds the adapters into the base weights, W ← W + (alpha/rank) · B·A, and detaches them:
    /// the model then computes what the adapted one did, with no adapters (for export).
    public func mergeLoRA() {
        guard let lora else { return }
        let rank = lora.configuration.rank, scale = lora.configuration.scaling
        let scaledB = UnsafeMutablePointer<Float>.allocate(capacity: lora.widestOutput * rank)
        defer { scaledB.deallocate() }
        for (l, slots) in lora.slots.enumerated() {
            for (module, s) in slots {
                let weight = layout.entry(named: "model.layers.\(l).\(module.path).weight")!
                for i in 0..<s.outputs * rank { scaledB[i] = scale * lora.parameters[s.b + i] }
                GEMM.multiply(m: s.outputs, n: s.inputs, k: rank, a: scaledB, lda: rank,
                              b: UnsafePointer(lora.parameters.baseAddress! + s.a), ldb: s.inputs,
                              c: parameters.baseAddress! + weight.offset, ldc: s.inputs, accumulate: true)
            }
        }
        self.lora = nil
    }

    /// The values the optimizer updates: the adapters' with LoRA, else every parameter.
    public var trainableParameters: UnsafeMutableBufferPointer<Float> { lora?.parameters ?? parameters }

    /// The gradients of `trainableParameters`.
    public var trainableGradients: UnsafeMutableBufferPointer<Float> { lora?.gradients ?? gradients }

    /// AdamW's weight-decay segments over `trainableParameters` (every adapter matrix decays, as
    /// transformers' Trainer decays every parameter but biases and norms).
    var trainableDecaySegments: [(range: Range<Int>, decay: Bool)] {
        lora.map { [(0..<$0.parameters.count, true)] } ?? layout.weightDecaySegments
    }
}

extension LoRAAdapters {
    /// PEFT's prefix of adapter tensor names in `adapter_model.safetensors`.
    public static let peftPrefix = "base_model.model."

    /// Copies every A and B from a store under PEFT's names
    /// (`base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`), converting to Float32.
    public func load(from store: TensorStore) throws(TrainingError) {
        for entry in entries {
            let name = Self.peftPrefix + entry.name
            guard let t = store.tensor(named: name) else { throw .missingTensor(name: name) }
            guard t.shape == entry.shape else { throw .shapeMismatch(name: name, expected: entry.shape, found: t.shape) }
            guard t.type.byteCount(elements: entry.count) == t.data.count else {
                throw .badTensorData(name: name, detail: "\(t.data.count) bytes do not hold \(entry.count) \(t.type) values")
            }
            t.type.dequantize(t.data.baseAddress!, count: entry.count, into: parameters.baseAddress! + entry.offset)
        }
    }
}
