/// Conversions between Float32 and the 16-bit float formats, bit-exact with PyTorch's
/// `Tensor.half()` / `Tensor.bfloat16()` for every non-NaN value: round to nearest, ties to even.
/// A NaN becomes a quiet NaN keeping its sign and top payload bits, as the x86 conversion
/// instructions do (`vcvtps2ph`, `vcvtneps2bf16`); PyTorch's own bfloat16 NaN bits vary by code path.
public enum HalfPrecision {
    /// IEEE binary16 bits of `value`, rounded to nearest even (overflow gives infinity).
    @inline(__always)
    public static func f16Bits(_ value: Float) -> UInt16 {
        var bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        bits &= 0x7FFF_FFFF
        if bits >= 0x4780_0000 {
            // |value| >= 65536 or Inf: Inf. NaN: quiet NaN with the top 9 payload bits.
            guard bits > 0x7F80_0000 else { return sign | 0x7C00 }
            return sign | 0x7E00 | UInt16(truncatingIfNeeded: (bits & 0x7F_FFFF) >> 13)
        }
        if bits < 0x3880_0000 {
            // Result is subnormal or zero: adding 0.5 aligns the 10 mantissa bits at the bottom of
            // the float, and the hardware's round-to-nearest-even does the rounding.
            let magic = Float(bitPattern: 126 << 23)
            let sum = Float(bitPattern: bits) + magic
            return sign | UInt16(truncatingIfNeeded: sum.bitPattern &- magic.bitPattern)
        }
        // Normal: rebias the exponent and round the 13 dropped bits to nearest even; a carry out
        // of the mantissa correctly bumps the exponent (up to infinity).
        let odd = (bits >> 13) & 1
        bits = bits &+ (UInt32(bitPattern: Int32(15 - 127) << 23) &+ 0xFFF) &+ odd
        return sign | UInt16(truncatingIfNeeded: bits >> 13)
    }

    /// The Float32 value of IEEE binary16 bits (exact).
    @inline(__always)
    public static func float(f16Bits h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13) }
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(bitPattern: 0x3380_0000)
            return Float(bitPattern: sign | magnitude.bitPattern)
        }
        return Float(bitPattern: sign | (exponent + 112) << 23 | mantissa << 13)
    }

    /// bfloat16 bits of `value`, rounded to nearest even (a NaN stays a quiet NaN).
    @inline(__always)
    public static func bf16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The Float32 value of bfloat16 bits (exact).
    @inline(__always)
    public static func float(bf16Bits b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }
}
