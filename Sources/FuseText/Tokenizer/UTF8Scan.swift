/// Decoding scalars out of UTF-8 bytes known to be valid (they come from a Swift `String`).
enum UTF8Scan {
    /// The scalar starting at byte `i` and its length in bytes.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let (v, n) = decodeValue(b, i)
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }

    @inline(__always)
    static func decodeValue(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(b[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6 | UInt32(b[i + 3] & 0x3F), 4)
    }

    /// Length of the longest prefix of `bytes` that ends on a complete UTF-8 sequence boundary
    /// (an incomplete sequence at the end is held back; invalid bytes count as complete).
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var start = n - 1
        var back = 0
        while start >= 0 && back < 4 && bytes[start] & 0xC0 == 0x80 { start -= 1; back += 1 }
        guard start >= 0 else { return n }
        let lead = bytes[start]
        let need: Int
        switch lead {
        case 0xC0..<0xE0: need = 2
        case 0xE0..<0xF0: need = 3
        case 0xF0..<0xF8: need = 4
        default: need = 1
        }
        return n - start < need ? start : n
    }
}
