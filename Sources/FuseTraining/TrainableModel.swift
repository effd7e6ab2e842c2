import FuseTensor

/// A Llama-family or Qwen2 decoder in Float32 with explicit backward passes.
///
/// All parameters live in one flat buffer and all gradients in another (`layout` says where each
/// named tensor is). With LoRA adapters attached (`attachLoRA`) the base weights are frozen: no
/// gradient buffer exists for them and only the adapters' gradients are computed. `forward` runs a batch of equal-length sequences, keeps every activation the
/// backward needs, and returns each token's log-probability of its target; `backward` takes
/// dLoss/dlogp per token and adds the parameter gradients into `gradients` (so several micro-batches
/// accumulate until `zeroGradients`). RoPE uses the NeoX / Hugging Face half-split ordering, so
/// weights are expected in Hugging Face layout (GGUF Llama q/k are un-permuted on load).
public final class TrainableModel {
    public let configuration: TrainingConfiguration
    public let layout: ParameterLayout
    /// Every parameter, in `layout` order.
    public let parameters: UnsafeMutableBufferPointer<Float>
    /// LoRA adapters, when attached; the base weights are frozen then.
    public internal(set) var lora: LoRAAdapters?
    var gradientStorage: UnsafeMutableBufferPointer<Float>?
    let rope: RoPE
    var buffers: StepBuffers?
    var tokens: [Int32] = []
    var targets: [Int32] = []
    var positions: [Int] = []
    var inversePositions: [Int] = []

    /// A model with all parameters zero (fill them with `load(from:)` or through `parameters`).
    public init(configuration: TrainingConfiguration) {
        self.configuration = configuration
        layout = ParameterLayout(configuration)
        parameters = .allocate(capacity: layout.totalCount)
        parameters.initialize(repeating: 0)
        rope = RoPE(dimensions: configuration.headSize, base: configuration.ropeTheta, style: .neox)
    }

    deinit {
        parameters.deallocate()
        gradientStorage?.deallocate()
    }

    /// dLoss/dparameter, same layout, accumulated by `backward`: allocated on first use, and empty
    /// while LoRA adapters are attached (frozen base weights have no gradients).
    public var gradients: UnsafeMutableBufferPointer<Float> {
        if lora != nil { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        if let g = gradientStorage { return g }
        let g = UnsafeMutableBufferPointer<Float>.allocate(capacity: layout.totalCount)
        g.initialize(repeating: 0)
        gradientStorage = g
        return g
    }

    /// Sets every trained gradient (the adapters' with LoRA) to zero.
    public func zeroGradients() {
        let g = trainableGradients
        guard let base = g.baseAddress else { return }
        Parallel.forRanges(g.count, granularity: 1024) { (base + $0.lowerBound).update(repeating: 0, count: $0.count) }
    }

    /// The parameter values of one named tensor.
    public func parameter(named name: String) -> UnsafeMutableBufferPointer<Float>? {
        layout.entry(named: name).map { .init(rebasing: parameters[$0.offset..<$0.offset + $0.count]) }
    }

    /// The gradient of one named tensor (`nil` for frozen base weights).
    public func gradient(named name: String) -> UnsafeMutableBufferPointer<Float>? {
        guard lora == nil else { return nil }
        return layout.entry(named: name).map { .init(rebasing: gradients[$0.offset..<$0.offset + $0.count]) }
    }

    /// Logits [batch · length, vocabulary] of the last `forward` (overwritten by `backward`).
    public var logits: UnsafeBufferPointer<Float> {
        guard let b = buffers else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: b.logits, count: b.batch * b.length * configuration.vocabularySize)
    }

    /// Floats held by the step buffers for the current step shape (activations and scratch, the
    /// LoRA adapters' included).
    public var activationFloatCount: Int { (buffers?.floatCount ?? 0) + (lora?.buffers?.floatCount ?? 0) }

    func prepareBuffers(batch: Int, length: Int) -> StepBuffers {
        if let b = buffers, b.batch == batch, b.length == length { return b }
        buffers = nil
        let b = StepBuffers(configuration: configuration, batch: batch, length: length)
        buffers = b
        positions = (0..<batch * length).map { $0 % length }
        inversePositions = positions.map { -$0 }
        return b
    }
}
