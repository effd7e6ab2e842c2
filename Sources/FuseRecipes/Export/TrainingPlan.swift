/// DPO loss variants the exports can express.
public enum DPOLoss: String, Sendable, CaseIterable, Codable {
    /// Standard DPO on summed response log-probs.
    case sigmoid
    /// Length-normalized DPO (LN-DPO): each log-ratio divided by its response's token count.
    case sigmoidNorm = "sigmoid_norm"
}

/// Supervised fine-tuning hyperparameters.
public struct SFTSettings: Sendable, Equatable {
    public var learningRate = 5e-6
    public var epochs = 3
    public var globalBatchSize = 128
    public var maxLength = 2048
    public var warmupRatio = 0.1
    /// A `transformers` scheduler name (`cosine`, `linear`, ...).
    public var schedule = "cosine"
    public init() {}
}

/// Preference-optimization hyperparameters (DPO from the SFT model, which is also the reference).
public struct DPOSettings: Sendable, Equatable {
    public var loss = DPOLoss.sigmoidNorm
    public var beta = 10.0
    public var learningRate = 1e-6
    public var epochs = 1
    public var globalBatchSize = 128
    public var maxLength = 2048
    public var warmupRatio = 0.1
    public var schedule = "cosine"
    /// Checkpoint every this many optimizer steps.
    public var saveSteps = 100
    public init() {}
}

/// Everything an export needs besides the data: the target model and the training recipe.
/// Defaults are the FuseChat-3.0 paper's Llama-3.2-1B settings (`FUSECHAT3.md` §5): SFT 3 epochs,
/// batch 128, length 2048, cosine, warmup 0.1, lr 5e-6; LN-DPO beta 10, lr 1e-6, 1 epoch.
public struct TrainingPlan: Sendable, Equatable {
    /// Hugging Face model id (or local path) of the target model to fine-tune.
    public var targetModel = "meta-llama/Llama-3.2-1B-Instruct"
    public var sft = SFTSettings()
    public var dpo = DPOSettings()
    /// GPUs per node that the launch scripts assume (gradient accumulation is derived from it).
    public var gpus = 8
    public var perDeviceBatchSize = 1
    /// Fraction of SFT records held out as mlx-lm's `valid.jsonl` (at least one record).
    public var validationFraction = 0.05

    public init(targetModel: String? = nil) {
        if let targetModel { self.targetModel = targetModel }
    }

    /// Gradient accumulation steps that make `globalBatch` from `gpus x perDeviceBatchSize`.
    public func gradientAccumulation(globalBatch: Int) -> Int {
        max(1, globalBatch / max(1, gpus * perDeviceBatchSize))
    }
}
