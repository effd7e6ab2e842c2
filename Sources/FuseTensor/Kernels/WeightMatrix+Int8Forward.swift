#if arch(x86_64)
import _Builtin_intrinsics.intel

extension WeightMatrix {
    /// The `.int8` path of `forward` for blocks `B` (batch ≤ `fusedBatchLimit`): X quantized to
    /// 8 bits per block of 32 once, then the rows of W split across threads.
    @inline(__always)
    func int8Fused<B: IntegerWeightBlock>(_: B.Type, _ x: UnsafePointer<Float>, _ ldx: Int, _ batch: Int,
                                          _ y: UnsafeMutablePointer<Float>, _ ldy: Int, _ accumulate: Bool,
                                          _ threads: Int) {
        let bytes = Int8Rows.byteCount(batch: batch, columns: columns)
        withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 32) { storage in
            let xq = Int8Rows(x, ldx: ldx, batch: batch, columns: columns, storage: storage.baseAddress!)
            let parts = Parallel.split(rows, parts: threads, granularity: 8)
            Parallel.forEach(parts.count, threads: threads) { t in
                int8Rows(B.self, parts[t], xq, batch, y, ldy, accumulate)
            }
        }
    }

    /// Y[b, r] (+)= W[r, :] · X[b, :] for r in `rows`, each weight chunk decoded once per eight
    /// (or four) rows of X; at batch 1, four rows of W at a time share one reduction.
    @inline(__always)
    private func int8Rows<B: IntegerWeightBlock>(_: B.Type, _ rows: Range<Int>, _ x: Int8Rows, _ batch: Int,
                                                 _ y: UnsafeMutablePointer<Float>, _ ldy: Int, _ accumulate: Bool) {
        var first = rows.lowerBound
        if batch == 1 {
            while first + 4 <= rows.upperBound {
                let w = data + first * rowBytes
                let r0 = int8Dot1Unreduced(B.self, w, x, 0)
                let r1 = int8Dot1Unreduced(B.self, w + rowBytes, x, 0)
                let r2 = int8Dot1Unreduced(B.self, w + 2 * rowBytes, x, 0)
                let r3 = int8Dot1Unreduced(B.self, w + 3 * rowBytes, x, 0)
                let s = horizontalSums(r0.acc, r1.acc, r2.acc, r3.acc) + SIMD4(r0.off, r1.off, r2.off, r3.off)
                for i in 0..<4 { y[first + i] = (accumulate ? y[first + i] : 0) + s[i] }
                first += 4
            }
        }
        for r in first..<rows.upperBound {
            let w = data + r * rowBytes
            @inline(__always) func store(_ s: SIMD8<Float>, _ b: Int, _ n: Int) {
                for q in 0..<n { y[(b + q) * ldy + r] = (accumulate ? y[(b + q) * ldy + r] : 0) + s[q] }
            }
            var b = 0
            while b + 8 <= batch {
                store(int8Dot8(B.self, w, x, b), b, 8)
                b += 8
            }
            while b + 4 <= batch {
                let s = int8Dot4(B.self, w, x, b)
                store(SIMD8(s[0], s[1], s[2], s[3], 0, 0, 0, 0), b, 4)
                b += 4
            }
            while b < batch {
                store(SIMD8(int8Dot1(B.self, w, x, b), 0, 0, 0, 0, 0, 0, 0), b, 1)
                b += 1
            }
        }
    }
}

// One formula per chunk of 32 weights and row of X, whatever the batch (so `int8Dot1`, `int8Dot4`
// and `int8Dot8` agree bitwise, as the float kernels do): the 32 byte products summed exactly as
// integers into 8 lanes (`vpmaddubsw` then `vpmaddwd`), converted to floats and added to the
// row's accumulator times (weight scale · X block scale); the weight offset times the X block's
// scale · Σq goes to a separate sum. A row's result is `horizontalSum(acc) + off`.

/// A decoded chunk in the form `vpmaddubsw` takes: unsigned bytes `w` (the values, or their
/// magnitudes for signed formats, whose signs `signs` then go onto X), the scale per lane
/// (lanes 0-3 hold weights 0-15, lanes 4-7 weights 16-31) and the offset.
private struct PreparedChunk {
    let w: __m256i, signs: __m256i
    let scale: F8
    let offset: Float

    @inline(__always) init<B: IntegerWeightBlock>(_: B.Type, _ c: IntegerChunk) {
        switch B.integerForm {
        case .unsignedAffine:
            (w, signs, scale) = (c.q, c.q, F8(repeating: c.scaleLo))
        case .signedScaled:
            (w, signs, scale) = (_mm256_abs_epi8(c.q), c.q, F8(repeating: c.scaleLo))
        case .signedHalves:
            let (lo, hi) = (c.scaleLo, c.scaleHi)
            (w, signs, scale) = (_mm256_abs_epi8(c.q), c.q, _mm256_setr_ps(lo, lo, lo, lo, hi, hi, hi, hi))
        }
        offset = c.offset
    }

