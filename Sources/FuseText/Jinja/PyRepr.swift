import Foundation

/// Python's `str()` and `repr()` of template values, so printed output matches jinja2 byte for byte.
enum PyRepr {
    /// `str(value)` as jinja2 prints it (`Undefined` prints as "").
    static func str(_ v: JinjaValue) -> String {
        switch v {
        case .undefined: return ""
        case let .string(s): return s
        default: return repr(v)
        }
    }

    /// `repr(value)`.
    static func repr(_ v: JinjaValue) -> String {
        switch v {
        case .undefined: return ""
        case .none: return "None"
        case let .bool(b): return b ? "True" : "False"
        case let .int(i): return String(i)
        case let .double(d): return float(d)
        case let .string(s): return string(s)
        case let .array(a): return "[" + a.map(repr).joined(separator: ", ") + "]"
        case let .tuple(a): return a.count == 1 ? "(" + repr(a[0]) + ",)" : "(" + a.map(repr).joined(separator: ", ") + ")"
        case let .object(o): return "{" + o.items.map { repr($0.0) + ": " + repr($0.1) }.joined(separator: ", ") + "}"
        case let .namespace(n): return "<Namespace " + repr(.object(n.attributes)) + ">"
        case let .callable(c): return "<function \(c.name)>"
        }
    }

    /// Python's repr of a str: single quotes unless the text has ' and no ", escapes for
    /// backslash, the quote, \n \r \t and non-printable characters.
    static func string(_ s: String) -> String {
        let quote: Unicode.Scalar = s.unicodeScalars.contains("'") && !s.unicodeScalars.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            default:
                if c == quote {
                    out.append("\\"); out.append(c)
                } else if isPrintable(c) {
                    out.append(c)
                } else if c.value < 0x100 {
                    out.append(contentsOf: String(format: "\\x%02x", c.value).unicodeScalars)
                } else if c.value < 0x10000 {
                    out.append(contentsOf: String(format: "\\u%04x", c.value).unicodeScalars)
                } else {
                    out.append(contentsOf: String(format: "\\U%08x", c.value).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    /// Python's `str.isprintable` for one character: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (space excepted).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        if c == " " { return true }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, scientific notation when the decimal
    /// exponent is < -4 or >= 16, otherwise fixed with at least one fractional digit.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let (negative, digits, exponent) = shortestDigits(d)
        var out = negative ? "-" : ""
        // value = 0.d1d2d3... * 10^exponent; Python's decimal exponent is exponent - 1.
        let exp10 = exponent - 1
        if exp10 < -4 || exp10 >= 16 {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            out += "e" + (exp10 < 0 ? "-" : "+") + (abs(exp10) < 10 ? "0" : "") + String(abs(exp10))
        } else if exponent <= 0 {
            out += "0." + String(repeating: "0", count: -exponent) + digits
        } else if exponent >= digits.count {
            out += digits + String(repeating: "0", count: exponent - digits.count) + ".0"
        } else {
            let i = digits.index(digits.startIndex, offsetBy: exponent)
            out += digits[..<i] + "." + digits[i...]
        }
        return out
    }

    /// Sign, shortest round-trip significant digits and decimal exponent (value = 0.DIGITS × 10^exp).
    private static func shortestDigits(_ d: Double) -> (Bool, String, Int) {
        let text = "\(d)"   // Swift prints the shortest round-trip representation.
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...].replacingOccurrences(of: "+", with: "")) ?? 0
            s = s[..<e]
        }
        var intPart = Substring(s), frac = Substring("")
        if let dot = s.firstIndex(of: ".") { intPart = s[..<dot]; frac = s[s.index(after: dot)...] }
        var all = String(intPart) + String(frac)
        var pointPos = intPart.count + exp
        while all.first == "0" && all.count > 1 { all.removeFirst(); pointPos -= 1 }
        while all.last == "0" && all.count > 1 { all.removeLast() }
        if all == "0" { return (negative, "0", 1) }
        return (negative, all, pointPos)
    }
}
