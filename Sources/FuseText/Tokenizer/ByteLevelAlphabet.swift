/// GPT-2's reversible map between bytes and printable Unicode scalars, used to spell byte-level
/// BPE vocabularies (`Ġ` is the space byte 0x20, `Ċ` the newline 0x0A).
enum ByteLevelAlphabet {
    /// `scalar[b]`: the scalar that spells byte `b`.
    static let scalarForByte: [UInt32] = {
        var printable = Set<UInt32>()
        for range in [0x21...0x7E, 0xA1...0xAC, 0xAE...0xFF] { for b in range { printable.insert(UInt32(b)) } }
        var table = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            if printable.contains(UInt32(b)) {
                table[b] = UInt32(b)
            } else {
                table[b] = next
                next += 1
            }
        }
        return table
    }()

    /// The inverse: byte for a scalar below 0x144, or nil for scalars outside the alphabet.
    static let byteForScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: 0x144)
        for (b, s) in scalarForByte.enumerated() { table[Int(s)] = Int16(b) }
        return table
    }()

    /// The raw bytes a vocabulary spelling stands for, or nil if it uses scalars outside the alphabet.
    static func bytes(ofSpelling token: String) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(token.utf8.count)
        for s in token.unicodeScalars {
            guard s.value < 0x144, byteForScalar[Int(s.value)] >= 0 else { return nil }
            out.append(UInt8(byteForScalar[Int(s.value)]))
        }
        return out
    }

    /// The vocabulary spelling of raw bytes.
    static func spelling(of bytes: some Sequence<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(scalarForByte[Int(b)])!) }
        return String(s)
    }
}
