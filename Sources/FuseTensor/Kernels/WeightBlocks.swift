import CKernelSupport
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// 32 consecutive weights decoded to floats, in four SIMD8 vectors.
struct Chunk32 {
    var v0: SIMD8<Float>, v1: SIMD8<Float>, v2: SIMD8<Float>, v3: SIMD8<Float>
}

/// 32 consecutive stored values before the block's scales and offsets are applied: weight i is
/// `scaleLo · q[i] + offsetLo` for i < 16 and `scaleHi · q[i] + offsetHi` for i ≥ 16 (one scale
/// and offset for the whole chunk except in Q6_K, whose sub-blocks hold 16 weights).
struct QuantizedChunk {
    var q: Chunk32
    var scaleLo: Float, scaleHi: Float, offsetLo: Float, offsetHi: Float

    @inline(__always) init(_ q: Chunk32, scale: Float = 1, offset: Float = 0) {
        self.init(q, scaleLo: scale, scaleHi: scale, offsetLo: offset, offsetHi: offset)
    }
    @inline(__always) init(_ q: Chunk32, scaleLo: Float, scaleHi: Float, offsetLo: Float, offsetHi: Float) {
        self.q = q
        (self.scaleLo, self.scaleHi, self.offsetLo, self.offsetHi) = (scaleLo, scaleHi, offsetLo, offsetHi)
    }
}

/// How a format turns stored values into weights; the dot-product kernels skip what a format
/// does not need (a scale, an offset, a second scale per chunk).
enum ChunkForm {
    /// Weights are stored as floats: scale 1, offset 0 (F32, F16, BF16).
    case plain
    /// One scale per chunk, no offset (Q8_0).
    case scaled
    /// One scale and one offset per chunk (Q4_0, Q4_1, Q5_0, Q5_1, Q4_K).
    case affine
    /// A scale and an offset per 16 weights (Q6_K).
    case halves
    /// A scale per 16 weights, no offset (Q6_K with its values decoded as signed q − 32).
    case scaledHalves
}

/// A GGML storage format decoded 32 weights at a time (ggml's block layouts, little-endian).
/// `values(block, chunk)` returns the stored values of weights `32·chunk ..< 32·chunk + 32` of the
/// block at `block` with their scales and offsets; `decode` applies them.
protocol WeightBlock {
    /// Weights per block (a multiple of 32).
    static var weights: Int { get }
    /// Bytes per block.
    static var bytes: Int { get }
    static var form: ChunkForm { get }
    static func values(_ block: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk
}

extension WeightBlock {
    /// The 32 weights of a chunk as floats: `fma(q, scale, offset)` per half.
    @inline(__always) static func decode(_ block: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        let c = values(block, chunk)
        if form == .plain { return c.q }
        let sLo = F8(repeating: c.scaleLo), sHi = F8(repeating: c.scaleHi)
        let oLo = F8(repeating: c.offsetLo), oHi = F8(repeating: c.offsetHi)
        return Chunk32(v0: oLo.addingProduct(c.q.v0, sLo), v1: oLo.addingProduct(c.q.v1, sLo),
                       v2: oHi.addingProduct(c.q.v2, sHi), v3: oHi.addingProduct(c.q.v3, sHi))
    }
}

typealias F8 = SIMD8<Float>

/// The IEEE half at `p + offset` as a Float (`fuse_half_to_float`: on x86 built in a fresh
/// register, see `docs/kernels.md`).
@inline(__always) func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    fuse_half_to_float(p + offset)
}

// The byte work below is done on 64-bit words (eight bytes at a time, "SWAR") and the widening
// to floats lane by lane, on purpose: the standard library's generic vector conversions
// (`SIMD8<Int32>(truncatingIfNeeded:)`, `lowHalf`/`highHalf`) and its integer SIMD shifts
// (`SIMD32<UInt8> &>> n`, a per-lane loop through memory) are not vectorized, and made these
// kernels 20-300x slower; scalar word shifts and lane-wise code let LLVM emit
// vpsrlq/vpmovzxbd/vcvtdq2ps.

