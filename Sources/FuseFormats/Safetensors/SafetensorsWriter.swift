import Foundation
import FuseTensor

/// A tensor to be written to a safetensors file: name, shape, dtype and its little-endian bytes.
public struct SafetensorsTensor: Sendable, Equatable {
    public let name: String
    public let dtype: SafetensorsDType
    public let shape: [Int]
    public let data: [UInt8]

    /// A tensor from raw bytes, which must be exactly what `shape` and `dtype` need.
    public init(name: String, dtype: SafetensorsDType, shape: [Int], data: [UInt8]) throws(SafetensorsError) {
        let elements = shape.reduce(into: Optional(1)) { product, dim in
            guard let current = product, dim >= 0 else { product = nil; return }
            let (next, overflow) = current.multipliedReportingOverflow(by: dim)
            product = overflow ? nil : next
        }
        guard let elements, let bytes = dtype.byteCount(elements: elements) else {
            throw .invalidTensor(tensor: name, detail: "shape \(shape) is invalid for \(dtype)")
        }
        guard bytes == data.count else {
            throw .invalidTensor(tensor: name, detail: "\(data.count) bytes given, shape \(shape) of \(dtype) needs \(bytes)")
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// A tensor converted from Float32 values to `dtype` (F32, F16 or BF16; round to nearest even,
    /// bit-exact with PyTorch's `.half()` / `.bfloat16()` except for NaN payloads).
    public init(name: String, shape: [Int], values: [Float], as dtype: SafetensorsDType) throws(SafetensorsError) {
        guard [.f32, .f16, .bf16].contains(dtype), let type = dtype.ggmlType else {
            throw .invalidTensor(tensor: name, detail: "conversion from Float32 to \(dtype) is not supported (use F32, F16 or BF16)")
        }
        var bytes = [UInt8](repeating: 0, count: values.count * type.blockBytes)
        if !values.isEmpty {
            values.withUnsafeBufferPointer { source in
                bytes.withUnsafeMutableBytes { type.quantize(source.baseAddress!, count: values.count, into: $0.baseAddress!) }
            }
        }
        try self.init(name: name, dtype: dtype, shape: shape, data: bytes)
    }

    /// A copy of a stored tensor (F32, F16, BF16, F64 or a signed integer type).
    public init(copying tensor: StoredTensor) throws(SafetensorsError) {
        guard let dtype = SafetensorsDType(tensor.type) else {
            throw .invalidTensor(tensor: tensor.name, detail: "\(tensor.type) has no safetensors dtype; dequantize it first")
        }
        try self.init(name: tensor.name, dtype: dtype, shape: tensor.shape, data: Array(tensor.data))
    }
}

/// Writes safetensors files exactly as the reference implementation (`safetensors` 0.x) does:
/// tensors sorted by dtype (widest first, in the format's dtype order) then by name, compact JSON
/// header padded with spaces to a multiple of 8 bytes, data packed without gaps. Large
/// checkpoints can be split into shards with an index, following `huggingface_hub`.
public enum SafetensorsWriter {
    /// The complete file bytes for `tensors`. `metadata` becomes `__metadata__` (keys sorted);
    /// `nil` omits it.
    public static func serialize(_ tensors: [SafetensorsTensor], metadata: [String: String]? = nil) throws(SafetensorsError) -> [UInt8] {
        let ordered = try order(tensors)
        var bytes = header(ordered, metadata: metadata)
        for tensor in ordered { bytes.append(contentsOf: tensor.data) }
        return bytes
    }

    /// Writes one safetensors file at `path` (through a temporary file renamed into place).
    public static func write(_ tensors: [SafetensorsTensor], metadata: [String: String]? = nil, to path: String) throws(SafetensorsError) {
        let ordered = try order(tensors)
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil),
              let handle = FileHandle(forWritingAtPath: partial) else {
            throw .io(path: path, detail: "cannot create \(partial)")
        }
        do {
            defer { try? handle.close() }
            try handle.write(contentsOf: header(ordered, metadata: metadata))
            for tensor in ordered { try handle.write(contentsOf: tensor.data) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw .io(path: path, detail: "write failed: \(error)")
        }
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch { throw .io(path: path, detail: "cannot move the written file into place: \(error)") }
    }

    /// Writes a model's weights into `folder` like `huggingface_hub.save_torch_state_dict`: one
    /// `model.safetensors` when everything fits in `maxShardBytes`, else
    /// `model-0000i-of-0000n.safetensors` shards plus `model.safetensors.index.json`. Each file gets
    /// `metadata` (default `{"format": "pt"}`, what transformers expects).
    /// - Returns: the file names written, index last.
    @discardableResult
    public static func writeCheckpoint(_ tensors: [SafetensorsTensor], to folder: String, maxShardBytes: Int = 5_000_000_000,
                                       metadata: [String: String] = ["format": "pt"]) throws(SafetensorsError) -> [String] {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .io(path: folder, detail: "cannot create folder: \(error)")
        }
        var seen = Set<String>()
        for tensor in tensors where !seen.insert(tensor.name).inserted {
            throw .duplicateTensor(path: folder, tensor: tensor.name)
        }
        let shards = shardPlan(byteSizes: tensors.map(\.data.count), maxShardBytes: maxShardBytes)
        if shards.count <= 1 {
            try write(tensors, metadata: metadata, to: (folder as NSString).appendingPathComponent("model.safetensors"))
            return ["model.safetensors"]
        }
        var names: [String] = []
        var weightMap: [String: String] = [:]
        for (number, members) in shards.enumerated() {
            let name = String(format: "model-%05d-of-%05d.safetensors", number + 1, shards.count)
            let shardTensors = members.map { tensors[$0] }
            try write(shardTensors, metadata: metadata, to: (folder as NSString).appendingPathComponent(name))
            for tensor in shardTensors { weightMap[tensor.name] = name }
            names.append(name)
        }
        let index = SafetensorsIndex(metadata: ["total_size": .int(tensors.reduce(0) { $0 + $1.data.count })],
                                     weightMap: weightMap)
        let order = shards.flatMap { $0.map { tensors[$0].name } }
        let indexPath = (folder as NSString).appendingPathComponent(SafetensorsIndex.fileName)
        guard FileManager.default.createFile(atPath: indexPath, contents: Data(index.jsonText(order: order).utf8)) else {
            throw .io(path: indexPath, detail: "cannot write")
        }
        return names + [SafetensorsIndex.fileName]
    }

    /// Groups tensors (by position) into shards as `huggingface_hub` does: in order, a tensor opens
    /// a new shard when it would push the current one past `maxShardBytes`; a tensor larger than
    /// the limit gets a shard of its own, placed at the point where it is met.
    public static func shardPlan(byteSizes: [Int], maxShardBytes: Int) -> [[Int]] {
        var shards: [[Int]] = []
        var current: [Int] = []
        var currentBytes = 0
        for (position, size) in byteSizes.enumerated() {
            if size > maxShardBytes {
                shards.append([position])
                continue
            }
            if currentBytes + size > maxShardBytes {
                shards.append(current)
                current = []
                currentBytes = 0
            }
            current.append(position)
            currentBytes += size
        }
        if !current.isEmpty { shards.append(current) }
        return shards
    }

    private static func order(_ tensors: [SafetensorsTensor]) throws(SafetensorsError) -> [SafetensorsTensor] {
        let sorted = tensors.sorted { $0.dtype != $1.dtype ? $0.dtype > $1.dtype : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.name == next.name {
            throw .duplicateTensor(path: "<writer>", tensor: next.name)
        }
        return sorted
    }

    /// The 8-byte length plus the padded JSON header for tensors already in file order.
    private static func header(_ ordered: [SafetensorsTensor], metadata: [String: String]?) -> [UInt8] {
        var json = "{"
        var first = true
        if let metadata {
            json += "\"__metadata__\":{"
            json += metadata.keys.sorted().map { "\(JSONWriter.quoted($0)):\(JSONWriter.quoted(metadata[$0]!))" }.joined(separator: ",")
            json += "}"
            first = false
        }
        var offset = 0
        for tensor in ordered {
            if !first { json += "," }
            first = false
            let end = offset + tensor.data.count
            json += "\(JSONWriter.quoted(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        json += "}"
        var headerBytes = Array(json.utf8)
        headerBytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8))
        var bytes = withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { Array($0) }
        bytes.append(contentsOf: headerBytes)
        return bytes
    }
}
