import Foundation
import FuseTensor

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

    /// One update of `parameters` from `gradients` at this learning rate. The buffer is cut into one
    /// range per thread, 8 lanes at a time; every element sees the same operations as the scalar
    /// formula above, so the result does not depend on the thread count.
    public mutating func update(parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeBufferPointer<Float>,
                                learningRate: Double) {
        precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count,
                     "AdamW state, parameters and gradients must have the same size")
        step += 1
        let t = Double(step)
        let stepSize = Float(learningRate / (1 - pow(Double(beta1), t)))
        let correction2 = Float((1 - pow(Double(beta2), t)).squareRoot())
        let b1 = beta1, b2 = beta2, eps = epsilon, segments = decaySegments
        let decayed = Float(1 - learningRate * Double(weightDecay))
        guard let p = parameters.baseAddress, let g = gradients.baseAddress else { return }
        firstMoment.withUnsafeMutableBufferPointer { mb in
            secondMoment.withUnsafeMutableBufferPointer { vb in
                let m = mb.baseAddress!, v = vb.baseAddress!
                Parallel.forRanges(parameters.count, granularity: 64) { range in
                    for segment in segments {
                        let lo = max(range.lowerBound, segment.range.lowerBound)
                        let hi = min(range.upperBound, segment.range.upperBound)
                        guard lo < hi else { continue }
                        let shrink: Float = segment.decay ? decayed : 1
                        Layers.forEachChunk(hi - lo) { j, lanes in
                            let i = lo + j
                            let gi = Layers.load(g + i, lanes)
                            let pi = Layers.load(p + i, lanes) * shrink
                            var mi = Layers.load(m + i, lanes), vi = Layers.load(v + i, lanes)
                            mi += (gi - mi) * (1 - b1)
                            vi = vi * b2 + (1 - b2) * gi * gi
                            Layers.store(mi, m + i, lanes)
                            Layers.store(vi, v + i, lanes)
                            Layers.store(pi - stepSize * mi / (vi.squareRoot() / correction2 + eps), p + i, lanes)
                        }
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
