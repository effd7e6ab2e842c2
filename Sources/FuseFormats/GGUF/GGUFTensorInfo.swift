import FuseTensor

/// One tensor's entry in a GGUF file's tensor table.
public struct GGUFTensorInfo: Sendable, Equatable {
    public let name: String
    /// Row-major, outermost dimension first (the reverse of the order GGUF stores).
    public let shape: [Int]
    public let type: GGMLType
    /// Offset of the data from the start of the file's data section.
    public let offset: UInt64
    /// Bytes of data (`type.byteCount(elements:)` of the element count).
    public let byteCount: Int

    public var elementCount: Int { shape.reduce(1, *) }
}

extension GGUFCursor {
    /// GGML tensors have at most four dimensions (`GGML_MAX_DIMS`).
    static let maximumDimensions = 4

    /// One tensor-table entry: name, dimension count, dimensions (innermost first), type, offset.
    mutating func readTensorInfo() throws(GGUFError) -> GGUFTensorInfo {
        let name = try readString("tensor name")
        let dimCount = try read(UInt32.self, "dimension count of tensor \"\(name)\"")
        guard dimCount <= Self.maximumDimensions else {
            throw .invalidTensorShape(path: path, tensor: name, reason: "\(dimCount) dimensions, at most \(Self.maximumDimensions) allowed")
        }
        var dims: [Int] = []
        for _ in 0..<dimCount {
            let d = try read(UInt64.self, "dimensions of tensor \"\(name)\"")
            guard d <= UInt64(Int.max) else { throw .invalidTensorShape(path: path, tensor: name, reason: "dimension \(d) overflows") }
            dims.append(Int(d))
        }
        let rawType = try read(UInt32.self, "type of tensor \"\(name)\"")
        guard let type = GGMLType(rawValue: rawType) else { throw .unknownTensorType(path: path, tensor: name, type: rawType) }
        let offset = try read(UInt64.self, "data offset of tensor \"\(name)\"")
        if let inner = dims.first, inner % type.blockSize != 0 {
            throw .invalidTensorShape(path: path, tensor: name, reason: "rows of \(inner) are not whole \(type) blocks of \(type.blockSize)")
        }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw .invalidTensorShape(path: path, tensor: name, reason: "element count overflows") }
            count = product
        }
        guard let byteCount = type.byteCount(elements: count) else {
            throw .invalidTensorShape(path: path, tensor: name, reason: "byte size overflows")
        }
        return GGUFTensorInfo(name: name, shape: dims.reversed(), type: type, offset: offset, byteCount: byteCount)
    }
}
