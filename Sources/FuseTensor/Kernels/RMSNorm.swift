/// Root-mean-square layer normalisation.
public enum RMSNorm {
    /// out[r, i] = x[r, i] / √(mean_j x[r, j]² + ε) · (w[i] or 1 + w[i] when `addOne`), for each
    /// of `rows` rows of `count` floats (`out` may equal `x`). Gemma's HF checkpoints store w and
    /// need `addOne`; its GGUF files already store 1 + w.
    public static func forward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, count: Int, rows: Int = 1,
                               epsilon: Float, addOne: Bool = false, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let xr = x + r * count, yr = out + r * count
            var acc = SIMD8<Float>()
            var i = 0
            while i + 8 <= count {
                let v = UnsafeRawPointer(xr + i).loadUnaligned(as: SIMD8<Float>.self)
                acc.addProduct(v, v)
                i += 8
            }
            var sum = Double(acc.sum())
            while i < count { sum += Double(xr[i] * xr[i]); i += 1 }
            let scale = Float(1 / (sum / Double(count) + Double(epsilon)).squareRoot())
            let bias: Float = addOne ? 1 : 0
            if let w = weight {
                for j in 0..<count { yr[j] = xr[j] * scale * (w[j] + bias) }
            } else {
                for j in 0..<count { yr[j] = xr[j] * scale }
            }
        }
    }
}
