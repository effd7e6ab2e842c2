extension WeightMatrix {
    /// Batches up to this size use the fused decode-and-dot kernels; larger ones decode panels of
    /// W to floats and run the packed GEMM.
    public static let fusedBatchLimit = 8

    /// Y[b, 0..<rows] = (accumulate ? Y : 0) + X[b, 0..<columns] · Wᵀ for b in 0..<batch
    /// (a linear layer without bias). Rows of X are `xStride` floats apart, rows of Y `yStride`.
    /// `activations` chooses the arithmetic of batches up to `fusedBatchLimit` (see
    /// `ActivationPrecision`); larger batches always run the float GEMM.
    public func forward(_ x: UnsafePointer<Float>, batch: Int, into y: UnsafeMutablePointer<Float>,
                        xStride: Int? = nil, yStride: Int? = nil, accumulate: Bool = false,
                        activations: ActivationPrecision = .float32, threads: Int = Parallel.threadCount) {
        let ldx = xStride ?? columns, ldy = yStride ?? rows
        guard batch > 0 else { return }
        if batch > Self.fusedBatchLimit {
            let source: GEMMBSource = type == .f32
                ? .transposed(data.assumingMemoryBound(to: Float.self), ld: columns) : .weights(self)
            GEMM.run(m: batch, n: rows, k: columns, a: x, lda: ldx, b: source, c: y, ldc: ldy,
                     accumulate: accumulate, threads: threads)
            return
        }
        #if arch(x86_64)
        if activations == .int8 {
            switch type {
            case .q4_0: return int8Fused(BlockQ4_0.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q4_1: return int8Fused(BlockQ4_1.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q5_0: return int8Fused(BlockQ5_0.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q5_1: return int8Fused(BlockQ5_1.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q8_0: return int8Fused(BlockQ8_0.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q4_K: return int8Fused(BlockQ4_K.self, x, ldx, batch, y, ldy, accumulate, threads)
            case .q6_K: return int8Fused(BlockQ6_K.self, x, ldx, batch, y, ldy, accumulate, threads)
            default: break
            }
        }
        #endif
        switch type {
        case .f32: fused(BlockF32.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .f16: fused(BlockF16.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .bf16: fused(BlockBF16.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q4_0: fused(BlockQ4_0.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q4_1: fused(BlockQ4_1.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q5_0: fused(BlockQ5_0.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q5_1: fused(BlockQ5_1.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q8_0: fused(BlockQ8_0.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q4_K: fused(BlockQ4_K.self, x, ldx, batch, y, ldy, accumulate, threads)
        case .q6_K: fused(BlockQ6_K.self, x, ldx, batch, y, ldy, accumulate, threads)
        default: preconditionFailure("unsupported type \(type) passed init")
        }
    }

    /// The fused path for blocks `B`: the sums of X over each offset's span (what the blocks'
    /// offsets multiply), then the rows of W split across threads.
    @inline(__always)
    private func fused<B: WeightBlock>(_: B.Type, _ x: UnsafePointer<Float>, _ ldx: Int, _ batch: Int,
                                       _ y: UnsafeMutablePointer<Float>, _ ldy: Int, _ accumulate: Bool,
                                       _ threads: Int) {
        let spans = (columns / 32) * XSums.spansPerChunk(B.form)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, spans * batch)) { buffer in
            let sums = XSums(x, ldx: ldx, batch: batch, chunks: columns / 32, form: B.form, into: buffer.baseAddress!)
            let parts = Parallel.split(rows, parts: threads, granularity: 8)
            Parallel.forEach(parts.count, threads: threads) { t in
                fusedRows(B.self, parts[t], x, ldx, batch, y, ldy, accumulate, sums)
            }
        }
    }

    /// Y[b, r] (+)= W[r, :] · X[b, :] for r in `rows`, decoding each weight chunk once per eight (or four)
    /// rows of X.
    @inline(__always)
    private func fusedRows<B: WeightBlock>(_: B.Type, _ rows: Range<Int>, _ x: UnsafePointer<Float>, _ ldx: Int,
                                           _ batch: Int, _ y: UnsafeMutablePointer<Float>, _ ldy: Int,
                                           _ accumulate: Bool, _ sums: XSums) {
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
                finish(dot8(B.self, w, chunks, x + b * ldx, ldx, sums, b), b, 8)
                b += 8
            }
            while b + 4 <= batch {
                let s = dot4(B.self, w, chunks, x + b * ldx, ldx, sums, b)
                finish(SIMD8(s[0], s[1], s[2], s[3], 0, 0, 0, 0), b, 4)
                b += 4
            }
            while b < batch {
                finish(SIMD8(dot1(B.self, w, chunks, x + b * ldx, sums, b), 0, 0, 0, 0, 0, 0, 0), b, 1)
                b += 1
            }
        }
    }
}

/// Σ x over each span of X's rows that a block offset multiplies (32 columns, or 16 for
/// `.halves`), stored span-major (`p[span · batch + b]`) so that the sums of consecutive rows of X
/// load as one vector. Formats without offsets need none.
struct XSums {
    let p: UnsafeMutablePointer<Float>
    let batch: Int

    static func spansPerChunk(_ form: ChunkForm) -> Int {
        switch form {
        case .plain, .scaled, .scaledHalves: 0
        case .affine: 1
        case .halves: 2
        }
    }

    @inline(__always)
    init(_ x: UnsafePointer<Float>, ldx: Int, batch: Int, chunks: Int, form: ChunkForm,
         into p: UnsafeMutablePointer<Float>) {
        (self.p, self.batch) = (p, batch)
        let perChunk = Self.spansPerChunk(form)
        guard perChunk > 0 else { return }
        for b in 0..<batch {
            let xp = UnsafeRawPointer(x + b * ldx)
            for c in 0..<chunks {
                let o = 128 * c
                let lo = xp.loadUnaligned(fromByteOffset: o, as: F8.self) + xp.loadUnaligned(fromByteOffset: o + 32, as: F8.self)
                let hi = xp.loadUnaligned(fromByteOffset: o + 64, as: F8.self) + xp.loadUnaligned(fromByteOffset: o + 96, as: F8.self)
                if perChunk == 1 {
                    p[c * batch + b] = (lo + hi).sum()
                } else {
                    p[(2 * c) * batch + b] = lo.sum()
                    p[(2 * c + 1) * batch + b] = hi.sum()
                }
            }
        }
    }

    /// The sum of span `s` for row b of X.
    @inline(__always) subscript(_ s: Int, _ b: Int) -> Float { p[s * batch + b] }
    /// The sums of span `s` for rows b ..< b + N of X.
    @inline(__always) func load<V: SIMD>(_: V.Type, _ s: Int, _ b: Int) -> V where V.Scalar == Float {
        UnsafeRawPointer(p + s * batch + b).loadUnaligned(as: V.self)
    }
}

// The dot products below follow one formula per chunk of 32 weights and row of X, whatever the
// batch: the unscaled values times x summed in a fresh vector (a = q0·x0 + q1·x1 + q2·x2 + q3·x3,
// or one such sum per 16-weight half for `.halves`), then added to the row's accumulator through
// the chunk's scale; the offsets are applied once per span through the precomputed Σx
// (off += offset · Σx). A row's result is `horizontalSum(acc) + off`. Only one operation per chunk
// depends on the previous chunk, so a single row does not wait on a chain of four FMAs per chunk,
// and `dot1`, `dot4` and `dot8` give bitwise-equal results: a sequence's logits do not depend on
// how many other sequences share its batch (up to `fusedBatchLimit`), so seeded sampling gives
// the same text alone or batched, and a resumed run regenerates exactly what a killed one lost.

/// Adds one chunk of one row of X (32 floats at `p`) to the accumulator `acc`.
@inline(__always)
private func accumulate<B: WeightBlock>(_: B.Type, _ c: QuantizedChunk, _ p: UnsafeRawPointer, _ acc: inout F8) {
    let x0 = p.loadUnaligned(as: F8.self), x1 = p.loadUnaligned(fromByteOffset: 32, as: F8.self)
    let x2 = p.loadUnaligned(fromByteOffset: 64, as: F8.self), x3 = p.loadUnaligned(fromByteOffset: 96, as: F8.self)
    switch B.form {
    case .plain, .scaled, .affine:
        let a = ((c.q.v0 * x0).addingProduct(c.q.v1, x1).addingProduct(c.q.v2, x2)).addingProduct(c.q.v3, x3)
        if B.form == .plain { acc += a } else { acc = acc.addingProduct(a, F8(repeating: c.scaleLo)) }
    case .halves, .scaledHalves:
        let lo = (c.q.v0 * x0).addingProduct(c.q.v1, x1), hi = (c.q.v2 * x2).addingProduct(c.q.v3, x3)
        acc += (lo * F8(repeating: c.scaleLo)).addingProduct(hi, F8(repeating: c.scaleHi))
    }
}

/// Adds chunk `k`'s offsets times the Σx of its spans for rows b ..< b + N of X.
@inline(__always)
private func addOffsets<B: WeightBlock, V: SIMD>(_: B.Type, _ c: QuantizedChunk, _ k: Int, _ sums: XSums, _ b: Int,
                                                  _ off: inout V) where V.Scalar == Float {
    switch B.form {
    case .plain, .scaled, .scaledHalves: break
    case .affine:
        off = off.addingProduct(V(repeating: c.offsetLo), sums.load(V.self, k, b))
    case .halves:
        off = off.addingProduct(V(repeating: c.offsetLo), sums.load(V.self, 2 * k, b))
        off = off.addingProduct(V(repeating: c.offsetHi), sums.load(V.self, 2 * k + 1, b))
    }
}

/// `addOffsets` for one row of X.
@inline(__always)
private func addOffsets<B: WeightBlock>(_: B.Type, _ c: QuantizedChunk, _ k: Int, _ sums: XSums, _ b: Int,
                                        _ off: inout Float) {
    switch B.form {
    case .plain, .scaled, .scaledHalves: break
    case .affine:
        off.addProduct(c.offsetLo, sums[k, b])
    case .halves:
        off.addProduct(c.offsetLo, sums[2 * k, b])
        off.addProduct(c.offsetHi, sums[2 * k + 1, b])
    }
}

/// W[r, :] · X[b, :] for one row of X (`chunks` chunks of 32 weights of a row of blocks `B`).
@inline(__always)
private func dot1<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>,
                                  _ sums: XSums, _ b: Int) -> Float {
    var acc = F8(), off: Float = 0
    let perBlock = B.weights / 32
    var xp = UnsafeRawPointer(x), wp = w
    var k = 0
    while k < chunks {
        for sub in 0..<perBlock {
            let c = B.values(wp, sub)
            accumulate(B.self, c, xp, &acc)
            addOffsets(B.self, c, k + sub, sums, b, &off)
            xp += 128
        }
        wp += B.bytes
        k += perBlock
    }
    return horizontalSum(acc) + off
}

/// `dot1` for the four rows b ..< b + 4 of X (x points at row b), decoding each chunk of w once.
@inline(__always)
private func dot4<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>,
                                  _ ldx: Int, _ sums: XSums, _ b: Int) -> SIMD4<Float> {
    var a0 = F8(), a1 = F8(), a2 = F8(), a3 = F8(), off = SIMD4<Float>()
    let perBlock = B.weights / 32
    let x0 = UnsafeRawPointer(x), stride = 4 * ldx
    var o = 0, k = 0
    var wp = w
    while k < chunks {
        for sub in 0..<perBlock {
            let c = B.values(wp, sub)
            accumulate(B.self, c, x0 + o, &a0)
            accumulate(B.self, c, x0 + stride + o, &a1)
            accumulate(B.self, c, x0 + 2 * stride + o, &a2)
            accumulate(B.self, c, x0 + 3 * stride + o, &a3)
            addOffsets(B.self, c, k + sub, sums, b, &off)
            o += 128
        }
        wp += B.bytes
        k += perBlock
    }
    return horizontalSums(a0, a1, a2, a3) + off
}

/// `dot1` for the eight rows b ..< b + 8 of X (x points at row b), decoding each chunk of w once.
@inline(__always)
private func dot8<B: WeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int, _ x: UnsafePointer<Float>,
                                  _ ldx: Int, _ sums: XSums, _ b: Int) -> SIMD8<Float> {
    var a0 = F8(), a1 = F8(), a2 = F8(), a3 = F8(), a4 = F8(), a5 = F8(), a6 = F8(), a7 = F8(), off = F8()
    let perBlock = B.weights / 32
    let x0 = UnsafeRawPointer(x), stride = 4 * ldx
    var o = 0, k = 0
    var wp = w
    while k < chunks {
        for sub in 0..<perBlock {
            let c = B.values(wp, sub)
            accumulate(B.self, c, x0 + o, &a0)
            accumulate(B.self, c, x0 + stride + o, &a1)
            accumulate(B.self, c, x0 + 2 * stride + o, &a2)
            accumulate(B.self, c, x0 + 3 * stride + o, &a3)
            accumulate(B.self, c, x0 + 4 * stride + o, &a4)
            accumulate(B.self, c, x0 + 5 * stride + o, &a5)
            accumulate(B.self, c, x0 + 6 * stride + o, &a6)
            accumulate(B.self, c, x0 + 7 * stride + o, &a7)
            addOffsets(B.self, c, k + sub, sums, b, &off)
            o += 128
        }
        wp += B.bytes
        k += perBlock
    }
    return SIMD8(lowHalf: horizontalSums(a0, a1, a2, a3), highHalf: horizontalSums(a4, a5, a6, a7)) + off
}
