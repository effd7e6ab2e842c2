/// JSON text output: compact (as serde_json and `safetensors` write it) or indented (as Python's
/// `json.dump(..., indent=2)` writes it, ASCII-only with `\uXXXX` escapes).
public enum JSONWriter {
    /// `value` as compact JSON, object members sorted by key.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, level: 0)
        return out
    }

    /// `value` as JSON indented by `indent` spaces with ASCII-only strings, object members sorted by key.
    public static func indented(_ value: JSONValue, indent: Int = 2) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0)
        return out
    }

    /// `text` as a quoted JSON string. Escapes `"`, `\` and control characters (short forms where
    /// JSON has them, else `\u00xx`); with `asciiOnly`, every character outside space...`~` is
    /// escaped as `\uxxxx` (UTF-16 surrogate pairs above U+FFFF), like Python's `ensure_ascii`.
    public static func quoted(_ text: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value >= 0x7F) {
                    for unit in String(scalar).utf16 { out += "\\u" + hex4(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int) {
        let asciiOnly = indent != nil
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += "\(d)"
        case .string(let s): out += quoted(s, asciiOnly: asciiOnly)
        case .array(let elements):
            writeContainer(open: "[", close: "]", count: elements.count, into: &out, indent: indent, level: level) { i, out in
                write(elements[i], into: &out, indent: indent, level: level + 1)
            }
        case .object(let members):
            let keys = members.keys.sorted()
            writeContainer(open: "{", close: "}", count: keys.count, into: &out, indent: indent, level: level) { i, out in
                out += quoted(keys[i], asciiOnly: asciiOnly)
                out += indent == nil ? ":" : ": "
                write(members[keys[i]]!, into: &out, indent: indent, level: level + 1)
            }
        }
    }

    private static func writeContainer(open: String, close: String, count: Int, into out: inout String,
                                       indent: Int?, level: Int, element: (Int, inout String) -> Void) {
        out += open
        guard count > 0 else { out += close; return }
        for i in 0..<count {
            if i > 0 { out += "," }
            if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
            element(i, &out)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }
}
