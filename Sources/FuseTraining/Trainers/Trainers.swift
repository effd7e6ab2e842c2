import Foundation

/// Supervised fine-tuning of a `TrainableModel` on tokenized conversations (loss on assistant
/// tokens only). Writes `metrics.jsonl`, `metrics.svg` and `checkpoint/` under `output`.
///
/// ```swift
/// let target = try TrainingTarget.open("smollm2-135m-instruct")
/// let data = TrainingData.encodeSFT(try TrainingData.records(SFTConversation.self, at: url),
///                                   encoder: try target.encoder(maxLength: 512))
/// let trainer = try SFTTrainer(model: try target.loadModel(), examples: data.examples,
///                              configuration: TrainerConfiguration(learningRate: 2e-5), output: dir)
/// try trainer.train()
/// try ModelExport.gguf(trainer.model, target: target, to: dir.appendingPathComponent("model.gguf"), type: .f32)
/// ```
public final class SFTTrainer {
    public let model: TrainableModel
    let loop: TrainingLoop

    public init(model: TrainableModel, examples: [SFTExample], configuration: TrainerConfiguration, output: URL?) throws(TrainerError) {
        self.model = model
        loop = try TrainingLoop(kind: "sft", model: model, configuration: configuration,
                                objective: SFTObjective(examples: examples), output: output, plotted: ["loss"])
    }

    /// Where the run stands (step, total steps, epoch, data position).
    public var state: TrainerState { loop.currentState }

    /// Restores `output/checkpoint` (weights, AdamW moments, step, data position).
    public func resume() throws(TrainerError) { try loop.resume() }

    /// Trains to the end of the schedule (or until step `stopAfter`), then writes a checkpoint and
    /// the plot. Returns this call's step metrics.
    @discardableResult
    public func train(stopAfter: Int? = nil, onStep: (StepMetrics, _ secondsLeft: Double) -> Void = { _, _ in })
        throws(TrainerError) -> [StepMetrics] {
        try loop.run(stopAfter: stopAfter, onStep: onStep)
    }
}

/// Direct preference optimization of a `TrainableModel` on tokenized pairs against reference
/// log-probs computed beforehand (`ReferenceLogProbs.cached`). Same outputs as `SFTTrainer`;
/// the plot adds `rewards/margins` and `rewards/accuracies`.
public final class DPOTrainer {
    public let model: TrainableModel
    let loop: TrainingLoop

    public init(model: TrainableModel, examples: [DPOExample], reference: ReferenceLogProbs,
                configuration: TrainerConfiguration, dpo: DPOConfiguration, output: URL?) throws(TrainerError) {
        guard reference.chosen.count == examples.count, reference.rejected.count == examples.count else {
            throw .configuration("\(reference.chosen.count) reference log-probs for \(examples.count) pairs")
        }
        guard dpo.beta > 0, (0..<0.5).contains(dpo.labelSmoothing) else {
            throw .configuration("beta must be positive and label smoothing in [0, 0.5)")
        }
        self.model = model
        let objective = DPOObjective(examples: examples, reference: reference,
                                     loss: DPOLoss(kind: dpo.loss, beta: dpo.beta, labelSmoothing: dpo.labelSmoothing))
        loop = try TrainingLoop(kind: "dpo-\(dpo.loss.rawValue)-\(dpo.beta)-\(dpo.labelSmoothing)", model: model,
                                configuration: configuration, objective: objective, output: output,
                                plotted: ["loss", "rewards/margins", "rewards/accuracies"])
    }

    public var state: TrainerState { loop.currentState }

    public func resume() throws(TrainerError) { try loop.resume() }

    @discardableResult
    public func train(stopAfter: Int? = nil, onStep: (StepMetrics, _ secondsLeft: Double) -> Void = { _, _ in })
        throws(TrainerError) -> [StepMetrics] {
        try loop.run(stopAfter: stopAfter, onStep: onStep)
    }
}
