import Foundation
import Testing
@testable import FuseFormats

@Suite("Safetensors bad input: typed errors, the reference reader's verdicts, fuzzing")
struct SafetensorsBadInputTests {
    typealias Fixture = SafetensorsFixtures

    /// A safetensors buffer with this header text and `dataBytes` zero bytes of data.
    static func file(_ header: String, dataBytes: Int, lengthOverride: UInt64? = nil) -> [UInt8] {
        let json = Array(header.utf8)
        return withUnsafeBytes(of: (lengthOverride ?? UInt64(json.count)).littleEndian) { Array($0) } + json + [UInt8](repeating: 0, count: dataBytes)
    }

    static let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}}"#

    struct Case: CustomStringConvertible, Sendable {
        let description: String
        let bytes: [UInt8]
        let expected: @Sendable (SafetensorsError) -> Bool
        /// Text the message must contain besides the file name.
        let mentions: String
    }

    static let cases: [Case] = [
        Case(description: "empty file", bytes: [], expected: { if case .truncated = $0 { true } else { false } }, mentions: "0 bytes"),
        Case(description: "shorter than the length field", bytes: [1, 2, 3], expected: { if case .truncated = $0 { true } else { false } }, mentions: "3 bytes"),
        Case(description: "header longer than the file", bytes: file(good, dataBytes: 12, lengthOverride: 500),
             expected: { if case .truncated = $0 { true } else { false } }, mentions: "500"),
        Case(description: "absurd header length", bytes: file(good, dataBytes: 12, lengthOverride: 1 << 40),
             expected: { if case .headerTooLarge = $0 { true } else { false } }, mentions: "limit"),
        Case(description: "header not UTF-8", bytes: [4, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0xFF, 0xFE, 0x7D],
             expected: { if case .invalidHeader = $0 { true } else { false } }, mentions: "UTF-8"),
        Case(description: "bad header JSON", bytes: file(#"{"a":{"dtype":"F32",}}"#, dataBytes: 0),
             expected: { if case .invalidHeader = $0 { true } else { false } }, mentions: "invalid JSON at byte"),
        Case(description: "header is not an object", bytes: file("[]", dataBytes: 0),
             expected: { if case .invalidHeader = $0 { true } else { false } }, mentions: "not a JSON object"),
        Case(description: "unknown dtype", bytes: file(#"{"a":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 8),
             expected: { $0 == .unknownDType(path: "bad.safetensors", tensor: "a", dtype: "Q4_K") }, mentions: "Q4_K"),
        Case(description: "negative dimension", bytes: file(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, dataBytes: 8),
             expected: { if case .invalidShape(_, "a", _) = $0 { true } else { false } }, mentions: "'a'"),
        Case(description: "fractional dimension", bytes: file(#"{"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}"#, dataBytes: 8),
             expected: { if case .invalidShape(_, "a", _) = $0 { true } else { false } }, mentions: "'a'"),
        Case(description: "offsets past the data", bytes: file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataBytes: 4),
             expected: { if case .invalidOffsets(_, "a", _) = $0 { true } else { false } }, mentions: "past the 4-byte data area"),
        Case(description: "gap between tensors", bytes: file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8),
             expected: { if case .invalidOffsets(_, "a", _) = $0 { true } else { false } }, mentions: "gap"),
        Case(description: "overlapping tensors", bytes: file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8),
             expected: { if case .invalidOffsets(_, "b", _) = $0 { true } else { false } }, mentions: "overlaps"),
        Case(description: "begin after end", bytes: file(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, dataBytes: 8),
             expected: { if case .invalidOffsets(_, "a", _) = $0 { true } else { false } }, mentions: "after end"),
        Case(description: "missing data_offsets", bytes: file(#"{"a":{"dtype":"F32","shape":[2]}}"#, dataBytes: 8),
             expected: { if case .invalidOffsets(_, "a", _) = $0 { true } else { false } }, mentions: "data_offsets"),
        Case(description: "shape and size disagree", bytes: file(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8),
             expected: { $0 == .sizeMismatch(path: "bad.safetensors", tensor: "a", expectedBytes: 12, foundBytes: 8) }, mentions: "12"),
        Case(description: "element count overflows", bytes: file(#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, dataBytes: 8),
             expected: { if case .invalidShape(_, "a", _) = $0 { true } else { false } }, mentions: "too many"),
        Case(description: "sub-byte type not ending on a byte", bytes: file(#"{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}"#, dataBytes: 2),
             expected: { if case .invalidShape(_, "a", _) = $0 { true } else { false } }, mentions: "whole number of bytes"),
        Case(description: "bytes after the last tensor", bytes: file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, dataBytes: 8),
             expected: { $0 == .incompleteData(path: "bad.safetensors", coveredBytes: 4, dataBytes: 8) }, mentions: "4 of the 8"),
        Case(description: "non-string metadata", bytes: file(#"{"__metadata__":{"n":1}}"#, dataBytes: 0),
             expected: { if case .invalidHeader = $0 { true } else { false } }, mentions: "__metadata__"),
        Case(description: "duplicate tensor name", bytes: file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, dataBytes: 8),
             expected: { if case .invalidHeader = $0 { true } else { false } }, mentions: "duplicate key"),
    ]

    @Test("each malformed file gives its typed error naming the file", arguments: cases)
    func typedErrors(_ bad: Case) {
        do {
            _ = try SafetensorsFile(bytes: bad.bytes, name: "bad.safetensors")
            Issue.record("accepted \(bad.description)")
        } catch {
            #expect(bad.expected(error), "got \(error)")
            #expect(error.description.hasPrefix("bad.safetensors: "), "\(error)")
            #expect(error.description.contains(bad.mentions), "\(error)")
        }
    }

    @Test("the well-formed base of those cases is accepted, and whitespace around the header JSON is fine")
    func wellFormed() throws {
        let file = try SafetensorsFile(bytes: Self.file(Self.good, dataBytes: 12))
        #expect(file.tensorNames == ["a", "b"])
        _ = try SafetensorsFile(bytes: Self.file(" {} \n", dataBytes: 0))
        _ = try SafetensorsFile(bytes: Self.file(#"{"__metadata__":null,"a":{"dtype":"U8","shape":[],"data_offsets":[0,1],"extra":[1]}}"#, dataBytes: 1))
    }

    @Test("missing files and folders are I/O errors naming the path")
    func ioErrors() throws {
        let folder = try Fixture.TemporaryFolder()
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(path: folder.path + "/missing.safetensors") }
        do { _ = try SafetensorsFile(path: folder.path) } catch { #expect(error == .io(path: folder.path, detail: "not a regular file")) }
        #expect(throws: SafetensorsError.noWeights(folder: folder.path)) { try SafetensorsFolder(folder: folder.path) }
    }

    /// Copies the sharded fixture into a scratch folder and lets `edit` break it.
    static func brokenShardedFolder(_ edit: (String) throws -> Void) throws -> (Fixture.TemporaryFolder, SafetensorsError?) {
        let folder = try Fixture.TemporaryFolder()
        for name in Fixture.expected.sharded.files {
            try FileManager.default.copyItem(atPath: Fixture.path("sharded/\(name)"), toPath: folder.path + "/" + name)
        }
        try edit(folder.path)
        do { _ = try SafetensorsFolder(folder: folder.path); return (folder, nil) } catch { return (folder, error) }
    }

    static func rewriteIndex(_ folder: String, _ change: (String) -> String) throws {
        let path = folder + "/model.safetensors.index.json"
        try change(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("sharded folders: a missing shard, a tensor absent from its shard, a bad index, a tensor in two shards")
    func shardedErrors() throws {
        let (f1, missing) = try Self.brokenShardedFolder { try FileManager.default.removeItem(atPath: $0 + "/model-00002-of-00003.safetensors") }
        #expect(missing == .missingShard(indexPath: f1.path + "/model.safetensors.index.json", shard: "model-00002-of-00003.safetensors"))

        let (f2, absent) = try Self.brokenShardedFolder { folder in
            try Self.rewriteIndex(folder) { $0.replacingOccurrences(of: #""a.weight": "model-00002"#, with: #""a.weight": "model-00003"#) }
        }
        #expect(absent == .tensorNotInShard(indexPath: f2.path + "/model.safetensors.index.json", tensor: "a.weight", shard: "model-00003-of-00003.safetensors"))

        let (_, badJSON) = try Self.brokenShardedFolder { folder in try Self.rewriteIndex(folder) { String($0.dropLast(3)) } }
        guard case .invalidIndex? = badJSON else { Issue.record("got \(String(describing: badJSON))"); return }

        let (_, escaping) = try Self.brokenShardedFolder { folder in
            try Self.rewriteIndex(folder) { $0.replacingOccurrences(of: #""e.weight": "model-00003"#, with: #""e.weight": "../model-00003"#) }
        }
        guard case .invalidIndex? = escaping else { Issue.record("got \(String(describing: escaping))"); return }
    }

    @Test("a tensor present in two shards is reported")
    func duplicateAcrossShards() throws {
        let (folder, error) = try Self.brokenShardedFolder { folder in
            try FileManager.default.removeItem(atPath: folder + "/model-00003-of-00003.safetensors")
            try FileManager.default.copyItem(atPath: folder + "/model-00002-of-00003.safetensors", toPath: folder + "/model-00003-of-00003.safetensors")
            try Self.rewriteIndex(folder) { _ in
                #"{"weight_map": {"big.weight": "model-00001-of-00003.safetensors", "a.weight": "model-00002-of-00003.safetensors", "b.weight": "model-00003-of-00003.safetensors"}}"#
            }
        }
        #expect(error == .duplicateTensor(path: folder.path + "/model-00003-of-00003.safetensors", tensor: "a.weight"))
    }

    @Test("2,000 mutations of a small file get the same verdict and tensors as the safetensors reference reader")
    func referenceVerdicts() throws {
        let base = try Fixture.bytes("small.safetensors")
        var disagreements: [String] = []
        for (i, mutation) in Fixture.expected.mutations.enumerated() {
            let bytes = mutation.apply(to: base)
            let file = try? SafetensorsFile(bytes: bytes)
            if (file != nil) != mutation.ok {
                disagreements.append("#\(i) reference \(mutation.ok ? "accepts" : "rejects"), we \(file != nil ? "accept" : "reject")")
                continue
            }
            guard let file, let expected = mutation.tensors else { continue }
            let ours = file.header.tensors.map { [Fixture.TensorField.text($0.name), .text($0.dtype.rawValue), .shape($0.shape)] }
                .sorted { a, b in
                    guard case .text(let x) = a[0], case .text(let y) = b[0] else { return false }
                    return x.utf8.lexicographicallyPrecedes(y.utf8)
                }
            if ours != expected { disagreements.append("#\(i) tensors differ") }
        }
        #expect(Fixture.expected.mutations.count == 2000)
        #expect(Fixture.expected.mutations.contains { $0.ok } && Fixture.expected.mutations.contains { !$0.ok })
        #expect(disagreements.isEmpty, "\(disagreements.count): \(disagreements.prefix(10))")
    }

    @Test("10,000 seeded random mutations never crash or hang; accepted files have in-bounds tensors")
    func fuzz() throws {
        let base = try Fixture.bytes("small.safetensors")
        let headerEnd = 8 + Int(base[0])
        var rng = Fixture.SplitMix64(seed: 2026)
        var accepted = 0
        let start = Date()
        for _ in 0..<10_000 {
            var bytes = base
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let position = Int(rng.next() % UInt64(rng.next() % 2 == 0 ? headerEnd : bytes.count + 1))
                switch rng.next() % 7 {
                case 0: if position < bytes.count { bytes[position] = UInt8(truncatingIfNeeded: rng.next()) }
                case 1: if position < bytes.count { bytes[position] ^= 1 << UInt8(rng.next() % 8) }
                case 2: bytes.insert(Array("{}[]\",:-.0123456789eE".utf8).randomElement(using: &rng)!, at: min(position, bytes.count))
                case 3: if position < bytes.count { bytes.remove(at: position) }
                case 4: bytes = Array(bytes.prefix(position))
                case 5: if position < bytes.count { bytes[position] = Array("0123456789".utf8).randomElement(using: &rng)! }
                default: if position < min(8, bytes.count) { bytes[position] = UInt8(truncatingIfNeeded: rng.next()) }
                }
            }
            guard let file = try? SafetensorsFile(bytes: bytes) else { continue }
            accepted += 1
            var total = 0
            for info in file.header.tensors {
                let data = file.data(of: info)
                total += data.count
                _ = data.reduce(0, &+)
            }
            #expect(file.header.dataStart + total == bytes.count)
        }
        #expect(accepted > 0)
        #expect(Date().timeIntervalSince(start) < 60)
    }
}
