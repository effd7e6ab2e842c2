import Foundation
@testable import FuseFormats

/// The oracle fixtures written by `scripts/fixtures/safetensors_fixtures.py` (PyTorch,
/// `safetensors`, `huggingface_hub`, transformers), decoded with Foundation's JSONDecoder so the
/// parser under test is not its own oracle.
enum SafetensorsFixtures {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/safetensors")
    /// The same folder in the source tree (where `FUSECHAT_WRITE_FIXTURES=1` writes).
    static let sourceFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/safetensors")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }

    static let expected: Expected = try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    static let swiftSpec: TensorSet = try! JSONDecoder().decode(TensorSet.self, from: Data(contentsOf: folder.appendingPathComponent("swift_spec.json")))

    /// A fresh temporary folder, removed when the value is released.
    final class TemporaryFolder {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "fusechat-test-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A small seeded generator (SplitMix64) so test inputs are reproducible.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Expected: Decodable {
        let conversion: Conversion
        let mixed: TensorSet
        let sharded: Sharded
        let mutations: [Mutation]
        let hfTiny: HFTiny

        enum CodingKeys: String, CodingKey {
            case conversion, mixed, sharded, mutations
            case hfTiny = "hf_tiny"
        }
    }

    struct Conversion: Decodable {
        let f32Bits: [UInt32]
        let f16Bits: [UInt16]
        let bf16Bits: [UInt16]

        enum CodingKeys: String, CodingKey {
            case f32Bits = "f32_bits", f16Bits = "f16_bits", bf16Bits = "bf16_bits"
        }
    }

    struct TensorSet: Decodable {
        let file: String?
        let metadata: [String: String]
        let tensors: [Tensor]
    }

    struct Tensor: Decodable, CustomStringConvertible {
        let name: String
        let dtype: String
        let shape: [Int]
        /// Source values (float32 bit patterns) for float tensors.
        let sourceF32Bits: [UInt32]?
        /// Values of integer tensors.
        let ints: [Int64]?
        /// What PyTorch stored: bit patterns for floats, values for integers.
        let stored: [Int64]?

        enum CodingKeys: String, CodingKey {
            case name, dtype, shape, ints, stored
            case sourceF32Bits = "source_f32_bits"
        }

        var description: String { name }

        var sourceFloats: [Float] { (sourceF32Bits ?? []).map(Float.init(bitPattern:)) }

        /// The tensor to write, converted from the float32 source (or packed from the integers).
        func writable() throws -> SafetensorsTensor {
            let type = SafetensorsDType(rawValue: dtype)!
            if sourceF32Bits != nil {
                return try SafetensorsTensor(name: name, shape: shape, values: sourceFloats, as: type)
            }
            let values = ints!
            var bytes: [UInt8] = []
            for value in values {
                switch type {
                case .i64: bytes += withUnsafeBytes(of: value.littleEndian) { Array($0) }
                case .i32: bytes += withUnsafeBytes(of: Int32(value).littleEndian) { Array($0) }
                case .u8: bytes.append(UInt8(value))
                default: fatalError("fixture dtype \(type) not handled")
                }
            }
            return try SafetensorsTensor(name: name, dtype: type, shape: shape, data: bytes)
        }
    }

    struct Sharded: Decodable {
        let folder: String
        let maxShardSize: Int
        let tensors: [Tensor]
        let weightMap: [String: String]
        let totalSize: Int
        let files: [String]

        enum CodingKeys: String, CodingKey {
            case folder, tensors, files
            case maxShardSize = "max_shard_size", weightMap = "weight_map", totalSize = "total_size"
        }
    }

    struct Mutation: Decodable {
        let truncate: Int?
        let edits: [[Int]]
        let ok: Bool
        /// `[name, dtype, shape]` of each tensor, sorted, when the reference accepted the file.
        let tensors: [[TensorField]]?

        func apply(to base: [UInt8]) -> [UInt8] {
            var bytes = base
            if let truncate { bytes = Array(bytes[..<truncate]) }
            for edit in edits { bytes[edit[0]] = UInt8(edit[1]) }
            return bytes
        }
    }

    enum TensorField: Decodable, Equatable {
        case text(String)
        case shape([Int])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .text(text) } else { self = .shape(try container.decode([Int].self)) }
        }
    }

    struct HFTiny: Decodable {
        let folder: String
        let files: [String]
        let modelType: String
        let bosToken: String
        let eosToken: String
        let unkToken: String
        let chatTemplate: String
        let tensors: [HashedTensor]

        enum CodingKeys: String, CodingKey {
            case folder, files, tensors
            case modelType = "model_type", bosToken = "bos_token", eosToken = "eos_token", unkToken = "unk_token"
            case chatTemplate = "chat_template"
        }
    }

    struct HashedTensor: Decodable {
        let name: String
        let dtype: String
        let shape: [Int]
        /// sum((i + 1) * bits[i]) mod 2^64 over the stored bit patterns.
        let checksum: UInt64
    }
}

/// Elements of raw little-endian tensor bytes as integers: bit patterns for floats, values for
/// integer types.
func storedIntegers(_ data: UnsafeRawBufferPointer, _ dtype: SafetensorsDType) -> [Int64] {
    func load<T: FixedWidthInteger>(_: T.Type) -> [Int64] {
        stride(from: 0, to: data.count, by: MemoryLayout<T>.size).map { Int64(T(littleEndian: data.loadUnaligned(fromByteOffset: $0, as: T.self))) }
    }
    switch dtype {
    case .f32: return load(UInt32.self)
    case .f16, .bf16: return load(UInt16.self)
    case .i64: return load(Int64.self)
    case .i32: return load(Int32.self)
    case .u8: return load(UInt8.self)
    default: fatalError("not used by these tests: \(dtype)")
    }
}