/// 32 bytes as four little-endian 64-bit words: word k holds bytes 8k ..< 8k + 8.
struct Bytes32 {
    var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    @inline(__always) init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        (self.w0, self.w1, self.w2, self.w3) = (w0, w1, w2, w3)
    }
    /// The 32 bytes at `p + offset`.
    @inline(__always) init(_ p: UnsafeRawPointer, _ offset: Int) {
        self.init(p.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                  p.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
                  p.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self),
                  p.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
    }
    /// Every byte shifted right by `n` and masked to its low bits `mask` (n < 8; the bits
    /// that cross into a neighbouring byte are removed by the mask).
    @inline(__always) func bits(shift n: UInt64, mask: UInt8) -> Bytes32 {
        let m = UInt64(mask) &* 0x0101_0101_0101_0101
        return Bytes32((w0 &>> n) & m, (w1 &>> n) & m, (w2 &>> n) & m, (w3 &>> n) & m)
    }
    /// Every byte shifted left by `n` (bits leaving a byte must already be zero).
    @inline(__always) func shiftedLeft(_ n: UInt64) -> Bytes32 {
        Bytes32(w0 &<< n, w1 &<< n, w2 &<< n, w3 &<< n)
    }
    @inline(__always) static func | (a: Bytes32, b: Bytes32) -> Bytes32 {
        Bytes32(a.w0 | b.w0, a.w1 | b.w1, a.w2 | b.w2, a.w3 | b.w3)
    }
    /// Bytes 8k ..< 8k + 8 as unsigned values widened to floats.
    @inline(__always) func unsignedFloats(_ k: Int) -> F8 { floats(word(k)) }
    /// Bytes 8k ..< 8k + 8 as two's-complement values widened to floats.
    @inline(__always) func signedFloats(_ k: Int) -> F8 { floats(Int8Lanes(word(k))) }

    @inline(__always) private func word(_ k: Int) -> UInt64 {
        k == 0 ? w0 : k == 1 ? w1 : k == 2 ? w2 : w3
    }
}

/// The eight bytes of a little-endian word, unsigned, widened to floats.
@inline(__always) func floats(_ w: UInt64) -> F8 {
    let b = unsafeBitCast(w, to: SIMD8<UInt8>.self)
    return F8(Float(b[0]), Float(b[1]), Float(b[2]), Float(b[3]), Float(b[4]), Float(b[5]), Float(b[6]), Float(b[7]))
}

/// The eight bytes of a little-endian word read as signed bytes.
struct Int8Lanes {
    var word: UInt64
    @inline(__always) init(_ word: UInt64) { self.word = word }
}

/// The eight signed bytes of a word widened to floats.
@inline(__always) func floats(_ lanes: Int8Lanes) -> F8 {
    let b = unsafeBitCast(lanes.word, to: SIMD8<Int8>.self)
    return F8(Float(b[0]), Float(b[1]), Float(b[2]), Float(b[3]), Float(b[4]), Float(b[5]), Float(b[6]), Float(b[7]))
}

/// The 32 unsigned values `q` widened to floats.
@inline(__always) func unsignedChunk(_ q: Bytes32) -> Chunk32 {
    Chunk32(v0: q.unsignedFloats(0), v1: q.unsignedFloats(1), v2: q.unsignedFloats(2), v3: q.unsignedFloats(3))
}

/// The 32 4-bit values of 16 packed bytes in ggml order: low nibbles first, then high nibbles.
@inline(__always) func nibbles(_ p: UnsafeRawPointer) -> Bytes32 {
    let a = p.loadUnaligned(as: UInt64.self), b = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let m: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
    return Bytes32(a & m, b & m, (a &>> 4) & m, (b &>> 4) & m)
}

/// Bits 0..<8 of `bits` spread to one byte each (bit i becomes byte i, as 0 or 1).
@inline(__always) func spreadBits(_ bits: UInt32) -> UInt64 {
    // Copy the byte into every byte, keep bit i in byte i, then turn each nonzero byte into 1.
    let t = (UInt64(bits & 0xFF) &* 0x0101_0101_0101_0101) & 0x8040_2010_0804_0201
    return ((t &+ 0x7F7F_7F7F_7F7F_7F7F) & 0x8080_8080_8080_8080) &>> 7
}

