/// A weight matrix W[rows, columns] (rows = output features, columns = input features, as GGUF
/// and PyTorch store linear layers) in one of the GGML formats, read in place: quantized weights
/// stay quantized in memory and are decoded inside the kernels.
///
/// The memory behind `data` (e.g. an mmap'd GGUF file) must outlive the value.
public struct WeightMatrix: @unchecked Sendable {
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let data: UnsafeRawPointer
    /// Bytes from one row to the next.
    public let rowBytes: Int

    /// Formats with kernels.
    public static let supportedTypes: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q6_K]

    public init(type: GGMLType, rows: Int, columns: Int, data: UnsafeRawPointer) throws(KernelError) {
        guard Self.supportedTypes.contains(type) else { throw .unsupportedType(type) }
        guard rows > 0, columns > 0 else { throw .badShape("weight matrix \(rows)×\(columns)") }
        guard let bytes = type.byteCount(elements: columns) else {
            throw .rowNotBlockAligned(type: type, columns: columns)
        }
        self.type = type
        self.rows = rows
        self.columns = columns
        self.data = data
        self.rowBytes = bytes
    }

    /// A plain Float32 matrix.
    public init(float data: UnsafePointer<Float>, rows: Int, columns: Int) throws(KernelError) {
        try self.init(type: .f32, rows: rows, columns: columns, data: UnsafeRawPointer(data))
    }

    /// out[0..<count] = W[row, start ..< start + count] as floats. For block formats `start` must
    /// be a multiple of 32 and `count` a multiple of 32 or reach the row's end.
    public func dequantize(row: Int, from start: Int = 0, count: Int, into out: UnsafeMutablePointer<Float>) {
        let base = data + row * rowBytes
        switch type {
        case .f32, .f16, .bf16: type.dequantize(base + type.blockBytes * start, count: count, into: out)
        case .q4_0: decodeRange(BlockQ4_0.self, base, start, count, out)
        case .q4_1: decodeRange(BlockQ4_1.self, base, start, count, out)
        case .q5_0: decodeRange(BlockQ5_0.self, base, start, count, out)
        case .q5_1: decodeRange(BlockQ5_1.self, base, start, count, out)
        case .q8_0: decodeRange(BlockQ8_0.self, base, start, count, out)
        case .q4_K: decodeRange(BlockQ4_K.self, base, start, count, out)
        case .q6_K: decodeRange(BlockQ6_K.self, base, start, count, out)
        default: preconditionFailure("unsupported type \(type) passed init")
        }
    }
}

/// out[i] = w[start + i] for a row of blocks `B` (start a multiple of 32).
@inline(__always)
private func decodeRange<B: WeightBlock>(_: B.Type, _ row: UnsafeRawPointer, _ start: Int, _ count: Int,
                                         _ out: UnsafeMutablePointer<Float>) {
    var i = 0
    while i < count {
        let e = start + i
        let chunk = B.decode(row + (e / B.weights) * B.bytes, (e % B.weights) / 32)
        let o = UnsafeMutableRawPointer(out + i)
        o.storeBytes(of: chunk.v0, as: F8.self)
        o.storeBytes(of: chunk.v1, toByteOffset: 32, as: F8.self)
        o.storeBytes(of: chunk.v2, toByteOffset: 64, as: F8.self)
        o.storeBytes(of: chunk.v3, toByteOffset: 96, as: F8.self)
        i += 32
    }
}
