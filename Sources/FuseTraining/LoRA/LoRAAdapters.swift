import Foundation

/// The LoRA adapters of a `TrainableModel`: for each layer and target module, A [rank, in] and
/// B [out, rank], all in one flat buffer (and their gradients in another) so that the optimizer,
/// clipping and checkpoints work on the adapters alone while the base weights stay frozen.
///
/// A starts Kaiming-uniform as PEFT's (`kaiming_uniform_(a=√5)`: U(−1/√in, 1/√in)) from a seeded
/// generator, B at zero, so an attached model computes exactly what the base model does.
public final class LoRAAdapters {
    /// One adapted module of one layer: where its A and B live, and its features.
    struct Slot {
        let a: Int, b: Int, inputs: Int, outputs: Int
        /// Position among all slots (keys the dropout masks).
        let index: Int
    }

    public let configuration: LoRAConfiguration
    /// A and B of every slot under Hugging Face module names
    /// (`model.layers.0.self_attn.q_proj.lora_A.weight`), in layer then module order.
    public let entries: [ParameterLayout.Entry]
    public let parameters: UnsafeMutableBufferPointer<Float>
    public let gradients: UnsafeMutableBufferPointer<Float>
    /// `slots[layer][module]`.
    let slots: [[LoRAModule: Slot]]
    let slotCount: Int
    let widestInput: Int, widestOutput: Int
    /// The run's seed and optimizer step whose forwards draw dropout masks; `nil` (evaluation)
    /// applies no dropout. Masks are a function of (seed, step, forward within the step, slot,
    /// element), so a resumed run draws the same ones.
    public var dropoutStream: (seed: UInt64, step: Int)? { didSet { forwardIndex = 0 } }
    var forwardIndex = 0
    /// The dropout key of the last forward (`nil`: none applied), reused by its backward.
    var forwardKey: UInt64?
    var buffers: LoRABuffers?

    /// Adapters for every layer of a model of configuration `model`, A drawn from `seed`.
    public init(_ configuration: LoRAConfiguration, model c: TrainingConfiguration, seed: UInt64) {
        self.configuration = configuration
        var entries: [ParameterLayout.Entry] = [], total = 0, slots: [[LoRAModule: Slot]] = []
        var index = 0, widestInput = 0, widestOutput = 0
        for l in 0..<c.layerCount {
            var layer: [LoRAModule: Slot] = [:]
            for m in configuration.targets {
                let (inputs, outputs) = m.features(c), p = "model.layers.\(l).\(m.path)."
                entries.append(.init(name: p + "lora_A.weight", shape: [configuration.rank, inputs], offset: total))
                let a = total
                total += configuration.rank * inputs
                entries.append(.init(name: p + "lora_B.weight", shape: [outputs, configuration.rank], offset: total))
                layer[m] = Slot(a: a, b: total, inputs: inputs, outputs: outputs, index: index)
                total += outputs * configuration.rank
                index += 1
                widestInput = max(widestInput, inputs)
                widestOutput = max(widestOutput, outputs)
            }
            slots.append(layer)
        }
        self.entries = entries
        self.slots = slots
        slotCount = index
        self.widestInput = widestInput
        self.widestOutput = widestOutput
        parameters = .allocate(capacity: total)
        parameters.initialize(repeating: 0)
        gradients = .allocate(capacity: total)
        gradients.initialize(repeating: 0)
        var state = Self.mix(seed ^ 0x4C6F_5241_496E_6974)
        for e in entries where e.name.hasSuffix("lora_A.weight") {
            let bound = 1 / Float(e.shape[1]).squareRoot()
            for i in e.offset..<e.offset + e.count {
                state = Self.mix(state)
                parameters[i] = (2 * Self.unit(state) - 1) * bound
            }
        }
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
    }

    /// The values of one named adapter tensor.
    public func parameter(named name: String) -> UnsafeMutableBufferPointer<Float>? {
        entries.first { $0.name == name }.map { .init(rebasing: parameters[$0.offset..<$0.offset + $0.count]) }
    }

    /// The gradient of one named adapter tensor.
    public func gradient(named name: String) -> UnsafeMutableBufferPointer<Float>? {
        entries.first { $0.name == name }.map { .init(rebasing: gradients[$0.offset..<$0.offset + $0.count]) }
    }

    /// SplitMix64's finalizer: a well-mixed 64-bit hash.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The top 24 bits as a float in [0, 1).
    static func unit(_ x: UInt64) -> Float { Float(x >> 40) * 0x1p-24 }
}
