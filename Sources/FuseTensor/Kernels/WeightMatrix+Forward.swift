extension WeightMatrix {
    /// Batches up to this size use the fused decode-and-dot kernels; larger ones decode panels of
    /// W to floats and run the packed GEMM.
    public static let fusedBatchLimit = 8

    /// Y[b, 0..<rows] = (accumulate ? Y : 0) + X[b, 0..<columns] · Wᵀ for b in 0..<batch
    /// (a linear layer without bias). Rows of X are `xStride` floats apart, rows of Y `yStride`.
    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>,
                        xStride: Int? = nil, yStride: Int? = nil, accumulate: Bool = false,
                        threads: Int = Parallel.threadCount) {
        let ldx = xStride ?? columns, ldy = yStride ?? rows
        guard batch > 0 else { return }
        if batch > Self.fusedBatchLimit {
            let source: GEMMBSource = type == .f32
                ? .transposed(data.assumingMemoryBound(to: Float.self), ld: columns) : .weights(self)
            GEMM.run(m: batch, n: rows, k: columns, a: x, lda: ldx, b: source, c: y, ldc: ldy,
                     accumulate: accumulate, threads: threads)
            return
        }
        let parts = Parallel.split(rows, parts: threads, granularity: 8)
        Parallel.forEach(parts.count, threads: threads) { t in
            switch type {
            case .f32: fusedRows(BlockF32.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .f16: fusedRows(BlockF16.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .bf16: fusedRows(BlockBF16.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q4_0: fusedRows(BlockQ4_0.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q4_1: fusedRows(BlockQ4_1.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q5_0: fusedRows(BlockQ5_0.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q5_1: fusedRows(BlockQ5_1.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q8_0: fusedRows(BlockQ8_0.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q4_K: fusedRows(BlockQ4_K.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            case .q6_K: fusedRows(BlockQ6_K.self, parts[t], x, ldx, batch, y, ldy, accumulate)
            default: preconditionFailure("unsupported type \(type) passed init")
            }
        }
    }

    /// Y[b, r] (+)= W[r, :] · X[b, :] for r in `rows`, decoding each weight chunk once per eight (or four)
    /// rows of X.
    @inline(__always)
    private func fusedRows<B: WeightBlock>(_: B.Type, _ rows: Range<Int>, _ x: UnsafePointer<Float>, _ ldx: Int,
                                           _ batch: Int, _ y: UnsafeMutablePointer<Float>, _ ldy: Int,
                                           _ accumulate: Bool) {
        let chunks = columns / 32
        let tail = columns - chunks * 32
        var tailBuffer = (F8(), F8(), F8(), F8())
        for r in rows {
            let w = data + r * rowBytes
            /// Adds the columns after the last whole chunk to the sums of X rows b ..< b + n, then
            /// stores them in Y (the same arithmetic for every kernel, so batching changes nothing).
            @inline(__always) func finish(_ sums: SIMD8<Float>, _ b: Int, _ n: Int) {
                var s = sums
                if tail > 0 {
                    withUnsafeMutableBytes(of: &tailBuffer) { t in
                        let tw = t.baseAddress!.assumingMemoryBound(to: Float.self)
                        dequantize(row: r, from: chunks * 32, count: tail, into: tw)
                        for i in 0..<tail {
                            for q in 0..<n { s[q] += tw[i] * x[(b + q) * ldx + chunks * 32 + i] }
                        }
                    }
                }
                for q in 0..<n { y[(b + q) * ldy + r] = (accumulate ? y[(b + q) * ldy + r] : 0) + s[q] }
            }
            var b = 0
            while b + 8 <= batch {
                let (lo, hi) = dot8(B.self, w, chunks, x + b * ldx, ldx)
                finish(SIMD8(lo[0], lo[1], lo[2], lo[3], hi[0], hi[1], hi[2], hi[3]), b, 8)
                b += 8
            }
            while b + 4 <= batch {
                let s = dot4(B.self, w, chunks, x + b * ldx, ldx)
                finish(SIMD8(s[0], s[1], s[2], s[3], 0, 0, 0, 0), b, 4)
                b += 4
            }
            while b < batch {
                finish(SIMD8(dot1(B.self, w, chunks, x + b * ldx), 0, 0, 0, 0, 0, 0, 0), b, 1)
                b += 1
            }
        }
    }
}

/// Σ_k w[k] · x[k] over `chunks` chunks of 32 weights of a row of blocks `B`.
///
/// `dot1`, `dot4` and `dot8` add the products of a row in the same order (one accumulator per row,
/// chunk after chunk, lanes summed at the end), so a sequence's logits do not depend on how many
/// other sequences share its batch (up to `fusedBatchLimit`): seeded sampling gives the same text
/// alone or batched, and a resumed run regenerates exactly what a killed one lost.
@inline(__always)
private func dot1<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>) -> Float {
    var acc = F8()
    let perBlock = B.weights / 32
    var xp = UnsafeRawPointer(x)
    var c = 0
    var wp = w
    while c < chunks {
        for sub in 0..<perBlock {
            let v = B.decode(wp, sub)
            acc.addProduct(v.v0, xp.loadUnaligned(as: F8.self))
            acc.addProduct(v.v1, xp.loadUnaligned(fromByteOffset: 32, as: F8.self))
            acc.addProduct(v.v2, xp.loadUnaligned(fromByteOffset: 64, as: F8.self))
            acc.addProduct(v.v3, xp.loadUnaligned(fromByteOffset: 96, as: F8.self))
            xp += 128
        }
        wp += B.bytes
        c += perBlock
    }
    return acc.sum()
}

/// (Σ_k w[k] · x_q[k]) for the four rows x_q = x + q · ldx, decoding each chunk of w once.
@inline(__always)
private func dot4<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>,
                                  _ ldx: Int) -> SIMD4<Float> {
    var a0 = F8(), a1 = F8(), a2 = F8(), a3 = F8()
    let perBlock = B.weights / 32
    let x0 = UnsafeRawPointer(x), x1 = UnsafeRawPointer(x + ldx), x2 = UnsafeRawPointer(x + 2 * ldx),
        x3 = UnsafeRawPointer(x + 3 * ldx)
    var o = 0
    var c = 0
    var wp = w
    while c < chunks {
        for sub in 0..<perBlock {
            let v = B.decode(wp, sub)
            @inline(__always) func row(_ acc: inout F8, _ p: UnsafeRawPointer) {
                acc.addProduct(v.v0, p.loadUnaligned(fromByteOffset: o, as: F8.self))
                acc.addProduct(v.v1, p.loadUnaligned(fromByteOffset: o + 32, as: F8.self))
                acc.addProduct(v.v2, p.loadUnaligned(fromByteOffset: o + 64, as: F8.self))
                acc.addProduct(v.v3, p.loadUnaligned(fromByteOffset: o + 96, as: F8.self))
            }
            row(&a0, x0); row(&a1, x1); row(&a2, x2); row(&a3, x3)
            o += 128
        }
        wp += B.bytes
        c += perBlock
    }
    return SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
}

/// `dot4` for eight rows of x: each chunk of w is decoded once for all eight.
@inline(__always)
private func dot8<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>,
                                  _ ldx: Int) -> (SIMD4<Float>, SIMD4<Float>) {
    var a0 = F8(), a1 = F8(), a2 = F8(), a3 = F8(), a4 = F8(), a5 = F8(), a6 = F8(), a7 = F8()
    let perBlock = B.weights / 32
    let x0 = UnsafeRawPointer(x), stride = 4 * ldx
    var o = 0
    var c = 0
    var wp = w
    while c < chunks {
        for sub in 0..<perBlock {
            let v = B.decode(wp, sub)
            @inline(__always) func row(_ acc: inout F8, _ q: Int) {
                let p = x0 + q * stride + o
                acc.addProduct(v.v0, p.loadUnaligned(as: F8.self))
                acc.addProduct(v.v1, p.loadUnaligned(fromByteOffset: 32, as: F8.self))
                acc.addProduct(v.v2, p.loadUnaligned(fromByteOffset: 64, as: F8.self))
                acc.addProduct(v.v3, p.loadUnaligned(fromByteOffset: 96, as: F8.self))
            }
            row(&a0, 0); row(&a1, 1); row(&a2, 2); row(&a3, 3); row(&a4, 4); row(&a5, 5); row(&a6, 6); row(&a7, 7)
            o += 128
        }
        wp += B.bytes
        c += perBlock
    }
    return (SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum()), SIMD4(a4.sum(), a5.sum(), a6.sum(), a7.sum()))
}
