import Foundation
@testable import FuseFormats
import Testing

/// Each kind of damage gives its own `GGUFError`, and every message names the file.
@Suite("GGUF bad input")
struct GGUFBadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        let description: String
        let bytes: Data
        let matches: @Sendable (GGUFError) -> Bool
    }

    static func image(_ build: (inout GGUFImageBuilder) -> Void) -> Data {
        var b = GGUFImageBuilder()
        build(&b)
        return b.data
    }

    /// A valid file with one F32 tensor of 8 values, to damage.
    static func oneTensor(dims: [UInt64] = [8], type: UInt32 = 0, offset: UInt64 = 0, dataBytes: Int = 32) -> Data {
        image {
            $0.header(tensors: 1, keys: 1)
            $0.string("general.architecture"); $0.u32(8); $0.string("llama")
            $0.tensorInfo("w", dims: dims, type: type, offset: offset)
            $0.dataSection(dataBytes)
        }
    }

    static let cases: [Case] = [
        Case(description: "empty file", bytes: Data()) { if case .truncated(_, "magic", _, _, _) = $0 { true } else { false } },
        Case(description: "truncated header", bytes: SampleGGUF.bytes.prefix(12)) { if case .truncated = $0 { true } else { false } },
        Case(description: "truncated metadata value", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("key"); $0.u32(4); $0.u8(1); $0.u8(2) }) { if case .truncated = $0 { true } else { false } },
        Case(description: "truncated tensor data", bytes: SampleGGUF.bytes.dropLast(40)) { if case .tensorOutOfRange = $0 { true } else { false } },
        Case(description: "bad magic", bytes: Data("GGML".utf8) + SampleGGUF.bytes.dropFirst(4)) {
            if case .badMagic(_, 0x4C4D_4747) = $0 { true } else { false }
        },
        Case(description: "version 1", bytes: image { $0.header(version: 1, tensors: 0, keys: 0) }) {
            if case .unsupportedVersion(_, 1) = $0 { true } else { false }
        },
        Case(description: "version 4", bytes: image { $0.header(version: 4, tensors: 0, keys: 0) }) {
            if case .unsupportedVersion(_, 4) = $0 { true } else { false }
        },
        Case(description: "big-endian file", bytes: image { $0.header(version: 0x0300_0000, tensors: 0, keys: 0) }) {
            if case .bigEndian = $0 { true } else { false }
        },
        Case(description: "unknown value type", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(13); $0.u32(0) }) {
            if case .unknownValueType(_, "k", 13) = $0 { true } else { false }
        },
        Case(description: "unknown array element type", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(9); $0.u32(77); $0.u64(0) }) {
            if case .unknownValueType(_, "k", 77) = $0 { true } else { false }
        },
        Case(description: "unknown tensor type", bytes: oneTensor(type: 4)) { if case .unknownTensorType(_, "w", 4) = $0 { true } else { false } },
        Case(description: "key length past the end", bytes: image { $0.header(tensors: 0, keys: 1); $0.u64(1 << 40); $0.u64(0) }) {
            if case .lengthOutOfRange(_, _, 1 << 40, _, _) = $0 { true } else { false }
        },
        Case(description: "string length past the end", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(8); $0.u64(UInt64.max) }) {
            if case .lengthOutOfRange(_, _, UInt64.max, _, _) = $0 { true } else { false }
        },
        Case(description: "array length past the end", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(9); $0.u32(8); $0.u64(1 << 50) }) {
            if case .lengthOutOfRange = $0 { true } else { false }
        },
        Case(description: "tensor count past the end", bytes: image { $0.header(tensors: UInt64.max, keys: 0) }) {
            if case .lengthOutOfRange(_, "tensor count", _, _, _) = $0 { true } else { false }
        },
        Case(description: "invalid UTF-8 key", bytes: image { $0.header(tensors: 0, keys: 1); $0.rawString([0x61, 0xFF]); $0.u32(0); $0.u8(1) }) {
            if case .invalidUTF8(_, "metadata key", _) = $0 { true } else { false }
        },
        Case(description: "invalid UTF-8 value (cut sequence)", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(8); $0.rawString([0xE2, 0x82, 0x41]) }) {
            if case .invalidUTF8 = $0 { true } else { false }
        },
        Case(description: "duplicate key", bytes: image { $0.header(tensors: 0, keys: 2); for _ in 0..<2 { $0.string("k"); $0.u32(0); $0.u8(1) } }) {
            if case .duplicateKey(_, "k") = $0 { true } else { false }
        },
        Case(description: "arrays nested too deep", bytes: image {
            $0.header(tensors: 0, keys: 1); $0.string("k"); $0.u32(9)
            for _ in 0..<20 { $0.u32(9); $0.u64(1) }
            $0.u32(0); $0.u64(0)
        }) { if case .arrayNestingTooDeep = $0 { true } else { false } },
        Case(description: "alignment not a power of two", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("general.alignment"); $0.u32(4); $0.u32(48) }) {
            if case .invalidAlignment = $0 { true } else { false }
        },
        Case(description: "alignment of the wrong type", bytes: image { $0.header(tensors: 0, keys: 1); $0.string("general.alignment"); $0.u32(5); $0.u32(32) }) {
            if case .invalidAlignment = $0 { true } else { false }
        },
        Case(description: "tensor offset out of range", bytes: oneTensor(offset: 4096)) { if case .tensorOutOfRange(_, "w", 4096, 32, _) = $0 { true } else { false } },
        Case(description: "tensor size out of range", bytes: oneTensor(dims: [8, 1000])) { if case .tensorOutOfRange(_, "w", 0, 32000, _) = $0 { true } else { false } },
        Case(description: "misaligned tensor offset", bytes: oneTensor(offset: 4)) { if case .tensorMisaligned(_, "w", 4, 32) = $0 { true } else { false } },
        Case(description: "element count overflow", bytes: oneTensor(dims: [1 << 32, 1 << 32, 1 << 32])) {
            if case .invalidTensorShape(_, "w", _) = $0 { true } else { false }
        },
        Case(description: "five dimensions", bytes: oneTensor(dims: [1, 1, 1, 1, 8])) { if case .invalidTensorShape = $0 { true } else { false } },
        Case(description: "row not whole blocks", bytes: oneTensor(dims: [16], type: 8)) { if case .invalidTensorShape = $0 { true } else { false } },
        Case(description: "duplicate tensor", bytes: image {
            $0.header(tensors: 2, keys: 0)
            $0.tensorInfo("w", dims: [8], type: 0, offset: 0); $0.tensorInfo("w", dims: [8], type: 0, offset: 32)
            $0.dataSection(64)
        }) { if case .duplicateTensor(_, "w") = $0 { true } else { false } },
    ]

    /// The error `open` throws, or `nil` if it succeeds.
    static func failure(_ open: () throws(GGUFError) -> Void) -> GGUFError? {
        do {
            try open()
            return nil
        } catch {
            return error
        }
    }

    @Test("each damage gives its typed error naming the file", arguments: cases)
    func badInput(_ c: Case) throws {
        let name = "damaged-\(c.description.replacingOccurrences(of: " ", with: "-")).gguf"
        let error = try #require(Self.failure { () throws(GGUFError) in _ = try GGUFFile(data: c.bytes, name: name) }, "\(c.description) opened")
        #expect(c.matches(error), "\(c.description): got \(error)")
        #expect(error.description.hasPrefix(name + ":"), "\(error.description)")
    }

    @Test("the valid base of the damaged files opens")
    func validBase() throws {
        let file = try GGUFFile(data: Self.oneTensor(), name: "base.gguf")
        #expect(file.tensor(named: "w")?.shape == [8] && file.string("general.architecture") == "llama")
    }

    @Test("a missing file and a folder give cannotOpen naming the path")
    func cannotOpen() throws {
        for path in ["/nonexistent/model.gguf", NSTemporaryDirectory()] {
            let error = try #require(Self.failure { () throws(GGUFError) in _ = try GGUFFile(path: path) })
            guard case .cannotOpen(path, _) = error else { Issue.record("\(error)"); continue }
            #expect(error.description.hasPrefix(path))
        }
    }
}
