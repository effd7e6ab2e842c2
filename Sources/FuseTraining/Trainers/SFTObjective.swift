/// Mean negative log-likelihood of the assistant tokens of a step (all its micro-batches
/// together, as transformers normalizes by `num_items_in_batch`).
struct SFTObjective: TrainingObjective {
    let examples: [SFTExample]
    var lengths: [Int] { examples.map(\.tokens.count) }

    func accumulate(_ microBatches: [[Int]], model: TrainableModel) throws(TrainingError) -> StepOutcome {
        let counted = microBatches.joined().reduce(0) { $0 + examples[$1].assistantTokenCount }
        var loss = 0.0, tokens = 0
        for batch in microBatches {
            let b = paddedBatch(batch.map { (examples[$0].tokens, examples[$0].targets) })
            let logProbabilities = try model.forward(tokens: b.tokens, targets: b.targets, batch: batch.count)
            let (l, gradients) = SFTLoss.evaluate(logProbabilities: logProbabilities, targets: b.targets, normalizer: counted)
            try model.backward(logProbabilityGradients: gradients)
            loss += l
            tokens += batch.reduce(0) { $0 + examples[$1].tokens.count }
        }
        return StepOutcome(loss: loss, tokens: tokens, metrics: [:])
    }
}
