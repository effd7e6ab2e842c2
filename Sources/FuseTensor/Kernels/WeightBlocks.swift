/// 32 consecutive weights decoded to floats, in four SIMD8 vectors.
struct Chunk32 {
    var v0: SIMD8<Float>, v1: SIMD8<Float>, v2: SIMD8<Float>, v3: SIMD8<Float>
}

/// A GGML storage format decoded 32 weights at a time (ggml's block layouts, little-endian).
/// `decode(block, chunk)` returns weights `32·chunk ..< 32·chunk + 32` of the block at `block`.
protocol WeightBlock {
    /// Weights per block (a multiple of 32).
    static var weights: Int { get }
    /// Bytes per block.
    static var bytes: Int { get }
    static func decode(_ block: UnsafeRawPointer, _ chunk: Int) -> Chunk32
}

typealias F8 = SIMD8<Float>

@inline(__always) func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

// The conversions below are written lane by lane on purpose: the standard library's generic
// vector conversions (`SIMD8<Int32>(truncatingIfNeeded:)`, `SIMD8<Float>(_: SIMD8<Int32>)`,
// `lowHalf`/`highHalf`) are emitted as out-of-line calls that convert one lane at a time, which
// made these kernels 20-100x slower; lane-wise code lets LLVM emit vpmovzxbd/vcvtdq2ps/shuffles.

/// Eight unsigned bytes widened to floats.
@inline(__always) func floats(_ b: SIMD8<UInt8>) -> F8 {
    F8(Float(b[0]), Float(b[1]), Float(b[2]), Float(b[3]), Float(b[4]), Float(b[5]), Float(b[6]), Float(b[7]))
}
/// Eight signed bytes widened to floats.
@inline(__always) func floats(_ b: SIMD8<Int8>) -> F8 {
    F8(Float(b[0]), Float(b[1]), Float(b[2]), Float(b[3]), Float(b[4]), Float(b[5]), Float(b[6]), Float(b[7]))
}

/// Lanes 8k ..< 8k + 8 of 32 bytes.
@inline(__always) func eighth<T: SIMDScalar>(_ q: SIMD32<T>, _ k: Int) -> SIMD8<T> {
    let i = 8 * k
    return SIMD8(q[i], q[i + 1], q[i + 2], q[i + 3], q[i + 4], q[i + 5], q[i + 6], q[i + 7])
}

/// w = scale · q + offset for the 32 unsigned values `q`.
@inline(__always) func affine(_ q: SIMD32<UInt8>, _ scale: Float, _ offset: Float) -> Chunk32 {
    let s = F8(repeating: scale), o = F8(repeating: offset)
    return Chunk32(v0: o.addingProduct(floats(eighth(q, 0)), s),
                   v1: o.addingProduct(floats(eighth(q, 1)), s),
                   v2: o.addingProduct(floats(eighth(q, 2)), s),
                   v3: o.addingProduct(floats(eighth(q, 3)), s))
}

/// The 32 4-bit values of 16 packed bytes in ggml order: low nibbles first, then high nibbles.
@inline(__always) func nibbles(_ p: UnsafeRawPointer) -> SIMD32<UInt8> {
    let b = p.loadUnaligned(as: SIMD16<UInt8>.self)
    return SIMD32(lowHalf: b & 0x0F, highHalf: b &>> 4)
}

/// Bit e of `bits` for lanes e = first ..< first + 8, as 0 or 1.
@inline(__always) func bitLanes(_ bits: UInt32, _ first: UInt32) -> SIMD8<UInt8> {
    let b = bits >> first
    return SIMD8<UInt8>(UInt8(b & 1), UInt8(b >> 1 & 1), UInt8(b >> 2 & 1), UInt8(b >> 3 & 1),
                        UInt8(b >> 4 & 1), UInt8(b >> 5 & 1), UInt8(b >> 6 & 1), UInt8(b >> 7 & 1))
}

/// Q4_0: { f16 d; u8 qs[16] }, w = d · (q − 8).
enum BlockQ4_0: WeightBlock {
    static let weights = 32, bytes = 18
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        let d = half(p, 0)
        return affine(nibbles(p + 2), d, -8 * d)
    }
}

/// Q4_1: { f16 d; f16 m; u8 qs[16] }, w = d · q + m.
enum BlockQ4_1: WeightBlock {
    static let weights = 32, bytes = 20
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        affine(nibbles(p + 4), half(p, 0), half(p, 2))
    }
}

/// The 5-bit values of Q5_0/Q5_1: nibble e | (bit e of qh) << 4.
@inline(__always) func fiveBit(_ qs: UnsafeRawPointer, _ qh: UInt32) -> SIMD32<UInt8> {
    let high = SIMD32(lowHalf: SIMD16(lowHalf: bitLanes(qh, 0), highHalf: bitLanes(qh, 8)),
                      highHalf: SIMD16(lowHalf: bitLanes(qh, 16), highHalf: bitLanes(qh, 24)))
    return nibbles(qs) | (high &<< 4)
}

