import Foundation
import FuseTensor

/// Builds a GGUF file (version 3, little-endian): metadata of any type and tensors stored as
/// F32, F16, BF16 or Q8_0 (quantized from Float32 here) or as already-encoded bytes of any type.
/// The layout is the one llama.cpp and gguf-py write: header, metadata, tensor table, padding to
/// the alignment, then each tensor's data padded to the alignment.
///
/// ```swift
/// var writer = GGUFWriter()
/// writer.set("general.architecture", .string("llama"))
/// try writer.addTensor(name: "output.weight", shape: [rows, cols], values: weights, as: .q8_0)
/// try writer.write(to: "model.gguf")
/// ```
public struct GGUFWriter: Sendable {
    struct Tensor: Sendable {
        let name: String
        let shape: [Int]
        let type: GGMLType
        let data: Data
    }

    /// Tensor data alignment; a value other than 32 is also stored as `general.alignment`.
    public let alignment: Int
    private(set) var entries: [(key: String, value: MetadataValue)] = []
    private(set) var tensors: [Tensor] = []

    public init(alignment: Int = GGUFFile.defaultAlignment) {
        precondition(alignment > 0 && alignment & (alignment - 1) == 0 && alignment <= Int(UInt32.max),
                     "alignment must be a power of two")
        self.alignment = alignment
        if alignment != GGUFFile.defaultAlignment { set("general.alignment", .uint32(UInt32(alignment))) }
    }

