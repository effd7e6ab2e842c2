/// What one optimizer step's micro-batches contributed: the step's loss (already the mean over
/// the whole step), the real (unpadded) tokens run through the model, and extra metrics (means
/// over the step).
public struct StepOutcome: Sendable {
    public var loss: Double
    public var tokens: Int
    public var metrics: [String: Double]
}

/// A loss over a list of examples that `TrainingLoop` can step: it runs forward and backward on
/// a step's micro-batches (adding into the model's gradients) and reports the outcome.
protocol TrainingObjective {
    /// Length of each example (for bucketing).
    var lengths: [Int] { get }
    func accumulate(_ microBatches: [[Int]], model: TrainableModel) throws(TrainingError) -> StepOutcome
}

/// Pads sequences of different lengths to one batch: token 0 after each sequence's end (any id
/// would do: attention is causal, so padding after a sequence never reaches its real tokens) and
/// target −1 there.
func paddedBatch(_ sequences: [(tokens: [Int32], targets: [Int32])]) -> (tokens: [Int32], targets: [Int32], length: Int) {
    let length = sequences.map(\.tokens.count).max() ?? 0
    var tokens: [Int32] = [], targets: [Int32] = []
    tokens.reserveCapacity(length * sequences.count)
    targets.reserveCapacity(length * sequences.count)
    for s in sequences {
        tokens += s.tokens + [Int32](repeating: 0, count: length - s.tokens.count)
        targets += s.targets + [Int32](repeating: -1, count: length - s.targets.count)
    }
    return (tokens, targets, length)
}