/// Q5_0: { f16 d; u8 qh[4]; u8 qs[16] }, w = d · (q − 16).
enum BlockQ5_0: WeightBlock {
    static let weights = 32, bytes = 22
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        let d = half(p, 0)
        return affine(fiveBit(p + 6, p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)), d, -16 * d)
    }
}

/// Q5_1: { f16 d; f16 m; u8 qh[4]; u8 qs[16] }, w = d · q + m.
enum BlockQ5_1: WeightBlock {
    static let weights = 32, bytes = 24
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        affine(fiveBit(p + 8, p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)), half(p, 0), half(p, 2))
    }
}

/// Q8_0: { f16 d; i8 qs[32] }, w = d · q.
enum BlockQ8_0: WeightBlock {
    static let weights = 32, bytes = 34
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        let d = F8(repeating: half(p, 0))
        let q = p.loadUnaligned(fromByteOffset: 2, as: SIMD32<Int8>.self)
        return Chunk32(v0: floats(eighth(q, 0)) * d, v1: floats(eighth(q, 1)) * d,
                       v2: floats(eighth(q, 2)) * d, v3: floats(eighth(q, 3)) * d)
    }
}

/// Q4_K: { f16 d; f16 dmin; u8 scales[12]; u8 qs[128] }: 8 sub-blocks of 32 with 6-bit scale sc
/// and min m each, w = d · sc · q − dmin · m.
enum BlockQ4_K: WeightBlock {
    static let weights = 256, bytes = 144
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
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
        let bytes = p.loadUnaligned(fromByteOffset: 16 + 32 * (chunk >> 1), as: SIMD32<UInt8>.self)
        let q = (bytes &>> UInt8(4 * (chunk & 1))) & 0x0F
        return affine(q, half(p, 0) * Float(sc), -half(p, 2) * Float(m))
    }
}

/// Q6_K: { u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d }: 16 sub-blocks of 16 with an 8-bit
/// scale sc each, w = d · sc · (q − 32) with q = 4 low bits from ql and 2 high bits from qh.
enum BlockQ6_K: WeightBlock {
    static let weights = 256, bytes = 210
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        let h = chunk >> 2, g = chunk & 3
        let ql = p.loadUnaligned(fromByteOffset: h * 64 + 32 * (g & 1), as: SIMD32<UInt8>.self)
        let qh = p.loadUnaligned(fromByteOffset: 128 + h * 32, as: SIMD32<UInt8>.self)
        let q = ((ql &>> UInt8(4 * (g >> 1))) & 0x0F) | (((qh &>> UInt8(2 * g)) & 3) &<< 4)
        let d = half(p, 208)
        let sc = 192 + h * 8 + 2 * g
        let d0 = d * Float(p.load(fromByteOffset: sc, as: Int8.self))
        let d1 = d * Float(p.load(fromByteOffset: sc + 1, as: Int8.self))
        let a = F8(repeating: d0), b = F8(repeating: d1)
        let oa = F8(repeating: -32 * d0), ob = F8(repeating: -32 * d1)
        return Chunk32(v0: oa.addingProduct(floats(eighth(q, 0)), a),
                       v1: oa.addingProduct(floats(eighth(q, 1)), a),
                       v2: ob.addingProduct(floats(eighth(q, 2)), b),
                       v3: ob.addingProduct(floats(eighth(q, 3)), b))
    }
}

/// F32 in chunks of 32.
enum BlockF32: WeightBlock {
    static let weights = 32, bytes = 128
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        Chunk32(v0: p.loadUnaligned(as: F8.self), v1: p.loadUnaligned(fromByteOffset: 32, as: F8.self),
                v2: p.loadUnaligned(fromByteOffset: 64, as: F8.self), v3: p.loadUnaligned(fromByteOffset: 96, as: F8.self))
    }
}

/// F16 (IEEE half) in chunks of 32.
enum BlockF16: WeightBlock {
    static let weights = 32, bytes = 64
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        Chunk32(v0: F8(p.loadUnaligned(as: SIMD8<Float16>.self)),
                v1: F8(p.loadUnaligned(fromByteOffset: 16, as: SIMD8<Float16>.self)),
                v2: F8(p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float16>.self)),
                v3: F8(p.loadUnaligned(fromByteOffset: 48, as: SIMD8<Float16>.self)))
    }
}

/// BF16 (the high half of an F32) in chunks of 32.
enum BlockBF16: WeightBlock {
    static let weights = 32, bytes = 64
    @inline(__always) static func decode(_ p: UnsafeRawPointer, _ chunk: Int) -> Chunk32 {
        @inline(__always) func widen(_ o: Int) -> F8 {
            let u = SIMD8<UInt32>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: o, as: SIMD8<UInt16>.self)) &<< 16
            return unsafeBitCast(u, to: F8.self)
        }
        return Chunk32(v0: widen(0), v1: widen(16), v2: widen(32), v3: widen(48))
    }
}
