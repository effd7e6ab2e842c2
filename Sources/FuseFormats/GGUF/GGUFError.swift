/// Why a GGUF file could not be read or written. Every case names the file (`path`) and says what
/// was expected where.
public enum GGUFError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The file ends before `what` (at byte `offset`, `needed` bytes) is complete.
    case truncated(path: String, what: String, offset: Int, needed: Int, fileSize: Int)
    case badMagic(path: String, found: UInt32)
    case unsupportedVersion(path: String, version: UInt32)
    case bigEndian(path: String)
    case unknownValueType(path: String, key: String, type: UInt32)
    case unknownTensorType(path: String, tensor: String, type: UInt32)
    /// A string or array length (or a count) larger than the bytes left in the file can hold.
    case lengthOutOfRange(path: String, what: String, length: UInt64, offset: Int, remaining: Int)
    case invalidUTF8(path: String, what: String, offset: Int)
    case arrayNestingTooDeep(path: String, key: String, depth: Int)
    case duplicateKey(path: String, key: String)
    case duplicateTensor(path: String, name: String)
    case invalidAlignment(path: String, reason: String)
    /// A tensor's dimensions are unusable (too many, zero-sized rows, not whole blocks, overflow).
    case invalidTensorShape(path: String, tensor: String, reason: String)
    /// A tensor's data does not lie inside the file's data section, or is not aligned.
    case tensorOutOfRange(path: String, tensor: String, offset: UInt64, byteCount: Int, dataSize: Int)
    case tensorMisaligned(path: String, tensor: String, offset: UInt64, alignment: Int)
    /// A tensor handed to the writer cannot be stored as asked.
    case invalidTensor(path: String, tensor: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open: \(reason)"
        case let .cannotWrite(path, reason): return "\(path): cannot write: \(reason)"
        case let .truncated(path, what, offset, needed, fileSize):
            return "\(path): truncated: \(what) at byte \(offset) needs \(needed) bytes, the file has \(fileSize)"
        case let .badMagic(path, found):
            return "\(path): not a GGUF file: magic is 0x\(String(found, radix: 16)), expected 0x46554747 (\"GGUF\")"
        case let .unsupportedVersion(path, version):
            return "\(path): GGUF version \(version) is not supported (expected 2 or 3)"
        case let .bigEndian(path): return "\(path): big-endian GGUF files are not supported"
        case let .unknownValueType(path, key, type): return "\(path): metadata \"\(key)\": unknown value type \(type)"
        case let .unknownTensorType(path, tensor, type): return "\(path): tensor \"\(tensor)\": unknown GGML type \(type)"
        case let .lengthOutOfRange(path, what, length, offset, remaining):
            return "\(path): \(what) at byte \(offset) claims \(length) items/bytes, but only \(remaining) bytes remain"
        case let .invalidUTF8(path, what, offset): return "\(path): \(what) at byte \(offset) is not valid UTF-8"
        case let .arrayNestingTooDeep(path, key, depth):
            return "\(path): metadata \"\(key)\": arrays nested deeper than \(depth) levels"
        case let .duplicateKey(path, key): return "\(path): metadata key \"\(key)\" appears twice"
        case let .duplicateTensor(path, name): return "\(path): tensor \"\(name)\" appears twice"
        case let .invalidAlignment(path, reason): return "\(path): general.alignment: \(reason)"
        case let .invalidTensorShape(path, tensor, reason): return "\(path): tensor \"\(tensor)\": \(reason)"
        case let .tensorOutOfRange(path, tensor, offset, byteCount, dataSize):
            return "\(path): tensor \"\(tensor)\": data at offset \(offset) (\(byteCount) bytes) lies outside the data section (\(dataSize) bytes)"
        case let .tensorMisaligned(path, tensor, offset, alignment):
            return "\(path): tensor \"\(tensor)\": data offset \(offset) is not a multiple of the alignment \(alignment)"
        case let .invalidTensor(path, tensor, reason): return "\(path): tensor \"\(tensor)\": \(reason)"
        }
    }
}