/// Q4_0: { f16 d; u8 qs[16] }, w = d · (q − 8).
enum BlockQ4_0: WeightBlock {
    static let weights = 32, bytes = 18, form = ChunkForm.affine
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        let d = half(p, 0)
        #if arch(x86_64)
        return QuantizedChunk(unsignedChunk(nibbleBytes(p + 2)), scale: d, offset: -8 * d)
        #else
        return QuantizedChunk(unsignedChunk(nibbles(p + 2)), scale: d, offset: -8 * d)
        #endif
    }
}

/// Q4_1: { f16 d; f16 m; u8 qs[16] }, w = d · q + m.
enum BlockQ4_1: WeightBlock {
    static let weights = 32, bytes = 20, form = ChunkForm.affine
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        #if arch(x86_64)
        QuantizedChunk(unsignedChunk(nibbleBytes(p + 4)), scale: half(p, 0), offset: half(p, 2))
        #else
        QuantizedChunk(unsignedChunk(nibbles(p + 4)), scale: half(p, 0), offset: half(p, 2))
        #endif
    }
}

/// The 5-bit values of Q5_0/Q5_1: nibble e | (bit e of qh) << 4.
@inline(__always) func fiveBit(_ qs: UnsafeRawPointer, _ qh: UInt32) -> Bytes32 {
    let high = Bytes32(spreadBits(qh), spreadBits(qh >> 8), spreadBits(qh >> 16), spreadBits(qh >> 24))
    return nibbles(qs) | high.shiftedLeft(4)
}

/// Q5_0: { f16 d; u8 qh[4]; u8 qs[16] }, w = d · (q − 16).
enum BlockQ5_0: WeightBlock {
    static let weights = 32, bytes = 22, form = ChunkForm.affine
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        let d = half(p, 0)
        #if arch(x86_64)
        let q = integerValues(p, chunk).q
        #else
        let q = fiveBit(p + 6, p.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        #endif
        return QuantizedChunk(unsignedChunk(q), scale: d, offset: -16 * d)
    }
}

/// Q5_1: { f16 d; f16 m; u8 qh[4]; u8 qs[16] }, w = d · q + m.
enum BlockQ5_1: WeightBlock {
    static let weights = 32, bytes = 24, form = ChunkForm.affine
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        #if arch(x86_64)
        let q = integerValues(p, chunk).q
        #else
        let q = fiveBit(p + 8, p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        #endif
        return QuantizedChunk(unsignedChunk(q), scale: half(p, 0), offset: half(p, 2))
    }
}

/// Q8_0: { f16 d; i8 qs[32] }, w = d · q.
enum BlockQ8_0: WeightBlock {
    static let weights = 32, bytes = 34, form = ChunkForm.scaled
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        // Widening each 8 bytes straight from memory (vpmovsxbd) beats loading 32 and shuffling.
        let q = Bytes32(p, 2)
        return QuantizedChunk(Chunk32(v0: q.signedFloats(0), v1: q.signedFloats(1), v2: q.signedFloats(2),
                                      v3: q.signedFloats(3)), scale: half(p, 0))
    }
}

/// Q4_K: { f16 d; f16 dmin; u8 scales[12]; u8 qs[128] }: 8 sub-blocks of 32 with 6-bit scale sc
/// and min m each, w = d · sc · q − dmin · m.
enum BlockQ4_K: WeightBlock {
    static let weights = 256, bytes = 144, form = ChunkForm.affine
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        let (scale, offset) = scaleAndOffset(p, chunk)
        #if arch(x86_64)
        let q = shiftedBytes(p, 16 + 32 * (chunk >> 1), shift: Int32(4 * (chunk & 1)), mask: 0x0F)
        #else
        let q = Bytes32(p, 16 + 32 * (chunk >> 1)).bits(shift: UInt64(4 * (chunk & 1)), mask: 0x0F)
        #endif
        return QuantizedChunk(unsignedChunk(q), scale: scale, offset: offset)
    }

    /// Sub-block `chunk`'s d · sc and −dmin · m.
    @inline(__always) static func scaleAndOffset(_ p: UnsafeRawPointer, _ chunk: Int) -> (Float, Float) {
        let s = p + 4
        let sc: UInt8, m: UInt8
        if chunk < 4 {
            sc = s.load(fromByteOffset: chunk, as: UInt8.self) & 63
            m = s.load(fromByteOffset: chunk + 4, as: UInt8.self) & 63
        } else {
            let a = s.load(fromByteOffset: chunk + 4, as: UInt8.self)
            sc = (a & 0x0F) | ((s.load(fromByteOffset: chunk - 4, as: UInt8.self) >> 6) << 4)
            m = (a >> 4) | ((s.load(fromByteOffset: chunk, as: UInt8.self) >> 6) << 4)
        }
        return (half(p, 0) * Float(sc), -half(p, 2) * Float(m))
    }
}

