import FuseTensor

extension Layers {
    /// y[N, out] = x[N, in] · Wᵀ (+ b), W stored [out, in] as in PyTorch.
    public static func linearForward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                     rows: Int, inputs: Int, outputs: Int, output y: UnsafeMutablePointer<Float>) {
        GEMM.multiplyTransposed(m: rows, n: outputs, k: inputs, a: x, lda: inputs, w: weight, ldw: inputs,
                                c: y, ldc: outputs)
        guard let bias else { return }
        for r in 0..<rows {
            let yr = y + r * outputs
            for j in 0..<outputs { yr[j] += bias[j] }
        }
    }

    /// dx (+)= dy · W, dW += dyᵀ · x, db += Σ_rows dy (dW and db skipped when `nil`: frozen).
    /// dyᵀ is read in place by the GEMM's transposed-left packing (no transposed copy).
    public static func linearBackward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                      rows: Int, inputs: Int, outputs: Int,
                                      dx: UnsafeMutablePointer<Float>, accumulate: Bool,
                                      dweight: UnsafeMutablePointer<Float>?, dbias: UnsafeMutablePointer<Float>?) {
        GEMM.multiply(m: rows, n: inputs, k: outputs, a: dy, lda: outputs, b: weight, ldb: inputs,
                      c: dx, ldc: inputs, accumulate: accumulate)
        if let dweight {
            GEMM.multiplyTransposedLeft(m: outputs, n: inputs, k: rows, a: dy, lda: outputs, b: x, ldb: inputs,
                                        c: dweight, ldc: inputs, accumulate: true)
        }
        guard let dbias else { return }
        for r in 0..<rows {
            let dyr = dy + r * outputs
            for j in 0..<outputs { dbias[j] += dyr[j] }
        }
    }

    /// out[c, r] = a[r, c] (with row strides `lda` and `ldo`), in 32×32 tiles.
    static func transpose(_ a: UnsafePointer<Float>, rows: Int, columns: Int, lda: Int? = nil,
                          into out: UnsafeMutablePointer<Float>, ldo: Int? = nil) {
        let la = lda ?? columns, lo = ldo ?? rows, tile = 32
        for r0 in stride(from: 0, to: rows, by: tile) {
            for c0 in stride(from: 0, to: columns, by: tile) {
                for r in r0..<min(r0 + tile, rows) {
                    for c in c0..<min(c0 + tile, columns) { out[c * lo + r] = a[r * la + c] }
                }
            }
        }
    }
}
