/// Hyperparameters of an SFT or DPO run (names and defaults follow TRL's `SFTConfig`/`DPOConfig`
/// where they exist; `learningRate` defaults differ per trainer and are set by the caller).
public struct TrainerConfiguration: Codable, Sendable, Equatable {
    /// Peak learning rate of the cosine schedule.
    public var learningRate: Double
    /// Passes over the data (ignored when `maxSteps` is set).
    public var epochs: Int
    /// Optimizer steps of the run, overriding `epochs`.
    public var maxSteps: Int?
    /// Sequences (SFT) or pairs (DPO) per forward pass.
    public var batchSize: Int
    /// Sequences or pairs per optimizer step; a multiple of `batchSize` (the rest is accumulation).
    public var globalBatchSize: Int
    /// Tokens per sequence; longer ones keep their first `maxLength` tokens.
    public var maxLength: Int
    /// Fraction of the steps spent warming the learning rate up linearly from 0.
    public var warmupRatio: Double
    /// AdamW's decoupled weight decay (not applied to norms and biases).
    public var weightDecay: Double
    /// Gradient clipping by global norm (0: none).
    public var maxGradNorm: Double
    /// Seed of the data order.
    public var seed: UInt64
    /// Write a checkpoint every this many steps (0: only at the end).
    public var saveEvery: Int
    /// Train LoRA adapters on frozen base weights instead of every weight (`nil`: full fine-tuning).
    public var lora: LoRAConfiguration?

    public init(learningRate: Double, epochs: Int = 1, maxSteps: Int? = nil, batchSize: Int = 4,
                globalBatchSize: Int? = nil, maxLength: Int = 1024, warmupRatio: Double = 0.1,
                weightDecay: Double = 0, maxGradNorm: Double = 1, seed: UInt64 = 42, saveEvery: Int = 0,
                lora: LoRAConfiguration? = nil) {
        self.learningRate = learningRate
        self.epochs = epochs
        self.maxSteps = maxSteps
        self.batchSize = batchSize
        self.globalBatchSize = globalBatchSize ?? batchSize
        self.maxLength = maxLength
        self.warmupRatio = warmupRatio
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.seed = seed
        self.saveEvery = saveEvery
        self.lora = lora
    }

    /// Micro-batches per optimizer step.
    public var accumulationSteps: Int { globalBatchSize / batchSize }

    func validate() throws(TrainerError) {
        guard batchSize > 0, globalBatchSize >= batchSize, globalBatchSize % batchSize == 0 else {
            throw .configuration("global batch size \(globalBatchSize) must be a positive multiple of the batch size \(batchSize)")
        }
        guard learningRate > 0, epochs > 0, maxLength > 1, (0..<1).contains(warmupRatio), weightDecay >= 0,
              maxGradNorm >= 0, saveEvery >= 0, (maxSteps ?? 1) > 0 else {
            throw .configuration("learning rate, epochs, max steps must be positive, max length > 1, warmup ratio in [0, 1)")
        }
        try lora?.validate()
    }
}

/// The DPO objective of a run.
public struct DPOConfiguration: Codable, Sendable, Equatable {
    public var loss: DPOLoss.Kind
    public var beta: Double
    public var labelSmoothing: Double

    /// TRL's defaults: `sigmoid`, β = 0.1, no smoothing. (FuseChat-3.0 uses `sigmoid_norm` with
    /// β = 10 for its Llama targets.)
    public init(loss: DPOLoss.Kind = .sigmoid, beta: Double = 0.1, labelSmoothing: Double = 0) {
        self.loss = loss
        self.beta = beta
        self.labelSmoothing = labelSmoothing
    }
}

/// Why a training run could not start or continue.
public enum TrainerError: Error, CustomStringConvertible {
    case configuration(String)
    case data(DataError)
    case model(TrainingError)
    case io(path: String, detail: String)
    case checkpoint(path: String, detail: String)
    case export(String)

    public var description: String {
        switch self {
        case .configuration(let d): "training configuration: \(d)"
        case .data(let e): "training data: \(e)"
        case .model(let e): e.description
        case .io(let path, let detail): "\(path): \(detail)"
        case .checkpoint(let path, let detail): "checkpoint \(path): \(detail)"
        case .export(let d): "export: \(d)"
        }
    }
}
