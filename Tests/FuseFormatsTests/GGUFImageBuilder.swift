import Foundation

/// Hand-assembles GGUF bytes field by field, so tests can write exactly the broken file they need.
struct GGUFImageBuilder {
    var data = Data()

    mutating func u8(_ v: UInt8) { data.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); data.append(contentsOf: s.utf8) }
    mutating func rawString(_ b: [UInt8]) { u64(UInt64(b.count)); bytes(b) }

    /// Magic, version, tensor count and metadata count.
    mutating func header(version: UInt32 = 3, tensors: UInt64, keys: UInt64) {
        bytes(Array("GGUF".utf8))
        u32(version)
        u64(tensors)
        u64(keys)
    }

    /// One tensor-table entry; `dims` innermost first, as the file stores them.
    mutating func tensorInfo(_ name: String, dims: [UInt64], type: UInt32, offset: UInt64) {
        string(name)
        u32(UInt32(dims.count))
        for d in dims { u64(d) }
        u32(type)
        u64(offset)
    }

    /// Zero padding up to the next multiple of `alignment`, then `count` bytes of tensor data.
    mutating func dataSection(_ count: Int, alignment: Int = 32) {
        data.append(Data(count: (alignment - data.count % alignment) % alignment + count))
    }
}
