import Foundation
import FuseFormats
import FuseTensor

/// A small GGUF built in code with every metadata type (nested arrays included) and tensors in
/// F32, F16, BF16 and Q8_0. `scripts/fixtures/gguf_check_written.py` rebuilds the same content
/// with gguf-py (same keys, same values: `value(i)`) and checks the committed file against it.
enum SampleGGUF {
    /// Tensor element `i`: (i * 37 mod 101 - 50) / 7 in float32 (the same in Swift and numpy).
    static func value(_ i: Int) -> Float { Float((i * 37) % 101 - 50) / 7 }

    static let tensors: [(name: String, shape: [Int], type: GGMLType)] = [
        ("token_embd.weight", [4, 32], .f32),
        ("blk.0.attn_q.weight", [2, 64], .f16),
        ("blk.0.attn_k.weight", [3, 32], .bf16),
        ("output.weight", [4, 64], .q8_0),
        ("output_norm.weight", [7], .f32),
    ]

    static let metadata: [(String, MetadataValue)] = [
        ("general.architecture", .string("llama")),
        ("test.uint8", .uint8(200)),
        ("test.int8", .int8(-100)),
        ("test.uint16", .uint16(60000)),
        ("test.int16", .int16(-30000)),
        ("test.uint32", .uint32(4_000_000_000)),
        ("test.int32", .int32(-2_000_000_000)),
        ("test.float32", .float32(0.15625)),
        ("test.bool", .bool(true)),
        ("test.string", .string("FuseChat — ünïcödé 🦙 \"quoted\"\n")),
        ("test.uint64", .uint64(18_000_000_000_000_000_000)),
        ("test.int64", .int64(-9_000_000_000_000_000_000)),
        ("test.float64", .float64(-2.5e-300)),
        ("test.array.int32", .array(elementType: GGUFValueType.int32.rawValue, values: [.int32(1), .int32(-2), .int32(3)])),
        ("test.array.float32", .array(elementType: GGUFValueType.float32.rawValue, values: [.float32(0.5), .float32(-1.25)])),
        ("test.array.string", .array(elementType: GGUFValueType.string.rawValue, values: [.string("a"), .string(""), .string("日本")])),
        ("test.array.bool", .array(elementType: GGUFValueType.bool.rawValue, values: [.bool(false), .bool(true)])),
        ("test.array.uint8", .array(elementType: GGUFValueType.uint8.rawValue, values: [.uint8(0), .uint8(255)])),
        ("test.array.nested", .array(elementType: GGUFValueType.array.rawValue, values: [
            .array(elementType: GGUFValueType.int32.rawValue, values: [.int32(1), .int32(2)]),
            .array(elementType: GGUFValueType.int32.rawValue, values: [.int32(3)]),
        ])),
    ]

    static func writer() throws -> GGUFWriter {
        var writer = GGUFWriter()
        for (key, value) in metadata { writer.set(key, value) }
        for t in tensors {
            let count = t.shape.reduce(1, *)
            try writer.addTensor(name: t.name, shape: t.shape, values: (0..<count).map(value), as: t.type)
        }
        return writer
    }

    static let bytes: Data = try! writer().serialized()
}
