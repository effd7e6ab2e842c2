#if arch(x86_64)
import _Builtin_intrinsics.intel

/// How a format's 32 stored values of a chunk become weights, for the `.int8` kernels.
enum IntegerForm {
    /// Unsigned values 0...31 with one scale and one offset: w = scale · q + offset
    /// (Q4_0, Q4_1, Q5_0, Q5_1, Q4_K).
    case unsignedAffine
    /// Signed values -127...127 with one scale: w = scale · q (Q8_0).
    case signedScaled
    /// Signed values -32...31 with a scale per 16 weights (Q6_K).
    case signedHalves
}

/// 32 stored values of a chunk as bytes, with the scale(s) and offset that make them weights.
struct IntegerChunk {
    var q: __m256i
    var scaleLo: Float, scaleHi: Float, offset: Float

    @inline(__always) init(_ q: __m256i, scale: Float, offset: Float = 0) {
        (self.q, scaleLo, scaleHi, self.offset) = (q, scale, scale, offset)
    }
    @inline(__always) init(_ q: __m256i, scaleLo: Float, scaleHi: Float) {
        (self.q, self.scaleLo, self.scaleHi, offset) = (q, scaleLo, scaleHi, 0)
    }
}

/// A block format the `.int8` kernels read: `integerValues(block, chunk)` gives the bytes of
/// weights `32·chunk ..< 32·chunk + 32` of the block at `block`.
protocol IntegerWeightBlock: WeightBlock {
    static var integerForm: IntegerForm { get }
    static func integerValues(_ block: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk
}

/// The 32 4-bit values of 16 packed bytes in ggml order (low nibbles, then high nibbles).
@inline(__always) func nibbleBytes(_ p: UnsafeRawPointer) -> __m256i {
    let packed = p.loadUnaligned(as: __m128i.self)
    let both = _mm256_set_m128i(_mm_srli_epi16(packed, 4), packed)
    return _mm256_and_si256(both, _mm256_set1_epi8(0x0F))
}

/// 0x10 in byte i where bit i of `bits` is set, else 0 (the fifth bit of Q5_0/Q5_1 values).
@inline(__always) func fifthBits(_ bits: UInt32) -> __m256i {
    // Byte i gets byte i/8 of `bits`; OR-ing every bit but bit i%8 and comparing with all ones
    // tests that bit.
    let spread = _mm256_shuffle_epi8(_mm256_set1_epi32(Int32(bitPattern: bits)),
                                     _mm256_set_epi64x(0x0303_0303_0303_0303, 0x0202_0202_0202_0202,
                                                       0x0101_0101_0101_0101, 0))
    let others = _mm256_or_si256(spread, _mm256_set1_epi64x(0x7FBF_DFEF_F7FB_FDFE))
    return _mm256_and_si256(_mm256_cmpeq_epi8(others, _mm256_set1_epi64x(-1)), _mm256_set1_epi8(0x10))
}

/// 32 unsigned bytes widened to floats (the float kernels' path for Q5_0/Q5_1, whose fifth bits
/// are cheaper to place with vector byte shuffles than on 64-bit words).
@inline(__always) func unsignedChunk(_ v: __m256i) -> Chunk32 { widenedChunk(v, signed: false) }

/// 32 signed bytes widened to floats.
@inline(__always) func signedChunk(_ v: __m256i) -> Chunk32 { widenedChunk(v, signed: true) }

/// 32 bytes widened to floats, 8 at a time (`vpmovzxbd`/`vpmovsxbd`, `vcvtdq2ps`).
@inline(__always) private func widenedChunk(_ v: __m256i, signed: Bool) -> Chunk32 {
    let low = _mm256_castsi256_si128(v)
    let high = _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(4, 5, 6, 7, 4, 5, 6, 7)))
    @inline(__always) func widen(_ bytes: __m128i) -> F8 {
        _mm256_cvtepi32_ps(signed ? _mm256_cvtepi8_epi32(bytes) : _mm256_cvtepu8_epi32(bytes))
    }
    return Chunk32(v0: widen(low), v1: widen(_mm_unpackhi_epi64(low, low)),
                   v2: widen(high), v3: widen(_mm_unpackhi_epi64(high, high)))
}

/// The 32 bytes at `p + offset`, each shifted right by `shift` and masked with `mask`.
@inline(__always) func shiftedBytes(_ p: UnsafeRawPointer, _ offset: Int, shift: Int32, mask: Int8) -> __m256i {
    let v = p.loadUnaligned(fromByteOffset: offset, as: __m256i.self)
    return _mm256_and_si256(_mm256_srli_epi16(v, shift), _mm256_set1_epi8(mask))
}

extension BlockQ4_0: IntegerWeightBlock {
    static let integerForm = IntegerForm.unsignedAffine
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        let d = half(p, 0)
        return IntegerChunk(nibbleBytes(p + 2), scale: d, offset: -8 * d)
    }
}

extension BlockQ4_1: IntegerWeightBlock {
    static let integerForm = IntegerForm.unsignedAffine
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        IntegerChunk(nibbleBytes(p + 4), scale: half(p, 0), offset: half(p, 2))
    }
}

extension BlockQ5_0: IntegerWeightBlock {
    static let integerForm = IntegerForm.unsignedAffine
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        let d = half(p, 0)
        let q = _mm256_or_si256(nibbleBytes(p + 6), fifthBits(p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        return IntegerChunk(q, scale: d, offset: -16 * d)
    }
}

extension BlockQ5_1: IntegerWeightBlock {
    static let integerForm = IntegerForm.unsignedAffine
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        let q = _mm256_or_si256(nibbleBytes(p + 8), fifthBits(p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        return IntegerChunk(q, scale: half(p, 0), offset: half(p, 2))
    }
}

extension BlockQ8_0: IntegerWeightBlock {
    static let integerForm = IntegerForm.signedScaled
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        IntegerChunk(p.loadUnaligned(fromByteOffset: 2, as: __m256i.self), scale: half(p, 0))
    }
}

extension BlockQ4_K: IntegerWeightBlock {
    static let integerForm = IntegerForm.unsignedAffine
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        let (scale, offset) = scaleAndOffset(p, chunk)
        let q = shiftedBytes(p, 16 + 32 * (chunk >> 1), shift: Int32(4 * (chunk & 1)), mask: 0x0F)
        return IntegerChunk(q, scale: scale, offset: offset)
    }
}

extension BlockQ6_K: IntegerWeightBlock {
    static let integerForm = IntegerForm.signedHalves
    @inline(__always) static func integerValues(_ p: UnsafeRawPointer, _ chunk: Int) -> IntegerChunk {
        let h = chunk >> 2, g = chunk & 3
        let low = shiftedBytes(p, h * 64 + 32 * (g & 1), shift: Int32(4 * (g >> 1)), mask: 0x0F)
        let high = shiftedBytes(p, 128 + h * 32, shift: Int32(2 * g), mask: 0x03)
        let q = _mm256_sub_epi8(_mm256_or_si256(low, _mm256_slli_epi16(high, 4)), _mm256_set1_epi8(32))
        let (d0, d1) = scales(p, chunk)
        return IntegerChunk(q, scaleLo: d0, scaleHi: d1)
    }
}
#endif
