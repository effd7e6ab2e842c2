/// A JSON value with object members kept in order and keys compared byte for byte. tokenizer.json
/// vocabularies hold keys that are canonically equivalent but different (U+0300 and U+0340), which a
/// Swift `[String: ...]` dictionary would merge, so this small parser keeps them apart.
indirect enum TokenizerJSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double, Int?)
    case string(String)
    case array([TokenizerJSONValue])
    case object([(key: String, value: TokenizerJSONValue)])

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    var int: Int? { if case .number(_, let i) = self { return i } else { return nil } }
    var double: Double? { if case .number(let d, _) = self { return d } else { return nil } }
    var array: [TokenizerJSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    var members: [(key: String, value: TokenizerJSONValue)]? { if case .object(let m) = self { return m } else { return nil } }
    var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The member named exactly `key` (the last one if repeated).
    subscript(key: String) -> TokenizerJSONValue? {
        guard case .object(let m) = self else { return nil }
        return m.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// Parses `bytes`; the error is a reason with the byte offset.
    static func parse(_ bytes: [UInt8]) -> Result<TokenizerJSONValue, ParseError> {
        var p = Parser(bytes: bytes)
        do throws(ParseError) {
            let v = try p.value(depth: 0)
            p.skipSpace()
            guard p.i == bytes.count else { throw p.fail("trailing characters") }
            return .success(v)
        } catch {
            return .failure(error)
        }
    }

    struct ParseError: Error {
        let reason: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        static let maxDepth = 128

        func fail(_ why: String) -> ParseError { ParseError(reason: "\(why) at byte \(i)") }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        mutating func literal(_ word: String, _ v: TokenizerJSONValue) throws(ParseError) -> TokenizerJSONValue {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("invalid literal") }
            i += w.count
            return v
        }

        mutating func value(depth: Int) throws(ParseError) -> TokenizerJSONValue {
            guard depth < Parser.maxDepth else { throw fail("nesting too deep") }
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members = [(key: String, value: TokenizerJSONValue)]()
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                    i += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                i += 1
                var items = [TokenizerJSONValue]()
                skipSpace()
                if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                    i += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func number() throws(ParseError) -> TokenizerJSONValue {
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let d = Double(text) else { throw fail("invalid number") }
            return .number(d, Int(text))
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                throw fail("invalid \\u escape")
            }
            i += 4
            return v
        }

        mutating func string() throws(ParseError) -> String {
            i += 1
            var out = [UInt8]()
            while true {
                guard i < bytes.count else { throw fail("unterminated string") }
                let b = bytes[i]
                i += 1
                if b == UInt8(ascii: "\"") { break }
                guard b == UInt8(ascii: "\\") else {
                    guard b >= 0x20 else { throw fail("control character in string") }
                    out.append(b)
                    continue
                }
                guard i < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var v = try hex4()
                    if v >= 0xD800 && v < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail("invalid surrogate pair") }
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let s = Unicode.Scalar(v) else { throw fail("lone surrogate") }
                    out.append(contentsOf: String(s).utf8)
                default: throw fail("invalid escape")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in string") }
            return s
        }
    }
}
