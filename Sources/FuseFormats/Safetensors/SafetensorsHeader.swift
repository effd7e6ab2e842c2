/// One tensor as a safetensors header describes it.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: SafetensorsDType
    /// Row-major, outermost dimension first.
    public let shape: [Int]
    /// Byte range within the data area (which starts right after the header).
    public let dataOffsets: Range<Int>
}

/// The parsed and validated header of a safetensors file.
///
/// Layout: an unsigned 64-bit little-endian header length `n`, `n` bytes of UTF-8 JSON (an object
/// mapping each tensor name to `{"dtype", "shape", "data_offsets"}`, plus an optional
/// `"__metadata__"` object of strings), then the data area. Validation follows the reference
/// implementation: the tensors, ordered by offset, tile the data area exactly, without gaps or
/// overlaps, and each one spans exactly the bytes its shape and dtype need.
public struct SafetensorsHeader: Sendable, Equatable {
    /// The reference implementation's limit on the header length (100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// The tensors in data order.
    public let tensors: [SafetensorsTensorInfo]
    /// The `__metadata__` strings (empty when absent).
    public let metadata: [String: String]
    /// Offset of the data area from the start of the file (`8 + n`).
    public let dataStart: Int

    /// Parses and validates the header of the safetensors bytes `file` (the whole file).
    /// - Parameter path: names the file in errors.
    public static func parse(_ file: UnsafeRawBufferPointer, path: String) throws(SafetensorsError) -> SafetensorsHeader {
        guard file.count >= 8 else {
            throw .truncated(path: path, detail: "\(file.count) bytes, less than the 8-byte header length")
        }
        let length = file.loadUnaligned(as: UInt64.self).littleEndian
        guard length <= UInt64(maxHeaderBytes) else {
            throw .headerTooLarge(path: path, length: length, limit: maxHeaderBytes)
        }
        let headerEnd = 8 + Int(length)
        guard headerEnd <= file.count else {
            throw .truncated(path: path, detail: "header announces \(length) bytes but the file has only \(file.count - 8) after the length")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: file[8..<headerEnd])
        guard validUTF8String(headerBytes.bindMemory(to: UInt8.self)) != nil else {
            throw .invalidHeader(path: path, detail: "header is not valid UTF-8")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(headerBytes) } catch {
            throw .invalidHeader(path: path, detail: error.description)
        }
        guard case .object(let members) = json else {
            throw .invalidHeader(path: path, detail: "header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensorInfo] = []
        tensors.reserveCapacity(members.count)
        for (name, value) in members {
            if name == "__metadata__" {
                metadata = try parseMetadata(value, path: path)
            } else {
                tensors.append(try parseTensor(name: name, value, path: path))
            }
        }
        tensors.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        try validate(tensors, dataBytes: file.count - headerEnd, path: path)
        return SafetensorsHeader(tensors: tensors, metadata: metadata, dataStart: headerEnd)
    }

    private static func parseMetadata(_ value: JSONValue, path: String) throws(SafetensorsError) -> [String: String] {
        if value == .null { return [:] }
        guard case .object(let members) = value else {
            throw .invalidHeader(path: path, detail: "__metadata__ is not an object")
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw .invalidHeader(path: path, detail: "__metadata__ value for '\(key)' is \(value), expected a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseTensor(name: String, _ value: JSONValue, path: String) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard case .object(let fields) = value else {
            throw .invalidHeader(path: path, detail: "entry for tensor '\(name)' is not an object")
        }
        guard case .string(let dtypeName)? = fields["dtype"] else {
            throw .invalidHeader(path: path, detail: "tensor '\(name)' has no string field 'dtype'")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(path: path, tensor: name, dtype: dtypeName)
        }
        guard case .array(let dims)? = fields["shape"] else {
            throw .invalidShape(path: path, tensor: name, detail: "field 'shape' is missing or not a list")
        }
        var shape: [Int] = []
        for dim in dims {
            guard case .int(let size) = dim, size >= 0 else {
                throw .invalidShape(path: path, tensor: name, detail: "dimension \(dim) is not a non-negative integer")
            }
            shape.append(size)
        }
        guard case .array(let offsets)? = fields["data_offsets"], offsets.count == 2,
              case .int(let begin) = offsets[0], case .int(let end) = offsets[1], begin >= 0, end >= 0 else {
            throw .invalidOffsets(path: path, tensor: name, detail: "field 'data_offsets' must be two non-negative integers [begin, end]")
        }
        guard begin <= end else {
            throw .invalidOffsets(path: path, tensor: name, detail: "begin \(begin) is after end \(end)")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }

    private static func validate(_ tensors: [SafetensorsTensorInfo], dataBytes: Int, path: String) throws(SafetensorsError) {
        var position = 0
        for tensor in tensors {
            let range = tensor.dataOffsets
            guard range.lowerBound == position else {
                let problem = range.lowerBound < position ? "overlaps the previous tensor" : "leaves a gap after the previous tensor"
                throw .invalidOffsets(path: path, tensor: tensor.name,
                                      detail: "begins at \(range.lowerBound), expected \(position): \(problem)")
            }
            guard range.upperBound <= dataBytes else {
                throw .invalidOffsets(path: path, tensor: tensor.name,
                                      detail: "ends at \(range.upperBound), past the \(dataBytes)-byte data area")
            }
            var elements = 1
            for dim in tensor.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw .invalidShape(path: path, tensor: tensor.name, detail: "\(tensor.shape) has too many elements") }
                elements = product
            }
            guard let bytes = tensor.dtype.byteCount(elements: elements) else {
                throw .invalidShape(path: path, tensor: tensor.name,
                                    detail: "\(elements) elements of \(tensor.dtype) are not a whole number of bytes")
            }
            guard bytes == range.count else {
                throw .sizeMismatch(path: path, tensor: tensor.name, expectedBytes: bytes, foundBytes: range.count)
            }
            position = range.upperBound
        }
        guard position == dataBytes else {
            throw .incompleteData(path: path, coveredBytes: position, dataBytes: dataBytes)
        }
    }
}
