import Foundation
import Testing
@testable import FuseTensor

/// gguf-py's (de)quantization of seeded random blocks and fixed inputs
/// (`scripts/fixtures/gguf_quants.py`), compared bit for bit.
@Suite("GGML block formats against gguf-py")
struct GGMLQuantsTests {
    struct Case: Decodable, CustomStringConvertible {
        let type: String
        let count: Int
        let input: String?
        let output: String
        var description: String { type }
    }

    struct Fixture: Decodable {
        let dequantize: [Case]
        let quantize_input: String
        let quantize: [Case]

        static let shared: Fixture = {
            let url = Bundle.module.url(forResource: "ggml_quants", withExtension: "json", subdirectory: "Fixtures")!
            return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        }()
    }

    static func type(named name: String) -> GGMLType {
        GGMLType.allCases.first { $0.description == name }!
    }

    static func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

    @Test("dequantize equals gguf.quants.dequantize bit for bit", arguments: Fixture.shared.dequantize)
    func dequantize(_ c: Case) {
        let type = Self.type(named: c.type)
        let input = Self.bytes(c.input!)
        #expect(input.count == type.byteCount(elements: c.count))
        var out = [Float](repeating: .nan, count: c.count)
        input.withUnsafeBytes { type.dequantize($0.baseAddress!, count: c.count, into: &out) }
        let produced = out.withUnsafeBytes { [UInt8]($0) }
        let expected = Self.bytes(c.output)
        #expect(produced.count == expected.count)
        let mismatches = produced.indices.filter { $0 < expected.count && produced[$0] != expected[$0] }.count
        #expect(mismatches == 0, "\(c.type): \(mismatches) differing bytes")
    }

    @Test("quantize equals gguf.quants.quantize byte for byte", arguments: Fixture.shared.quantize)
    func quantize(_ c: Case) {
        let type = Self.type(named: c.type)
        let x = Self.bytes(Fixture.shared.quantize_input).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        var out = [UInt8](repeating: 0, count: type.byteCount(elements: c.count)!)
        x.withUnsafeBufferPointer { src in out.withUnsafeMutableBytes { type.quantize(src.baseAddress!, count: c.count, into: $0.baseAddress!) } }
        let expected = Self.bytes(c.output)
        #expect(out.count == expected.count)
        let firstDiff = out.indices.first { $0 < expected.count && out[$0] != expected[$0] }
        #expect(firstDiff == nil, "\(c.type): first differing byte at \(firstDiff ?? -1)")
    }

    @Test("quantize then dequantize is exact for F32/F16/BF16-representable values")
    func roundTrip() {
        let x: [Float] = (0..<64).map { Float(Float16(Float($0) * 0.37 - 11)) }
        for type in [GGMLType.f32, .f16] {
            var bytes = [UInt8](repeating: 0, count: type.byteCount(elements: 64)!)
            var back = [Float](repeating: 0, count: 64)
            x.withUnsafeBufferPointer { src in bytes.withUnsafeMutableBytes { type.quantize(src.baseAddress!, count: 64, into: $0.baseAddress!) } }
            bytes.withUnsafeBytes { type.dequantize($0.baseAddress!, count: 64, into: &back) }
            #expect(back == x, "\(type)")
        }
    }
}
