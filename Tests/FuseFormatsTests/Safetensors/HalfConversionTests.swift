import FuseTensor
import Testing
@testable import FuseFormats

/// F16 / BF16 bits of `value` as the safetensors writer stores them.
func halfBits(_ value: Float, _ dtype: SafetensorsDType) throws -> UInt16 {
    let tensor = try SafetensorsTensor(name: "x", shape: [1], values: [value], as: dtype)
    return UInt16(tensor.data[0]) | UInt16(tensor.data[1]) << 8
}

/// The Float32 value of F16 / BF16 bits.
func halfValue(_ bits: UInt16, _ dtype: SafetensorsDType) -> Float {
    var value: Float = 0
    withUnsafeBytes(of: bits.littleEndian) { dtype.ggmlType!.dequantize($0.baseAddress!, count: 1, into: &value) }
    return value
}

@Suite("Float32 to F16/BF16 conversion in the safetensors writer")
struct HalfConversionTests {
    typealias Fixture = SafetensorsFixtures

    @Test("F16 and BF16 bits equal PyTorch's .half() and .bfloat16() on 4,098 inputs (specials, exact ties, random bit patterns)")
    func matchesPyTorch() throws {
        let table = Fixture.expected.conversion
        #expect(table.f32Bits.count > 4000)
        var mismatches: [String] = []
        for (i, bits) in table.f32Bits.enumerated() {
            let value = Float(bitPattern: bits)
            let f16 = try halfBits(value, .f16)
            // F16 bit-exact, NaN included (PyTorch uses the F16C instruction on x86).
            if f16 != table.f16Bits[i] { mismatches.append("F16 \(value) (0x\(String(bits, radix: 16))): \(f16) != \(table.f16Bits[i])") }
            // BF16: non-NaN values bit-exact; NaN stays NaN (PyTorch's own BF16 NaN bits depend on its code path).
            let bf16 = try halfBits(value, .bf16)
            let bf16OK = value.isNaN ? halfValue(bf16, .bf16).isNaN : bf16 == table.bf16Bits[i]
            if !bf16OK { mismatches.append("BF16 \(value) (0x\(String(bits, radix: 16))): \(bf16) != \(table.bf16Bits[i])") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test("decoding then encoding every one of the 65,536 F16 and BF16 patterns gives the pattern back (NaN stays NaN)",
          arguments: [SafetensorsDType.f16, .bf16])
    func roundTripEveryPattern(_ dtype: SafetensorsDType) throws {
        var failures = 0
        for pattern in 0...UInt16.max {
            let value = halfValue(pattern, dtype)
            let again = try halfBits(value, dtype)
            if value.isNaN ? !halfValue(again, dtype).isNaN : again != pattern { failures += 1 }
        }
        #expect(failures == 0)
    }
}
