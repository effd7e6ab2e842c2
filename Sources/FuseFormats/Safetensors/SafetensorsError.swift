/// Why a safetensors file, a sharded checkpoint or its index could not be read or written.
/// Every case names the file (`path`) and, where there is one, the tensor.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened, mapped, read or written.
    case io(path: String, detail: String)
    /// The file is shorter than its 8-byte header length or than the header it announces.
    case truncated(path: String, detail: String)
    /// The announced header length is above the limit the reference implementation enforces.
    case headerTooLarge(path: String, length: UInt64, limit: Int)
    /// The header is not UTF-8, not JSON, or its JSON does not have the expected structure.
    case invalidHeader(path: String, detail: String)
    /// A tensor names a dtype this reader does not know.
    case unknownDType(path: String, tensor: String, dtype: String)
    /// A tensor's shape is not a list of non-negative integers, or its size overflows.
    case invalidShape(path: String, tensor: String, detail: String)
    /// A tensor's `data_offsets` leave a gap, overlap another tensor or run past the data area.
    case invalidOffsets(path: String, tensor: String, detail: String)
    /// A tensor's byte range does not match its shape and dtype.
    case sizeMismatch(path: String, tensor: String, expectedBytes: Int, foundBytes: Int)
    /// The tensors do not cover the data area exactly (bytes left over at the end).
    case incompleteData(path: String, coveredBytes: Int, dataBytes: Int)
    /// The same tensor name appears twice (in one header, or in two shards).
    case duplicateTensor(path: String, tensor: String)
    /// A `model.safetensors.index.json` is malformed.
    case invalidIndex(path: String, detail: String)
    /// A shard listed in an index is not on disk.
    case missingShard(indexPath: String, shard: String)
    /// An index maps a tensor to a shard that does not contain it.
    case tensorNotInShard(indexPath: String, tensor: String, shard: String)
    /// A folder has neither `model.safetensors` nor `model.safetensors.index.json`.
    case noWeights(folder: String)
    /// A tensor handed to the writer is inconsistent (data size versus shape and dtype, or a dtype
    /// the conversion does not support).
    case invalidTensor(tensor: String, detail: String)

    public var description: String {
        switch self {
        case .io(let path, let detail):
            return "\(path): \(detail)"
        case .truncated(let path, let detail):
            return "\(path): truncated safetensors file: \(detail)"
        case .headerTooLarge(let path, let length, let limit):
            return "\(path): safetensors header length \(length) is above the limit of \(limit) bytes (corrupt or not a safetensors file)"
        case .invalidHeader(let path, let detail):
            return "\(path): invalid safetensors header: \(detail)"
        case .unknownDType(let path, let tensor, let dtype):
            return "\(path): tensor '\(tensor)' has unknown dtype '\(dtype)' (expected one of \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .invalidShape(let path, let tensor, let detail):
            return "\(path): tensor '\(tensor)' has an invalid shape: \(detail)"
        case .invalidOffsets(let path, let tensor, let detail):
            return "\(path): tensor '\(tensor)' has invalid data_offsets: \(detail)"
        case .sizeMismatch(let path, let tensor, let expected, let found):
            return "\(path): tensor '\(tensor)' spans \(found) bytes but its shape and dtype need \(expected)"
        case .incompleteData(let path, let covered, let total):
            return "\(path): tensors cover \(covered) of the \(total) data bytes; the rest of the file is unaccounted for"
        case .duplicateTensor(let path, let tensor):
            return "\(path): tensor '\(tensor)' appears more than once"
        case .invalidIndex(let path, let detail):
            return "\(path): invalid safetensors index: \(detail)"
        case .missingShard(let indexPath, let shard):
            return "\(indexPath): shard '\(shard)' listed in the index is missing"
        case .tensorNotInShard(let indexPath, let tensor, let shard):
            return "\(indexPath): the index puts tensor '\(tensor)' in '\(shard)', which does not contain it"
        case .noWeights(let folder):
            return "\(folder): no model.safetensors or model.safetensors.index.json in this folder"
        case .invalidTensor(let tensor, let detail):
            return "cannot write tensor '\(tensor)': \(detail)"
        }
    }
}
