/// The character classes the pre-tokenizer patterns use, as bit flags: `\p{L}`, `\p{N}`, `\s`
/// (Unicode White_Space, as Oniguruma's `\s` in Hugging Face `tokenizers`).
enum ScalarClass {
    static let letter: UInt8 = 1
    static let number: UInt8 = 2
    static let space: UInt8 = 4

    /// Classes of the Basic Multilingual Plane, computed once.
    private static let bmp: [UInt8] = (0..<0x10000).map { v in
        guard let s = Unicode.Scalar(UInt32(v)) else { return 0 }
        return compute(s)
    }

    static func compute(_ s: Unicode.Scalar) -> UInt8 {
        let p = s.properties
        var c: UInt8 = p.isWhitespace ? space : 0
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: c |= letter
        case .decimalNumber, .letterNumber, .otherNumber: c |= number
        default: break
        }
        return c
    }

    @inline(__always)
    static func of(_ v: UInt32) -> UInt8 {
        if v < 0x10000 { return bmp[Int(v)] }
        return compute(Unicode.Scalar(v)!)
    }
}
