import Foundation

/// A linear layer of each decoder layer that LoRA can adapt, under PEFT's module names.
public enum LoRAModule: String, Codable, Sendable, CaseIterable, Comparable {
    case q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj

    /// PEFT's usual attention targets (`fusechat`'s default).
    public static let attention: [LoRAModule] = [.q_proj, .k_proj, .v_proj, .o_proj]

    /// The module's Hugging Face path inside a layer (`self_attn.q_proj`, `mlp.down_proj`, ...).
    public var path: String {
        switch self {
        case .q_proj, .k_proj, .v_proj, .o_proj: "self_attn.\(rawValue)"
        case .gate_proj, .up_proj, .down_proj: "mlp.\(rawValue)"
        }
    }

    /// (in, out) features of the module in a model of configuration `c`.
    public func features(_ c: TrainingConfiguration) -> (inputs: Int, outputs: Int) {
        switch self {
        case .q_proj: (c.hiddenSize, c.queryWidth)
        case .k_proj, .v_proj: (c.hiddenSize, c.kvWidth)
        case .o_proj: (c.queryWidth, c.hiddenSize)
        case .gate_proj, .up_proj: (c.hiddenSize, c.intermediateSize)
        case .down_proj: (c.intermediateSize, c.hiddenSize)
        }
    }

    public static func < (a: LoRAModule, b: LoRAModule) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Low-rank adapters (LoRA, Hu et al. 2021) as PEFT's `LoraConfig`: each target module's
/// y = x·Wᵀ becomes y = x·Wᵀ + (alpha / rank) · dropout(x)·Aᵀ·Bᵀ with A [rank, in] and B [out, rank]
/// trained and W frozen. Defaults are PEFT's (`r=8`, `lora_alpha=8`, `lora_dropout=0`), with
/// the four attention projections as targets.
public struct LoRAConfiguration: Codable, Sendable, Equatable {
    public var rank: Int
    public var alpha: Double
    /// Probability of zeroing an adapter input element while training (inverted dropout).
    public var dropout: Double
    /// Adapted modules, in layer order, each once.
    public var targets: [LoRAModule]

    public init(rank: Int = 8, alpha: Double = 8, dropout: Double = 0, targets: [LoRAModule] = LoRAModule.attention) {
        self.rank = rank
        self.alpha = alpha
        self.dropout = dropout
        self.targets = Array(Set(targets)).sorted()
    }

    /// alpha / rank, the factor of the adapter's output.
    public var scaling: Float { Float(alpha / Double(rank)) }

    /// Parses a comma-separated list of module names (`q_proj,v_proj`).
    public static func targets(parsing list: String) throws(TrainerError) -> [LoRAModule] {
        var out: [LoRAModule] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let m = LoRAModule(rawValue: name) else {
                throw .configuration("LoRA target \(name): expected some of \(LoRAModule.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            out.append(m)
        }
        guard !out.isEmpty else { throw .configuration("LoRA targets: empty list") }
        return out
    }

    /// Throws unless rank and alpha are positive, dropout is in [0, 1) and some module is targeted.
    public func validate() throws(TrainerError) {
        guard rank > 0, alpha > 0, (0..<1).contains(dropout), !targets.isEmpty else {
            throw .configuration("LoRA rank \(rank) and alpha \(alpha) must be positive, dropout \(dropout) in [0, 1), targets non-empty")
        }
    }
}
