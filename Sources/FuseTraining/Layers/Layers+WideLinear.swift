import FuseTensor

extension Layers {
    /// `linearBackward` (no bias, dx overwritten) for a layer with many outputs, the vocabulary
    /// head: dweight += dyᵀ·x is taken in blocks of `scratchColumns` outputs, so `scratch` holds
    /// rows × scratchColumns floats instead of a transposed copy of all of dy. A nil `dweight`
    /// (frozen weight) skips it.
    public static func wideLinearBackward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                          weight: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                                          dx: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>?,
                                          scratch: UnsafeMutablePointer<Float>, scratchColumns: Int) {
        GEMM.multiply(m: rows, n: inputs, k: outputs, a: dy, lda: outputs, b: weight, ldb: inputs,
                      c: dx, ldc: inputs, accumulate: false)
        guard let dweight else { return }
        for first in stride(from: 0, to: outputs, by: scratchColumns) {
            let width = min(scratchColumns, outputs - first)
            transpose(dy + first, rows: rows, columns: width, lda: outputs, into: scratch)
            GEMM.multiply(m: width, n: inputs, k: rows, a: scratch, lda: rows, b: x, ldb: inputs,
                          c: dweight + first * inputs, ldc: inputs, accumulate: true)
        }
    }
}
