/// Gradient clipping by global L2 norm, as `torch.nn.utils.clip_grad_norm_`.
public enum GradientClipping {
    /// Scales `gradients` by min(1, maxNorm / (‖g‖ + 1e-6)) and returns ‖g‖ before clipping.
    @discardableResult
    public static func clip(_ gradients: UnsafeMutableBufferPointer<Float>, maxNorm: Double) -> Double {
        var sum = 0.0
        for g in gradients { sum += Double(g) * Double(g) }
        let norm = sum.squareRoot()
        let coefficient = maxNorm / (norm + 1e-6)
        if coefficient < 1 {
            let c = Float(coefficient)
            for i in gradients.indices { gradients[i] *= c }
        }
        return norm
    }
}
