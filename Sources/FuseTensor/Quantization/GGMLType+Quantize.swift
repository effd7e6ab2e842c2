extension GGMLType {
    /// Whether `quantize(_:count:into:)` handles this type.
    public var supportsQuantize: Bool {
        switch self {
        case .f32, .f16, .bf16, .q8_0: return true
        default: return false
        }
    }

    /// Encodes `count` Float32 values into this format at `destination` (`byteCount(elements:)`
    /// bytes, no alignment needed), byte-for-byte as gguf-py's `gguf.quants.quantize` does:
    /// F16 and BF16 round to nearest even (BF16 quiets NaNs, like `ggml_compute_fp32_to_bf16`);
    /// Q8_0 stores `d = max|x| / 127` as a half and `round(x / d)` rounded half away from zero.
    /// `count` must be a whole number of blocks and the type must `supportsQuantize`.
    public func quantize(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutableRawPointer) {
        precondition(count >= 0 && count % blockSize == 0, "\(self): \(count) is not a whole number of \(blockSize)-blocks")
        switch self {
        case .f32:
            destination.copyMemory(from: source, byteCount: count * 4)
        case .f16:
            for i in 0..<count {
                destination.storeBytes(of: Float16(source[i]).bitPattern, toByteOffset: i * 2, as: UInt16.self)
            }
        case .bf16:
            for i in 0..<count {
                destination.storeBytes(of: GGMLBlock.bfloat16(source[i]), toByteOffset: i * 2, as: UInt16.self)
            }
        case .q8_0:
            GGMLBlock.quantizeQ8_0(source, blocks: count / 32, into: destination)
        default:
            preconditionFailure("quantize: \(self) is not supported (check supportsQuantize)")
        }
    }
}

extension GGMLBlock {
    /// Float32 to BFloat16 bits, rounding to nearest even; NaNs become quiet NaNs.
    @inline(__always)
    static func bfloat16(_ x: Float) -> UInt16 {
        let n = x.bitPattern
        if n & 0x7FFF_FFFF > 0x7F80_0000 { return UInt16(truncatingIfNeeded: (n & 0xFFFF_0000 | 64 << 16) >> 16) }
        return UInt16(truncatingIfNeeded: (UInt64(n) + 0x7FFF + UInt64((n >> 16) & 1)) >> 16)
    }

    // d = max|x| / 127, q = round(x / d) (half away from zero), stored as (half d, 32 x Int8 q)
    static func quantizeQ8_0(_ x: UnsafePointer<Float>, blocks: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let v = x + b * 32, p = dst + b * 34
            var amax: Float = 0
            for j in 0..<32 { amax = max(amax, abs(v[j])) }
            let d = amax / 127
            let id: Float = d == 0 ? 0 : 1 / d
            p.storeBytes(of: Float16(d).bitPattern, as: UInt16.self)
            for j in 0..<32 {
                let q = (v[j] * id).rounded(.toNearestOrAwayFromZero)
                p.storeBytes(of: Int8(q), toByteOffset: 2 + j, as: Int8.self)
            }
        }
    }
}
