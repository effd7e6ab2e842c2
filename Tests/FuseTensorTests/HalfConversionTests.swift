import Foundation
import Testing
@testable import FuseTensor

/// `half` (the kernels' scale loads, `fuse_half_to_float`) against IEEE 754 binary16 decoded from
/// its fields: (-1)^s · 2^(e-15) · (1 + m/1024), subnormals (-1)^s · 2^-14 · m/1024.
@Suite("Half-precision loads")
struct HalfConversionTests {
    static func decoded(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let e = Int(bits >> 10) & 0x1F, m = Float(bits & 0x3FF)
        switch e {
        case 0: return sign * m / 1024 * Float(sign: .plus, exponent: -14, significand: 1)
        case 31: return m == 0 ? sign * .infinity : .nan
        default: return sign * (1 + m / 1024) * Float(sign: .plus, exponent: e - 15, significand: 1)
        }
    }

    @Test("all 65,536 bit patterns, at every byte alignment")
    func everyPattern() {
        var bytes = [UInt8](repeating: 0, count: 5)
        var mismatches: [String] = []
        for pattern in 0...0xFFFF {
            let bits = UInt16(pattern)
            let expected = Self.decoded(bits)
            for offset in 0..<4 {
                bytes[offset] = UInt8(bits & 0xFF)
                bytes[offset + 1] = UInt8(bits >> 8)
                let got = bytes.withUnsafeBytes { half($0.baseAddress!, offset) }
                let same = expected.isNaN ? got.isNaN : got.bitPattern == expected.bitPattern
                if !same, mismatches.count < 5 { mismatches.append("0x\(String(bits, radix: 16)) at +\(offset): \(got), expected \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
