import Foundation
import FuseTensor

/// A GGUF model file (versions 2 and 3, little-endian): its metadata, its tensor table, and its
/// tensor data memory-mapped from disk (valid while this object lives).
///
/// Opening reads and checks the header, every metadata value and every tensor entry against the
/// file's size, so a damaged or hostile file gives a `GGUFError` and never a crash.
public final class GGUFFile: TensorStore, @unchecked Sendable {
    /// The GGUF magic, "GGUF" read as a little-endian u32.
    public static let magic: UInt32 = 0x4655_4747
    /// Tensor data alignment when the file sets no `general.alignment`.
    public static let defaultAlignment = 32

    public let path: String
    public let version: UInt32
    /// Every metadata key and value.
    public let metadata: [String: MetadataValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// The tensor table, in file order.
    public let tensorInfos: [GGUFTensorInfo]
    /// The alignment of tensor data (`general.alignment`, default 32).
    public let alignment: Int
    /// Byte offset of the data section in the file.
    public let dataOffset: Int

    private let bytes: FileBytes
    private let tensorIndex: [String: Int]

    /// Opens and indexes the GGUF file at `path`, memory-mapping it.
    public convenience init(path: String) throws(GGUFError) {
        try self.init(bytes: FileBytes(mapping: path), path: path)
    }

    /// Reads a GGUF image held in memory; `name` stands for the file in errors.
    public convenience init(data: Data, name: String) throws(GGUFError) {
        try self.init(bytes: FileBytes(copying: data), path: name)
    }

    private init(bytes: FileBytes, path: String) throws(GGUFError) {
        self.bytes = bytes
        self.path = path
        var cursor = GGUFCursor(bytes: bytes.buffer, path: path)
        let magic = try cursor.read(UInt32.self, "magic")
        guard magic == Self.magic else { throw .badMagic(path: path, found: magic) }
        let version = try cursor.read(UInt32.self, "version")
        if version & 0xFFFF == 0, version != 0 { throw .bigEndian(path: path) }
        guard version == 2 || version == 3 else { throw .unsupportedVersion(path: path, version: version) }
        self.version = version
        // Each tensor entry takes at least 24 bytes, each metadata entry at least 13.
        let tensorCount = try cursor.readCount("tensor count", minimumSize: 24)
        let keyCount = try cursor.readCount("metadata count", minimumSize: 13)

        var metadata: [String: MetadataValue] = [:]
        var keys: [String] = []
        metadata.reserveCapacity(keyCount)
        for _ in 0..<keyCount {
            let key = try cursor.readString("metadata key")
            let type = try cursor.readValueType(key: key)
            let value = try cursor.readValue(type, key: key)
            guard metadata.updateValue(value, forKey: key) == nil else { throw .duplicateKey(path: path, key: key) }
            keys.append(key)
        }
        self.metadata = metadata
        self.metadataKeys = keys
        self.alignment = try Self.alignment(in: metadata, path: path)

        var infos: [GGUFTensorInfo] = []
        var index: [String: Int] = [:]
        infos.reserveCapacity(tensorCount)
        for i in 0..<tensorCount {
            let info = try cursor.readTensorInfo()
            guard index.updateValue(i, forKey: info.name) == nil else { throw .duplicateTensor(path: path, name: info.name) }
            infos.append(info)
        }
        let (padded, overflow) = cursor.offset.addingReportingOverflow(alignment - 1)
        let dataOffset = overflow ? Int.max : padded / alignment * alignment
        let dataSize = max(bytes.buffer.count - dataOffset, 0)
        if !infos.isEmpty, dataOffset > bytes.buffer.count {
            throw .truncated(path: path, what: "tensor data section", offset: cursor.offset, needed: dataOffset - cursor.offset,
                             fileSize: bytes.buffer.count)
        }
        for info in infos {
            guard info.offset % UInt64(alignment) == 0 else {
                throw .tensorMisaligned(path: path, tensor: info.name, offset: info.offset, alignment: alignment)
            }
            guard info.offset <= UInt64(dataSize), info.byteCount <= dataSize - Int(info.offset) else {
                throw .tensorOutOfRange(path: path, tensor: info.name, offset: info.offset, byteCount: info.byteCount, dataSize: dataSize)
            }
        }
        self.dataOffset = dataOffset
        self.tensorInfos = infos
        self.tensorIndex = index
    }

    private static func alignment(in metadata: [String: MetadataValue], path: String) throws(GGUFError) -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard case .uint32(let a) = value else { throw .invalidAlignment(path: path, reason: "stored as \(value.ggufType), expected uint32") }
        guard a > 0, a & (a - 1) == 0 else { throw .invalidAlignment(path: path, reason: "\(a) is not a power of two") }
        return Int(a)
    }

    // MARK: TensorStore

    public var tensorNames: [String] { tensorInfos.map(\.name) }

    public func tensor(named name: String) -> StoredTensor? {
        guard let i = tensorIndex[name] else { return nil }
        let info = tensorInfos[i]
        let start = dataOffset + Int(info.offset)
        let data = UnsafeRawBufferPointer(rebasing: bytes.buffer[start..<start + info.byteCount])
        return StoredTensor(name: info.name, shape: info.shape, type: info.type, data: data)
    }

    // MARK: Typed metadata

    public func string(_ key: String) -> String? { metadata[key]?.string }
    public func int(_ key: String) -> Int? { metadata[key]?.int }
    public func double(_ key: String) -> Double? { metadata[key]?.double }
    public func bool(_ key: String) -> Bool? { metadata[key]?.bool }
    public func array(_ key: String) -> [MetadataValue]? { metadata[key]?.array }
    /// An array of strings (`nil` if the key is missing or holds anything else).
    public func strings(_ key: String) -> [String]? {
        guard let values = array(key) else { return nil }
        var out: [String] = []
        out.reserveCapacity(values.count)
        for v in values {
            guard let s = v.string else { return nil }
            out.append(s)
        }
        return out
    }
}
