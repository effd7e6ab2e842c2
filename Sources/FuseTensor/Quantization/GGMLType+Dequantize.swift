extension GGMLType {
    /// Whether `dequantize(_:count:into:)` handles this type.
    public var supportsDequantize: Bool {
        switch self {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K:
            return true
        case .q8_1, .q8_K, .i8, .i16, .i32, .i64, .f64:
            return false
        }
    }

    /// Expands `count` weights stored in this format at `source` into Float32 at `destination`.
    ///
    /// Bit-exact with gguf-py's `gguf.quants.dequantize` (the same float32 operations in the same
    /// order; half-precision scales converted exactly, by `half`). `source` needs no
    /// alignment. `count` must be a whole number of blocks (`blockSize`), and the type must
    /// `supportsDequantize`; both are preconditions.
    public func dequantize(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(count >= 0 && count % blockSize == 0, "\(self): \(count) is not a whole number of \(blockSize)-blocks")
        let blocks = count / blockSize
        switch self {
        case .f32:
            UnsafeMutableRawPointer(destination).copyMemory(from: source, byteCount: count * 4)
        case .f16:
            for i in 0..<count { destination[i] = half(source, i * 2) }
        case .bf16:
            for i in 0..<count {
                destination[i] = Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) << 16)
            }
        case .q4_0: GGMLBlock.dequantizeQ4_0(source, blocks: blocks, into: destination)
        case .q4_1: GGMLBlock.dequantizeQ4_1(source, blocks: blocks, into: destination)
        case .q5_0: GGMLBlock.dequantizeQ5_0(source, blocks: blocks, into: destination)
        case .q5_1: GGMLBlock.dequantizeQ5_1(source, blocks: blocks, into: destination)
        case .q8_0: GGMLBlock.dequantizeQ8_0(source, blocks: blocks, into: destination)
        case .q2_K: GGMLBlock.dequantizeQ2_K(source, blocks: blocks, into: destination)
        case .q3_K: GGMLBlock.dequantizeQ3_K(source, blocks: blocks, into: destination)
        case .q4_K: GGMLBlock.dequantizeQ4_K(source, blocks: blocks, into: destination)
        case .q5_K: GGMLBlock.dequantizeQ5_K(source, blocks: blocks, into: destination)
        case .q6_K: GGMLBlock.dequantizeQ6_K(source, blocks: blocks, into: destination)
        case .q8_1, .q8_K, .i8, .i16, .i32, .i64, .f64:
            preconditionFailure("dequantize: \(self) is not supported (check supportsDequantize)")
        }
    }
}

/// Block decoders for the GGML formats (layouts of `block_q*` in ggml-common.h).
enum GGMLBlock {
    @inline(__always)
    static func byte(_ p: UnsafeRawPointer, _ offset: Int) -> UInt8 {
        p.load(fromByteOffset: offset, as: UInt8.self)
    }
}
