import Crypto
import Foundation
import FuseFormats
import FuseTensor
import Testing

/// The three demo GGUF files read by FuseChat against gguf-py's `GGUFReader` and
/// `gguf.quants.dequantize` (fixtures by `scripts/fixtures/gguf_dequant.py`). Needs the models
/// fetched (`fusechat models fetch`); a missing model fails the test.
@Suite("Demo GGUF files against gguf-py")
struct GGUFDemoFilesTests {
    static let models = ["smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct"]

    @Test("metadata: every key, type and value as gguf-py reads it", arguments: models)
    func metadata(_ model: String) throws {
        let fixture = try DemoFixture.load(model)
        let file = try GGUFFile(path: try DemoFixture.modelPath(model))
        #expect(file.version == fixture.version)
        #expect(file.alignment == fixture.alignment)
        #expect(file.dataOffset == fixture.data_offset)
        #expect(file.metadataKeys == fixture.metadata.map(\.key))
        for entry in fixture.metadata {
            let value = try #require(file.metadata[entry.key])
            #expect("\(value.ggufType)".uppercased() == entry.type, "\(entry.key)")
            guard case .array(let elementType, let values) = value else {
                #expect(entry.value.map { $0.matches(value) } == true, "\(entry.key): \(value) vs \(String(describing: entry.value))")
                continue
            }
            #expect("\(GGUFValueType(rawValue: elementType)!)".uppercased() == entry.element_type, "\(entry.key)")
            #expect(values.count == entry.count, "\(entry.key)")
            if let expected = entry.values {
                #expect(expected.count == values.count && zip(expected, values).allSatisfy { $0.matches($1) }, "\(entry.key)")
            } else {
                var encoded = Data()
                for v in values { DemoFixture.appendCanonical(v, to: &encoded) }
                #expect(SHA256.hash(data: encoded).hexString == entry.sha256, "\(entry.key)")
            }
        }
    }

    /// Bit-exact: the SHA-256 of every tensor's float32 little-endian values equals gguf-py's
    /// (no tolerance is needed for any of the demo files' types), and sampled values are equal.
    @Test("every tensor dequantizes bit-exactly like gguf.quants.dequantize", arguments: models)
    func tensors(_ model: String) throws {
        let fixture = try DemoFixture.load(model)
        let file = try GGUFFile(path: try DemoFixture.modelPath(model))
        #expect(file.tensorNames == fixture.tensors.map(\.name))
        let chunk = 1 << 20
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        for expected in fixture.tensors {
            let tensor = try #require(file.tensor(named: expected.name))
            let info = file.tensorInfos.first { $0.name == expected.name }!
            #expect(tensor.type.description == expected.type && tensor.shape == expected.shape, "\(expected.name)")
            #expect(file.dataOffset + Int(info.offset) == expected.offset, "\(expected.name)")
            // Dequantize whole rows at a time, feeding the hash as we go.
            let row = tensor.shape.last ?? 1
            let rowsPerChunk = max(chunk / row, 1)
            var hasher = SHA256()
            var samples = expected.samples.makeIterator(), sample = samples.next()
            var done = 0
            while done < tensor.elementCount {
                let n = min(rowsPerChunk * row, tensor.elementCount - done)
                tensor.type.dequantize(tensor.data.baseAddress! + done / tensor.type.blockSize * tensor.type.blockBytes,
                                       count: n, into: buffer)
                hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: n * 4))
                while let s = sample, Int(s[0]) < done + n {
                    #expect(Double(buffer[Int(s[0]) - done]) == s[1], "\(expected.name)[\(Int(s[0]))]")
                    sample = samples.next()
                }
                done += n
            }
            #expect(hasher.finalize().hexString == expected.sha256, "\(expected.name) (\(expected.type))")
        }
    }
}

/// One demo model's fixture as `gguf_dequant.py` writes it.
struct DemoFixture: Decodable {
    struct Entry: Decodable {
        let key: String
        let type: String
        let value: Scalar?
        let element_type: String?
        let count: Int?
        let values: [Scalar]?
        let sha256: String?
    }

    struct Tensor: Decodable {
        let name: String
        let type: String
        let shape: [Int]
        let offset: Int
        let sha256: String
        let samples: [[Double]]
    }

    /// A JSON scalar as Python's `json` wrote it.
    enum Scalar: Decodable {
        case bool(Bool), int(Int64), uint(UInt64), double(Double), string(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) }
            else if let u = try? c.decode(UInt64.self) { self = .uint(u) }
            else { self = .double(try c.decode(Double.self)) }
        }

        func matches(_ value: MetadataValue) -> Bool {
            switch (self, value) {
            case (.bool(let a), .bool(let b)): return a == b
            case (.string(let a), .string(let b)): return a == b
            case (_, .float32(let f)): return number == Double(f)
            case (_, .float64(let d)): return number == d
            case (.uint(let a), .uint64(let b)): return a == b
            case (.int(let a), _): return value.int.map { Int64($0) == a } ?? false
            default: return false
            }
        }

        private var number: Double? {
            switch self {
            case .int(let i): return Double(i)
            case .uint(let u): return Double(u)
            case .double(let d): return d
            default: return nil
            }
        }
    }

    let version: UInt32
    let alignment: Int
    let data_offset: Int
    let metadata: [Entry]
    let tensors: [Tensor]

    static func load(_ model: String) throws -> DemoFixture {
        let url = try #require(Bundle.module.url(forResource: "gguf_\(model)", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(DemoFixture.self, from: Data(contentsOf: url))
    }

    /// `$FUSECHAT_HOME/models/<model>.gguf` (default home `~/.cache/fusechat`), as ModelStore lays it out.
    static func modelPath(_ model: String) throws -> String {
        let env = ProcessInfo.processInfo.environment["FUSECHAT_HOME"] ?? ""
        let home = env.isEmpty ? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fusechat").path : env
        let path = home + "/models/\(model).gguf"
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing: run `fusechat models fetch`")
        return path
    }

    /// The canonical encoding the fixture hashes: numbers as their little-endian bytes,
    /// strings as u64 length + UTF-8, booleans as one byte.
    static func appendCanonical(_ value: MetadataValue, to data: inout Data) {
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        switch value {
        case .uint8(let v): le(v)
        case .int8(let v): le(v)
        case .uint16(let v): le(v)
        case .int16(let v): le(v)
        case .uint32(let v): le(v)
        case .int32(let v): le(v)
        case .uint64(let v): le(v)
        case .int64(let v): le(v)
        case .float32(let v): le(v.bitPattern)
        case .float64(let v): le(v.bitPattern)
        case .bool(let v): le(UInt8(v ? 1 : 0))
        case .string(let s): le(UInt64(s.utf8.count)); data.append(contentsOf: s.utf8)
        case .array(_, let values): for v in values { appendCanonical(v, to: &data) }
        }
    }
}

extension Digest {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
