import Testing
@testable import FuseFormats

@Suite("Float32 to F16/BF16 conversion")
struct HalfPrecisionTests {
    typealias Fixture = SafetensorsFixtures

    @Test("F16 and BF16 bits equal PyTorch's .half() and .bfloat16() on 4,098 inputs (specials, exact ties, random bit patterns)")
    func matchesPyTorch() {
        let table = Fixture.expected.conversion
        #expect(table.f32Bits.count > 4000)
        var mismatches: [String] = []
        for (i, bits) in table.f32Bits.enumerated() {
            let value = Float(bitPattern: bits)
            let f16 = HalfPrecision.f16Bits(value)
            if f16 != table.f16Bits[i] { mismatches.append("F16 \(value) (0x\(String(bits, radix: 16))): \(f16) != \(table.f16Bits[i])") }
            // Non-NaN values bit-exact; NaN stays NaN (PyTorch's own BF16 NaN bits depend on its code path).
            let bf16 = HalfPrecision.bf16Bits(value)
            let bf16OK = value.isNaN ? HalfPrecision.float(bf16Bits: bf16).isNaN : bf16 == table.bf16Bits[i]
            if !bf16OK { mismatches.append("BF16 \(value) (0x\(String(bits, radix: 16))): \(bf16) != \(table.bf16Bits[i])") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test("decoding then encoding every one of the 65,536 F16 and BF16 patterns gives the pattern back (NaN stays NaN)")
    func roundTripEveryPattern() {
        var failures = 0
        for pattern in 0...UInt16.max {
            let f16 = HalfPrecision.float(f16Bits: pattern)
            if f16.isNaN ? !HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(f16)).isNaN : HalfPrecision.f16Bits(f16) != pattern { failures += 1 }
            let bf16 = HalfPrecision.float(bf16Bits: pattern)
            if bf16.isNaN ? !HalfPrecision.float(bf16Bits: HalfPrecision.bf16Bits(bf16)).isNaN : HalfPrecision.bf16Bits(bf16) != pattern { failures += 1 }
        }
        #expect(failures == 0)
    }

    #if !(os(macOS) && arch(x86_64))
    @Test("F16 decoding of all 65,536 patterns and encoding of 1,000,000 random floats equal Swift's Float16")
    func matchesFloat16() {
        for pattern in 0...UInt16.max {
            let ours = HalfPrecision.float(f16Bits: pattern)
            let reference = Float(Float16(bitPattern: pattern))
            #expect(ours.bitPattern == reference.bitPattern || (ours.isNaN && reference.isNaN), "pattern \(pattern)")
        }
        var rng = Fixture.SplitMix64(seed: 16)
        var mismatches = 0
        for _ in 0..<1_000_000 {
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
            guard !value.isNaN else { continue }
            if HalfPrecision.f16Bits(value) != Float16(value).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
    #endif
}
