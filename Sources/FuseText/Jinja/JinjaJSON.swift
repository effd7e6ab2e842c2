/// JSON in and out of template values: `dumps` is Python's `json.dumps` (the `tojson` filter
/// transformers installs), `parse` reads JSON keeping key order and the int/float distinction.
public enum JinjaJSON {
    struct Options {
        var ensureASCII = false
        var indent: String? = nil
        var itemSeparator: String? = nil
        var keySeparator: String? = nil
        var sortKeys = false
    }

    static func dumps(_ v: JinjaValue, _ options: Options, line: Int) throws(JinjaError) -> String {
        var out = ""
        let itemSep = options.itemSeparator ?? (options.indent == nil ? ", " : ",")
        let keySep = options.keySeparator ?? ": "
        func write(_ v: JinjaValue, _ level: Int) throws(JinjaError) {
            switch v {
            case .none: out += "null"
            case let .bool(b): out += b ? "true" : "false"
            case let .int(i): out += String(i)
            case let .double(d):
                out += d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : PyRepr.float(d)
            case let .string(s): out += quote(s, ascii: options.ensureASCII)
            case let .array(items), let .tuple(items):
                if items.isEmpty { out += "[]"; return }
                out += "["
                for (i, item) in items.enumerated() {
                    if i > 0 { out += itemSep }
                    if let indent = options.indent { out += "\n" + String(repeating: indent, count: level + 1) }
                    try write(item, level + 1)
                }
                if let indent = options.indent { out += "\n" + String(repeating: indent, count: level) }
                out += "]"
            case let .object(o):
                if o.isEmpty { out += "{}"; return }
                out += "{"
                var pairs: [(String, JinjaValue)] = []
                for (k, v) in o.items {
                    switch k {
                    case let .string(s): pairs.append((s, v))
                    case let .bool(b): pairs.append((b ? "true" : "false", v))
                    case .none: pairs.append(("null", v))
                    case let .int(i): pairs.append((String(i), v))
                    case let .double(d): pairs.append((d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : PyRepr.float(d), v))
                    default: throw .type(message: "keys must be str, int, float, bool or None, not \(k.typeName)", line: line)
                    }
                }
                if options.sortKeys { pairs.sort { PyString.less($0.0, $1.0) } }
                for (i, (k, item)) in pairs.enumerated() {
                    if i > 0 { out += itemSep }
                    if let indent = options.indent { out += "\n" + String(repeating: indent, count: level + 1) }
                    out += quote(k, ascii: options.ensureASCII) + keySep
                    try write(item, level + 1)
                }
                if let indent = options.indent { out += "\n" + String(repeating: indent, count: level) }
                out += "}"
            case .undefined, .namespace, .callable:
                let name = v.isUndefined ? "Undefined" : v.typeName
                throw .type(message: "Object of type \(name) is not JSON serializable", line: line)
            }
        }
        try write(v, 0)
        return out
    }

    /// A JSON string literal as Python's json module writes it.
    static func quote(_ s: String, ascii: Bool) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        func hex(_ v: UInt32) {
            let h = String(v, radix: 16)
            out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - h.count) + h).unicodeScalars)
        }
        for c in s.unicodeScalars {
            switch c {
            case "\"": out.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\u{08}": out.append(contentsOf: "\\b".unicodeScalars)
            case "\u{0C}": out.append(contentsOf: "\\f".unicodeScalars)
            default:
                if c.value < 0x20 { hex(c.value) }
                else if ascii && c.value > 0x7E {
                    if c.value >= 0x10000 {
                        let v = c.value - 0x10000
                        hex(0xD800 + (v >> 10)); hex(0xDC00 + (v & 0x3FF))
                    } else {
                        hex(c.value)
                    }
                } else {
                    out.append(c)
                }
            }
        }
        out.append("\"")
        return String(out)
    }

    /// A JSON parse failure with the byte offset where it happened.
    public struct ParseError: Error, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    /// Parses JSON text into template values (objects keep key order; `1` is int, `1.0` float).
    public static func parse(_ text: String) throws(ParseError) -> JinjaValue {
        var p = Parser(bytes: Array(text.utf8))
        p.skip()
        let v = try p.value(depth: 0)
        p.skip()
        guard p.i == p.bytes.count else { throw ParseError(message: "trailing characters", offset: p.i) }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skip() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        func fail(_ m: String) -> ParseError { ParseError(message: m, offset: i) }

        mutating func literal(_ word: String, _ v: JinjaValue) throws(ParseError) -> JinjaValue {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("unexpected character") }
            i += w.count
            return v
        }

        mutating func value(depth: Int) throws(ParseError) -> JinjaValue {
            guard depth < 512 else { throw fail("nesting too deep") }
            guard i < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1; skip()
                var o = JinjaObject()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                while true {
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected string key") }
                    let k = try string()
                    skip()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                    i += 1; skip()
                    o[k] = try value(depth: depth + 1)
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1; skip()
                var a: [JinjaValue] = []
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                while true {
                    skip()
                    a.append(try value(depth: depth + 1))
                    skip()
                    guard i < bytes.count else { throw fail("unexpected end of input") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .none)
            case UInt8(ascii: "N"): return try literal("NaN", .double(.nan))
            case UInt8(ascii: "I"): return try literal("Infinity", .double(.infinity))
            default: return try number()
            }
        }

        mutating func number() throws(ParseError) -> JinjaValue {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "I") { _ = try literal("Infinity", .none); return .double(-.infinity) }
            }
            var isFloat = false
            while i < bytes.count {
                let c = bytes[i]
                if c >= 48 && c <= 57 { i += 1 }
                else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && i > start) { isFloat = true; i += 1 }
                else { break }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if !isFloat, let v = Int(text) { return .int(v) }
            guard let d = Double(text), !text.isEmpty else { throw fail("invalid number") }
            return .double(d)
        }

        mutating func string() throws(ParseError) -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw fail("unterminated string") }
                let c = bytes[i]
                i += 1
                if c == UInt8(ascii: "\"") { break }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard i < bytes.count else { throw fail("unterminated string") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if code >= 0xD800 && code < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) } else { code = 0xFFFD }
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: out.append(e)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                throw fail("invalid \\u escape")
            }
            i += 4
            return v
        }
    }
}
