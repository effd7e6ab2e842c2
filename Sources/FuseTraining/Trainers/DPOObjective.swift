/// The DPO loss of a step's pairs (mean over all pairs of the step), each micro-batch running
/// its pairs' chosen and rejected sequences in one forward pass.
struct DPOObjective: TrainingObjective {
    let examples: [DPOExample]
    let reference: ReferenceLogProbs
    let loss: DPOLoss
    var lengths: [Int] { examples.map { max($0.chosen.count, $0.rejected.count) } }

    func accumulate(_ microBatches: [[Int]], model: TrainableModel) throws(TrainingError) -> StepOutcome {
        let pairs = Double(microBatches.joined().count)
        var outcome = StepOutcome(loss: 0, tokens: 0, metrics: [:])
        for batch in microBatches {
            var sequences: [(tokens: [Int32], targets: [Int32])] = []
            for i in batch {
                let e = examples[i]
                sequences.append((e.chosen, DPOExample.targets(e.chosen, promptLength: e.promptLength)))
                sequences.append((e.rejected, DPOExample.targets(e.rejected, promptLength: e.promptLength)))
            }
            let b = paddedBatch(sequences)
            let logProbabilities = try model.forward(tokens: b.tokens, targets: b.targets, batch: sequences.count)
            let sums = Self.sequenceSums(logProbabilities, length: b.length, count: sequences.count)
            let result = loss.evaluate(DPOLoss.Batch(
                policyChosen: batch.indices.map { sums[2 * $0] }, policyRejected: batch.indices.map { sums[2 * $0 + 1] },
                referenceChosen: batch.map { reference.chosen[$0] }, referenceRejected: batch.map { reference.rejected[$0] },
                chosenLengths: batch.map { examples[$0].chosenLength }, rejectedLengths: batch.map { examples[$0].rejectedLength }))
            // The micro-batch's mean becomes its share of the step's mean.
            let share = Double(batch.count) / pairs
            var gradients = [Float](repeating: 0, count: b.tokens.count)
            for s in 0..<sequences.count {
                let g = Float(share * (s % 2 == 0 ? result.chosenGradients[s / 2] : result.rejectedGradients[s / 2]))
                for n in s * b.length..<(s + 1) * b.length where b.targets[n] >= 0 { gradients[n] = g }
            }
            try model.backward(logProbabilityGradients: gradients)
            outcome.loss += result.loss * share
            outcome.tokens += sequences.reduce(0) { $0 + $1.tokens.count }
            for (name, value) in result.metrics.named { outcome.metrics[name, default: 0] += value * share }
        }
        return outcome
    }

    /// Σ log p over each sequence's counted tokens.
    static func sequenceSums(_ logProbabilities: [Float], length: Int, count: Int) -> [Double] {
        (0..<count).map { s in logProbabilities[s * length..<(s + 1) * length].reduce(0.0) { $0 + Double($1) } }
    }
}
