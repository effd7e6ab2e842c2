import Foundation

/// One safetensors file, memory-mapped: its validated header and views of its tensor data.
///
/// As a `TensorStore` it offers the tensors whose dtype has a GGML equivalent (F32, F16, BF16, F64
/// and signed integers); every tensor, whatever its dtype, is available through `info(named:)`
/// and `data(of:)`.
public final class SafetensorsFile: TensorStore, @unchecked Sendable {
    /// The file's path (or the name given to an in-memory buffer).
    public let path: String
    public let header: SafetensorsHeader
    private let storage: FileBytes
    private let byName: [String: Int]

    /// Maps the file at `path` and validates its header.
    public convenience init(path: String) throws(SafetensorsError) {
        let storage: FileBytes
        do { storage = try FileBytes(mapping: path) } catch {
            guard case .cannotOpen(_, let reason) = error else { throw .io(path: path, detail: error.description) }
            throw .io(path: path, detail: reason)
        }
        try self.init(storage: storage, path: path)
    }

    /// Reads safetensors bytes held in memory (copied); `name` stands for the file in errors.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(SafetensorsError) {
        try self.init(storage: FileBytes(copying: Data(bytes)), path: name)
    }

    private init(storage: FileBytes, path: String) throws(SafetensorsError) {
        self.storage = storage
        self.path = path
        header = try SafetensorsHeader.parse(storage.buffer, path: path)
        var byName: [String: Int] = [:]
        for (index, tensor) in header.tensors.enumerated() { byName[tensor.name] = index }
        self.byName = byName
    }

    /// The `__metadata__` strings of the header.
    public var metadata: [String: String] { header.metadata }

    /// Header entry of the tensor `name`, whatever its dtype.
    public func info(named name: String) -> SafetensorsTensorInfo? {
        byName[name].map { header.tensors[$0] }
    }

    /// The raw bytes of a tensor of this file (valid while the file object is alive).
    public func data(of info: SafetensorsTensorInfo) -> UnsafeRawBufferPointer {
        let start = header.dataStart + info.dataOffsets.lowerBound
        return UnsafeRawBufferPointer(rebasing: storage.buffer[start..<start + info.dataOffsets.count])
    }

    public var tensorNames: [String] { header.tensors.filter { $0.dtype.ggmlType != nil }.map(\.name) }

    public func tensor(named name: String) -> StoredTensor? {
        guard let info = info(named: name), let type = info.dtype.ggmlType else { return nil }
        return StoredTensor(name: name, shape: info.shape, type: type, data: data(of: info))
    }
}
