import Foundation

/// Adam with decoupled weight decay, step for step as `torch.optim.AdamW`:
/// p ← p·(1 − lr·λ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
public struct AdamW: Sendable {
    public var beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    /// First and second moments, one per parameter.
    public var firstMoment: [Float], secondMoment: [Float]
    /// Steps taken so far (t of the last step).
    public var step: Int = 0
    /// Ranges of the parameter buffer and whether weight decay applies to each (default: all of it).
    public var decaySegments: [(range: Range<Int>, decay: Bool)]

    public init(parameterCount: Int, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0.01, decaySegments: [(range: Range<Int>, decay: Bool)]? = nil) {
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = [Float](repeating: 0, count: parameterCount)
        self.decaySegments = decaySegments ?? [(0..<parameterCount, true)]
    }

    /// One update of `parameters` from `gradients` at this learning rate.
    public mutating func update(parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
                                learningRate: Double) {
        precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count,
                     "AdamW state, parameters and gradients must have the same size")
        step += 1
        let t = Double(step)
        let stepSize = Float(learningRate / (1 - pow(Double(beta1), t)))
        let correction2 = Float((1 - pow(Double(beta2), t)).squareRoot())
        let b1 = beta1, b2 = beta2, eps = epsilon
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for segment in decaySegments {
                    let shrink = segment.decay ? Float(1 - learningRate * Double(weightDecay)) : 1
                    for i in segment.range {
                        let g = gradients[i]
                        parameters[i] *= shrink
                        m[i] += (g - m[i]) * (1 - b1)
                        v[i] = v[i] * b2 + (1 - b2) * g * g
                        parameters[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + eps)
                    }
                }
            }
        }
    }
}

extension ParameterLayout {
    /// Segments for `AdamW`: weight decay on weight matrices and embeddings, none on biases and
    /// norm weights (transformers' Trainer default).
    public var weightDecaySegments: [(range: Range<Int>, decay: Bool)] {
        entries.map { ($0.offset..<$0.offset + $0.count, !($0.name.hasSuffix(".bias") || $0.name.contains("norm"))) }
    }
}