/// Q6_K: { u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d }: 16 sub-blocks of 16 with an 8-bit
/// scale sc each, w = d · sc · (q − 32) with q = 4 low bits from ql and 2 high bits from qh.
enum BlockQ6_K: WeightBlock {
    static let weights = 256, bytes = 210
    #if arch(x86_64)
    static let form = ChunkForm.scaledHalves
    #else
    static let form = ChunkForm.halves
    #endif
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        #if arch(x86_64)
        let c = integerValues(p, chunk)
        return QuantizedChunk(signedChunk(c.q), scaleLo: c.scaleLo, scaleHi: c.scaleHi, offsetLo: 0, offsetHi: 0)
        #else
        let h = chunk >> 2, g = chunk & 3
        let ql = Bytes32(p, h * 64 + 32 * (g & 1)).bits(shift: UInt64(4 * (g >> 1)), mask: 0x0F)
        let qh = Bytes32(p, 128 + h * 32).bits(shift: UInt64(2 * g), mask: 0x03)
        let (d0, d1) = scales(p, chunk)
        return QuantizedChunk(unsignedChunk(ql | qh.shiftedLeft(4)), scaleLo: d0, scaleHi: d1,
                              offsetLo: -32 * d0, offsetHi: -32 * d1)
        #endif
    }

    /// d · sc of the two 16-weight sub-blocks of `chunk`.
    @inline(__always) static func scales(_ p: UnsafeRawPointer, _ chunk: Int) -> (Float, Float) {
        let d = half(p, 208)
        let sc = 192 + 2 * chunk
        return (d * Float(p.load(fromByteOffset: sc, as: Int8.self)), d * Float(p.load(fromByteOffset: sc + 1, as: Int8.self)))
    }
}

/// F32 in chunks of 32.
enum BlockF32: WeightBlock {
    static let weights = 32, bytes = 128, form = ChunkForm.plain
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        QuantizedChunk(Chunk32(v0: p.loadUnaligned(as: F8.self), v1: p.loadUnaligned(fromByteOffset: 32, as: F8.self),
                v2: p.loadUnaligned(fromByteOffset: 64, as: F8.self), v3: p.loadUnaligned(fromByteOffset: 96, as: F8.self)))
    }
}

/// F16 (IEEE half) in chunks of 32.
enum BlockF16: WeightBlock {
    static let weights = 32, bytes = 64, form = ChunkForm.plain
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        QuantizedChunk(Chunk32(v0: F8(p.loadUnaligned(as: SIMD8<Float16>.self)),
                v1: F8(p.loadUnaligned(fromByteOffset: 16, as: SIMD8<Float16>.self)),
                v2: F8(p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float16>.self)),
                v3: F8(p.loadUnaligned(fromByteOffset: 48, as: SIMD8<Float16>.self))))
    }
}

/// BF16 (the high half of an F32) in chunks of 32.
enum BlockBF16: WeightBlock {
    static let weights = 32, bytes = 64, form = ChunkForm.plain
    @inline(__always) static func values(_ p: UnsafeRawPointer, _ chunk: Int) -> QuantizedChunk {
        @inline(__always) func widen(_ o: Int) -> F8 {
            @inline(__always) func f(_ i: Int) -> Float {
                Float(bitPattern: UInt32(p.loadUnaligned(fromByteOffset: o + 2 * i, as: UInt16.self)) &<< 16)
            }
            return F8(f(0), f(1), f(2), f(3), f(4), f(5), f(6), f(7))
        }
        return QuantizedChunk(Chunk32(v0: widen(0), v1: widen(16), v2: widen(32), v3: widen(48)))
    }
}
