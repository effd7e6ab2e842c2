import Foundation

/// Direct preference optimization losses over summed response log-probabilities, with TRL's
/// formulas (`trl/trainer/dpo_trainer.py`, `dpo_loss`) and metric names.
public struct DPOLoss: Sendable {
    /// Which DPO objective.
    public enum Kind: String, Sendable, CaseIterable, Codable {
        /// −log σ(β·d), d = (πc − πr) − (refc − refr) on summed log-probs (Rafailov et al.).
        case sigmoid
        /// −log σ(β·d), d = (πc − refc)/|yc| − (πr − refr)/|yr|: length-normalized DPO
        /// (FuseChat-3.0's Llama targets; TRL `sigmoid_norm`, open-instruct `dpo_norm`).
        case sigmoidNorm = "sigmoid_norm"
        /// (d − 1/(2β))² with d from length-averaged log-probs (TRL averages them for `ipo`).
        case ipo
    }

    /// Policy and reference log-probs of each pair's chosen and rejected responses (summed over the
    /// response tokens) and the response token counts.
    public struct Batch: Sendable {
        public var policyChosen: [Double], policyRejected: [Double]
        public var referenceChosen: [Double], referenceRejected: [Double]
        public var chosenLengths: [Int], rejectedLengths: [Int]
        public init(policyChosen: [Double], policyRejected: [Double], referenceChosen: [Double],
                    referenceRejected: [Double], chosenLengths: [Int], rejectedLengths: [Int]) {
            self.policyChosen = policyChosen; self.policyRejected = policyRejected
            self.referenceChosen = referenceChosen; self.referenceRejected = referenceRejected
            self.chosenLengths = chosenLengths; self.rejectedLengths = rejectedLengths
        }
    }

    /// TRL's logged metrics for a batch (means over the pairs).
    public struct Metrics: Sendable, Equatable {
        public var rewardsChosen = 0.0, rewardsRejected = 0.0, rewardsMargins = 0.0, rewardsAccuracies = 0.0
        public var logpsChosen = 0.0, logpsRejected = 0.0
        /// The metrics under TRL's names (`rewards/chosen`, …, `logps/rejected`).
        public var named: [String: Double] {
            ["rewards/chosen": rewardsChosen, "rewards/rejected": rewardsRejected, "rewards/margins": rewardsMargins,
             "rewards/accuracies": rewardsAccuracies, "logps/chosen": logpsChosen, "logps/rejected": logpsRejected]
        }
    }

    /// The batch-mean loss, its gradient with respect to each policy log-prob, and the metrics.
    public struct Result: Sendable {
        public var loss: Double
        public var chosenGradients: [Double], rejectedGradients: [Double]
        public var metrics: Metrics
    }

    public var kind: Kind
    public var beta: Double
    /// Conservative-DPO smoothing ε for the sigmoid losses: −(1−ε)·log σ(β·d) − ε·log σ(−β·d).
    /// (TRL applies it to `sigmoid`; here it applies to `sigmoid_norm` the same way.)
    public var labelSmoothing: Double

    public init(kind: Kind, beta: Double, labelSmoothing: Double = 0) {
        self.kind = kind
        self.beta = beta
        self.labelSmoothing = labelSmoothing
    }

    /// Evaluates the loss on a batch of pairs.
    public func evaluate(_ batch: Batch) -> Result {
        let count = batch.policyChosen.count
        precondition([batch.policyRejected.count, batch.referenceChosen.count, batch.referenceRejected.count,
                      batch.chosenLengths.count, batch.rejectedLengths.count].allSatisfy { $0 == count },
                      "every DPO batch field needs one value per pair")
        var result = Result(loss: 0, chosenGradients: [], rejectedGradients: [], metrics: Metrics())
        let scale = 1 / Double(max(1, count))
        for i in 0..<count {
            let lc = Double(max(1, batch.chosenLengths[i])), lr = Double(max(1, batch.rejectedLengths[i]))
            var pc = batch.policyChosen[i], pr = batch.policyRejected[i]
            var rc = batch.referenceChosen[i], rr = batch.referenceRejected[i]
            // d(loss)/d(d), and d(d)/d(pc), d(d)/d(pr).
            let loss: Double, slope: Double, dc: Double, dr: Double
            switch kind {
            case .sigmoid, .sigmoidNorm:
                let d: Double
                if kind == .sigmoid { d = (pc - pr) - (rc - rr); dc = 1; dr = -1 } else {
                    d = (pc - rc) / lc - (pr - rr) / lr; dc = 1 / lc; dr = -1 / lr
                }
                let z = beta * d, e = labelSmoothing
                loss = -(1 - e) * Self.logSigmoid(z) - e * Self.logSigmoid(-z)
                slope = beta * (-(1 - e) * Self.sigmoid(-z) + e * Self.sigmoid(z))
            case .ipo:
                pc /= lc; pr /= lr; rc /= lc; rr /= lr
                let d = (pc - pr) - (rc - rr), gap = d - 1 / (2 * beta)
                loss = gap * gap
                slope = 2 * gap
                dc = 1 / lc; dr = -1 / lr
            }
            result.loss += loss * scale
            result.chosenGradients.append(slope * dc * scale)
            result.rejectedGradients.append(slope * dr * scale)
            let chosenReward = beta * (pc - rc), rejectedReward = beta * (pr - rr)
            result.metrics.rewardsChosen += chosenReward * scale
            result.metrics.rewardsRejected += rejectedReward * scale
            result.metrics.rewardsMargins += (chosenReward - rejectedReward) * scale
            result.metrics.rewardsAccuracies += chosenReward > rejectedReward ? scale : 0
            result.metrics.logpsChosen += pc * scale
            result.metrics.logpsRejected += pr * scale
        }
        return result
    }

    /// log σ(x) without overflow.
    static func logSigmoid(_ x: Double) -> Double { x < 0 ? x - log1p(exp(x)) : -log1p(exp(-x)) }
    static func sigmoid(_ x: Double) -> Double { x < 0 ? exp(x) / (1 + exp(x)) : 1 / (1 + exp(-x)) }
}
