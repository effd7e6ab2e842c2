/// Single-precision matrix products on the CPU: packed panels, a 6×16 SIMD8 register tile,
/// K blocking, split across cores. All matrices are row-major with explicit leading dimensions.
public enum GEMM {
    /// C[M,N] = (accumulate ? C : 0) + A[M,K] · B[K,N].
    public static func multiply(m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int,
                                accumulate: Bool = false, threads: Int = Parallel.threadCount) {
        run(m: m, n: n, k: k, a: .rows(a, ld: lda), b: .rows(b, ld: ldb), c: c, ldc: ldc,
            accumulate: accumulate, threads: threads)
    }

    /// C[M,N] = (accumulate ? C : 0) + Aᵀ · B[K,N] with A stored as [K, M] rows (leading dimension
    /// `lda`): the weight gradient dW += dYᵀ·X of a linear layer, without a transposed copy of dY.
    public static func multiplyTransposedLeft(m: Int, n: Int, k: Int,
                                              a: UnsafePointer<Float>, lda: Int,
                                              b: UnsafePointer<Float>, ldb: Int,
                                              c: UnsafeMutablePointer<Float>, ldc: Int,
                                              accumulate: Bool = false, threads: Int = Parallel.threadCount) {
        run(m: m, n: n, k: k, a: .transposed(a, ld: lda), b: .rows(b, ld: ldb), c: c, ldc: ldc,
            accumulate: accumulate, threads: threads)
    }

    /// C[M,N] = (accumulate ? C : 0) + A[M,K] · W[N,K]ᵀ: the product with model weights stored as
    /// [out, in] rows (y = x · Wᵀ).
    public static func multiplyTransposed(m: Int, n: Int, k: Int,
                                          a: UnsafePointer<Float>, lda: Int,
                                          w: UnsafePointer<Float>, ldw: Int,
                                          c: UnsafeMutablePointer<Float>, ldc: Int,
                                          accumulate: Bool = false, threads: Int = Parallel.threadCount) {
        run(m: m, n: n, k: k, a: .rows(a, ld: lda), b: .transposed(w, ld: ldw), c: c, ldc: ldc,
            accumulate: accumulate, threads: threads)
    }

    // Cache blocking (floats): an A block of mcMax × kc stays in L2, a 16-wide B panel of kc
    // floats per column stays in L1 (kc ≤ 320 → ≤ 20 KiB).
    static let kcMax = 320
    static let mcMax = 96

    static func run(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: GEMMBSource,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int) {
        run(m: m, n: n, k: k, a: .rows(a, ld: lda), b: b, c: c, ldc: ldc, accumulate: accumulate, threads: threads)
    }

    static func run(m: Int, n: Int, k: Int, a: GEMMASource, b: GEMMBSource,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, threads: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let nr = GEMMTile.columns, mr = GEMMTile.rows
        // Each thread packs all of the operand it does not split: split the columns (every thread
        // packs all of A) when there are enough of them and A is the smaller operand, or when B is
        // dequantized while packing (costly to repeat); otherwise split the rows (every thread
        // packs all of B). Weight gradients (M = outputs up to the vocabulary, N = inputs) split rows.
        var dequantizes = false
        if case .weights = b { dequantizes = true }
        let wide = n >= 2 * nr * threads
        let byColumns = (wide && (m <= n || dequantizes)) || m < 2 * mr * threads
        let parts = byColumns ? Parallel.split(n, parts: threads, granularity: nr)
                              : Parallel.split(m, parts: threads, granularity: mr)
        Parallel.forEach(parts.count, threads: threads) { t in
            let rows = byColumns ? 0..<m : parts[t]
            let cols = byColumns ? parts[t] : 0..<n
            serial(rows: rows, cols: cols, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// One thread's share: C[rows, cols] over the whole K.
    static func serial(rows: Range<Int>, cols: Range<Int>, k: Int, a: GEMMASource,
                       b: GEMMBSource, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        let nr = GEMMTile.columns, mr = GEMMTile.rows
        let g = b.kGranularity
        let kBlocks = (k + kcMax - 1) / kcMax
        let kcStep = min(k, ((k + kBlocks - 1) / kBlocks + g - 1) / g * g)
        let nc = cols.count, mAll = rows.count
        let panels = (nc + nr - 1) / nr
        let mc = min(mcMax, (mAll + mr - 1) / mr * mr)
        let bCount = panels * nr * kcStep, aCount = mc * kcStep
        ScratchPool.withFloats(bCount + aCount + nr * kcStep) { buffer in
            serial(rows: rows, cols: cols, k: k, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate,
                   kcStep: kcStep, mc: mc, bPack: buffer, aPack: buffer + bCount, scratch: buffer + bCount + aCount)
        }
    }

    /// `serial` with its packing buffers: B panels, an A block and a transposing scratch.
    private static func serial(rows: Range<Int>, cols: Range<Int>, k: Int, a: GEMMASource,
                               b: GEMMBSource, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
                               kcStep: Int, mc: Int, bPack: UnsafeMutablePointer<Float>,
                               aPack: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let nr = GEMMTile.columns, mr = GEMMTile.rows
        let nc = cols.count
        let panels = (nc + nr - 1) / nr
        var edge = [Float](repeating: 0, count: mr * nr)
        var k0 = 0
        while k0 < k {
            let kc = min(kcStep, k - k0)
            let add = accumulate || k0 > 0
            b.pack(k0: k0, kc: kc, n0: cols.lowerBound, nc: nc, into: bPack, scratch: scratch)
            var i0 = rows.lowerBound
            while i0 < rows.upperBound {
                let mb = min(mc, rows.upperBound - i0)
                a.pack(i0: i0, mc: mb, k0: k0, kc: kc, into: aPack)
                for p in 0..<panels {
                    let j = cols.lowerBound + p * nr
                    let width = min(nr, cols.upperBound - j)
                    let bp = UnsafePointer(bPack + p * nr * kc)
                    var s = 0
                    while s < mb {
                        let height = min(mr, mb - s)
                        let ap = UnsafePointer(aPack + s * kc)
                        let cp = c + (i0 + s) * ldc + j
                        if height == mr && width == nr {
                            gemmKernel6x16(kc, ap, bp, cp, ldc, add)
                        } else {
                            edge.withUnsafeMutableBufferPointer { e in
                                gemmKernel6x16(kc, ap, bp, e.baseAddress!, nr, false)
                                for r in 0..<height {
                                    for q in 0..<width {
                                        cp[r * ldc + q] = (add ? cp[r * ldc + q] : 0) + e[r * nr + q]
                                    }
                                }
                            }
                        }
                        s += mr
                    }
                }
                i0 += mb
            }
            k0 += kc
        }
    }
}
