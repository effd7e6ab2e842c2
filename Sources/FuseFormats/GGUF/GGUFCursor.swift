import Foundation

/// A bounds-checked little-endian reader over a GGUF file's bytes. Every read checks the bytes
/// left first, so no input can make it read outside the buffer or allocate more than the file
/// could describe.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let path: String
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    var remaining: Int { bytes.count - offset }

    /// Throws unless `count` more bytes are available for `what`.
    func require(_ count: Int, _ what: @autoclosure () -> String) throws(GGUFError) {
        guard count <= remaining else {
            throw .truncated(path: path, what: what(), offset: offset, needed: count, fileSize: bytes.count)
        }
    }

    mutating func skip(to newOffset: Int) { offset = newOffset }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(GGUFError) -> T {
        try require(MemoryLayout<T>.size, what())
        let v = T(littleEndian: bytes.baseAddress!.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return v
    }

    /// A count or length that must fit in what is left of the file at `minimumSize` bytes each.
    mutating func readCount(_ what: @autoclosure () -> String, minimumSize: Int) throws(GGUFError) -> Int {
        let start = offset
        let n = try read(UInt64.self, what())
        guard n <= UInt64(remaining / max(minimumSize, 1)) else {
            throw .lengthOutOfRange(path: path, what: what(), length: n, offset: start, remaining: remaining)
        }
        return Int(n)
    }

    /// A GGUF string: u64 byte length, then that many bytes of UTF-8.
    mutating func readString(_ what: @autoclosure () -> String) throws(GGUFError) -> String {
        let start = offset
        let n = try readCount("length of \(what())", minimumSize: 1)
        let raw = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
        let s = String(decoding: raw, as: UTF8.self)
        // Decoding repairs invalid sequences; a repaired string differs from the stored bytes.
        var valid = s.utf8.count == n
        if valid, n > 0 {
            valid = s.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, raw.baseAddress!, n) == 0 }
                ?? s.utf8.elementsEqual(raw)
        }
        guard valid else { throw .invalidUTF8(path: path, what: what(), offset: start) }
        offset += n
        return s
    }
}
