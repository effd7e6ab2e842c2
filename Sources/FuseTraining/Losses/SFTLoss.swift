/// Supervised fine-tuning loss: the mean negative log-likelihood of the target tokens that count
/// (targets ≥ 0: the assistant tokens, end-of-turn included), as transformers' causal-LM loss.
public enum SFTLoss {
    /// Returns Σ −logp[n] / normalizer over counted tokens and dLoss/dlogp per token (−1/normalizer
    /// on counted tokens, 0 elsewhere). `normalizer` defaults to this batch's counted tokens; pass the
    /// count over all micro-batches of an accumulated step so the sum of their gradients equals the
    /// gradient of the whole step.
    public static func evaluate(logProbabilities: [Float], targets: [Int32], normalizer: Int? = nil)
        -> (loss: Double, gradients: [Float]) {
        precondition(logProbabilities.count == targets.count, "one log-probability per target")
        let counted = targets.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        let total = Double(max(1, normalizer ?? counted))
        var loss = 0.0
        for (lp, t) in zip(logProbabilities, targets) where t >= 0 { loss -= Double(lp) }
        let g = Float(-1 / total)
        return (loss / total, targets.map { $0 >= 0 ? g : 0 })
    }
}