    /// acc += (Σ w·x per lane) · scale · d for one block of quantized X with scale d.
    @inline(__always) func accumulate<B: IntegerWeightBlock>(_: B.Type, _ x: __m256i, _ d: Float, _ acc: inout F8) {
        let xs = B.integerForm == .unsignedAffine ? x : _mm256_sign_epi8(x, signs)
        let sums = _mm256_madd_epi16(_mm256_maddubs_epi16(w, xs), _mm256_set1_epi16(1))
        acc = acc.addingProduct(_mm256_cvtepi32_ps(sums), scale * F8(repeating: d))
    }
}

/// Calls `body(chunk, k)` for the `chunks` chunks of 32 weights of a row of blocks `B`, in order.
@inline(__always)
private func forEachChunk<B: IntegerWeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ chunks: Int,
                                                 _ body: (PreparedChunk, Int) -> Void) {
    let perBlock = B.weights / 32
    var wp = w, k = 0
    while k < chunks {
        for sub in 0..<perBlock { body(PreparedChunk(B.self, B.integerValues(wp, sub)), k + sub) }
        wp += B.bytes
        k += perBlock
    }
}

/// W[r, :] · X[b, :] for one row of X (`w` points at row r of W) before its reduction: the result
/// is `horizontalSum(acc) + off`.
@inline(__always)
private func int8Dot1Unreduced<B: IntegerWeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ x: Int8Rows,
                                                      _ b: Int) -> (acc: F8, off: Float) {
    var acc = F8(), off: Float = 0
    forEachChunk(B.self, w, x.chunks) { c, k in
        let i = k * x.batch + b
        c.accumulate(B.self, x.block(b, k), x.scale[i], &acc)
        if B.integerForm == .unsignedAffine { off.addProduct(c.offset, x.sum[i]) }
    }
    return (acc, off)
}

/// W[r, :] · X[b, :] for one row of X (`w` points at row r of W).
@inline(__always)
private func int8Dot1<B: IntegerWeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ x: Int8Rows, _ b: Int) -> Float {
    let row = int8Dot1Unreduced(B.self, w, x, b)
    return horizontalSum(row.acc) + row.off
}

/// The sums of the four rows b ..< b + 4 of X with one row of W, each row's formed exactly as
/// `int8Dot1` forms it.
private struct FourRowIntegerSums {
    var a0 = F8(), a1 = F8(), a2 = F8(), a3 = F8(), off = SIMD4<Float>()

    @inline(__always) mutating func add<B: IntegerWeightBlock>(_: B.Type, _ c: PreparedChunk, _ k: Int,
                                                              _ x: Int8Rows, _ b: Int) {
        let i = k * x.batch + b
        c.accumulate(B.self, x.block(b, k), x.scale[i], &a0)
        c.accumulate(B.self, x.block(b + 1, k), x.scale[i + 1], &a1)
        c.accumulate(B.self, x.block(b + 2, k), x.scale[i + 2], &a2)
        c.accumulate(B.self, x.block(b + 3, k), x.scale[i + 3], &a3)
        if B.integerForm == .unsignedAffine {
            off = off.addingProduct(SIMD4(repeating: c.offset), UnsafeRawPointer(x.sum + i).loadUnaligned(as: SIMD4<Float>.self))
        }
    }

    @inline(__always) var total: SIMD4<Float> { horizontalSums(a0, a1, a2, a3) + off }
}

/// `int8Dot1` for the four rows b ..< b + 4 of X, decoding each chunk of w once.
@inline(__always)
private func int8Dot4<B: IntegerWeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ x: Int8Rows, _ b: Int) -> SIMD4<Float> {
    var rows = FourRowIntegerSums()
    forEachChunk(B.self, w, x.chunks) { c, k in rows.add(B.self, c, k, x, b) }
    return rows.total
}

/// `int8Dot1` for the eight rows b ..< b + 8 of X, decoding each chunk of w once.
@inline(__always)
private func int8Dot8<B: IntegerWeightBlock>(_: B.Type, _ w: UnsafeRawPointer, _ x: Int8Rows, _ b: Int) -> SIMD8<Float> {
    var low = FourRowIntegerSums(), high = FourRowIntegerSums()
    forEachChunk(B.self, w, x.chunks) { c, k in
        low.add(B.self, c, k, x, b)
        high.add(B.self, c, k, x, b + 4)
    }
    return SIMD8(lowHalf: low.total, highHalf: high.total)
}
#endif