    /// Sets a metadata value; a key set twice keeps its first position and takes the new value.
    /// An array's values must all be of its `elementType` (a precondition).
    public mutating func set(_ key: String, _ value: MetadataValue) {
        precondition(value.isWellTyped, "metadata \"\(key)\": array values do not match their element type")
        precondition(key != "general.alignment" || value == .uint32(UInt32(alignment)), "set the alignment with init(alignment:)")
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i].value = value
        } else {
            entries.append((key, value))
        }
    }

    /// Copies every metadata entry of `file`, in its order (e.g. to re-save a model), except
    /// `general.alignment`, which belongs to this writer.
    public mutating func setMetadata(from file: GGUFFile) {
        for key in file.metadataKeys where key != "general.alignment" { set(key, file.metadata[key]!) }
    }

    /// Adds a tensor whose bytes are already encoded in `type` (row-major `shape`).
    public mutating func addTensor(name: String, shape: [Int], type: GGMLType, bytes: Data) throws(GGUFError) {
        let count = try checkedElementCount(name: name, shape: shape, type: type)
        guard bytes.count == type.byteCount(elements: count) else {
            throw .invalidTensor(path: "GGUF writer", tensor: name,
                                 reason: "\(bytes.count) bytes given, \(type) \(shape) takes \(type.byteCount(elements: count)!)")
        }
        tensors.append(Tensor(name: name, shape: shape, type: type, data: bytes))
    }

    /// Adds a Float32 tensor stored as `type` (F32, F16, BF16 or Q8_0; Q8_0 needs finite values).
    public mutating func addTensor(name: String, shape: [Int], values: [Float], as type: GGMLType) throws(GGUFError) {
        let count = try checkedElementCount(name: name, shape: shape, type: type)
        guard type.supportsQuantize else {
            throw .invalidTensor(path: "GGUF writer", tensor: name, reason: "cannot encode Float32 values as \(type)")
        }
        guard values.count == count else {
            throw .invalidTensor(path: "GGUF writer", tensor: name, reason: "\(values.count) values for shape \(shape)")
        }
        if type == .q8_0, let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalidTensor(path: "GGUF writer", tensor: name, reason: "value \(values[bad]) at \(bad) cannot be stored as Q8_0")
        }
        var data = Data(count: type.byteCount(elements: count)!)
        values.withUnsafeBufferPointer { src in
            data.withUnsafeMutableBytes { type.quantize(src.baseAddress!, count: count, into: $0.baseAddress!) }
        }
        tensors.append(Tensor(name: name, shape: shape, type: type, data: data))
    }

    private func checkedElementCount(name: String, shape: [Int], type: GGMLType) throws(GGUFError) -> Int {
        guard !tensors.contains(where: { $0.name == name }) else { throw .duplicateTensor(path: "GGUF writer", name: name) }
        guard shape.count <= GGUFCursor.maximumDimensions, shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensorShape(path: "GGUF writer", tensor: name, reason: "shape \(shape) is not 0 to 4 non-negative dimensions")
        }
        if let inner = shape.last, inner % type.blockSize != 0 {
            throw .invalidTensorShape(path: "GGUF writer", tensor: name, reason: "rows of \(inner) are not whole \(type) blocks of \(type.blockSize)")
        }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw .invalidTensorShape(path: "GGUF writer", tensor: name, reason: "shape \(shape) overflows") }
            count = product
        }
        guard type.byteCount(elements: count) != nil else {
            throw .invalidTensorShape(path: "GGUF writer", tensor: name, reason: "shape \(shape) overflows")
        }
        return count
    }

    /// The whole file's bytes.
    public func serialized() -> Data {
        var out = Data()
        out.appendLittleEndian(GGUFFile.magic)
        out.appendLittleEndian(UInt32(3))
        out.appendLittleEndian(UInt64(tensors.count))
        out.appendLittleEndian(UInt64(entries.count))
        for (key, value) in entries {
            out.appendGGUFString(key)
            out.appendLittleEndian(value.ggufType.rawValue)
            out.appendGGUFValue(value)
        }
        var offset = 0
        for t in tensors {
            out.appendGGUFString(t.name)
            out.appendLittleEndian(UInt32(t.shape.count))
            for d in t.shape.reversed() { out.appendLittleEndian(UInt64(d)) }
            out.appendLittleEndian(t.type.rawValue)
            out.appendLittleEndian(UInt64(offset))
            offset += padded(t.data.count)
        }
        out.append(Data(count: padded(out.count) - out.count))
        for t in tensors {
            out.append(t.data)
            out.append(Data(count: padded(t.data.count) - t.data.count))
        }
        return out
    }

    /// Writes the file to `path` (replacing it).
    public func write(to path: String) throws(GGUFError) {
        do {
            try serialized().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    private func padded(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
}

extension MetadataValue {
    /// Whether every array inside this value holds only values of its declared element type.
    var isWellTyped: Bool {
        guard case .array(let elementType, let values) = self else { return true }
        return values.allSatisfy { $0.ggufType.rawValue == elementType && $0.isWellTyped }
            && GGUFValueType(rawValue: elementType) != nil
    }
}

extension Data {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendGGUFString(_ s: String) {
        appendLittleEndian(UInt64(s.utf8.count))
        append(contentsOf: s.utf8)
    }

    /// The value's payload (without its type id), as GGUF stores it.
    mutating func appendGGUFValue(_ value: MetadataValue) {
        switch value {
        case .uint8(let v): appendLittleEndian(v)
        case .int8(let v): appendLittleEndian(v)
        case .uint16(let v): appendLittleEndian(v)
        case .int16(let v): appendLittleEndian(v)
        case .uint32(let v): appendLittleEndian(v)
        case .int32(let v): appendLittleEndian(v)
        case .uint64(let v): appendLittleEndian(v)
        case .int64(let v): appendLittleEndian(v)
        case .float32(let v): appendLittleEndian(v.bitPattern)
        case .float64(let v): appendLittleEndian(v.bitPattern)
        case .bool(let v): appendLittleEndian(UInt8(v ? 1 : 0))
        case .string(let s): appendGGUFString(s)
        case .array(let elementType, let values):
            appendLittleEndian(elementType)
            appendLittleEndian(UInt64(values.count))
            for v in values { appendGGUFValue(v) }
        }
    }
}
