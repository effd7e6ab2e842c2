/// Python `str` behaviour on Swift strings, by code point (never by grapheme, never with
/// Unicode canonical equivalence), as jinja2 and the str methods templates call see it.
enum PyString {
    struct DecodeError: Error { let message: String }

    /// `str.isspace()` for one code point (the set Python's `\s` and `strip()` use).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    static func make<S: Sequence>(_ s: S) -> String where S.Element == Unicode.Scalar {
        var v = String.UnicodeScalarView(); v.append(contentsOf: s); return String(v)
    }

    /// Code-point length.
    static func length(_ s: String) -> Int { s.unicodeScalars.count }

    /// Code-point equality (Python `==` on str).
    static func equal(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Code-point ordering (Python `<` on str); UTF-8 byte order equals code-point order.
    static func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    // MARK: string literals

    /// jinja2's string-literal decoding: `.encode("ascii", "backslashreplace").decode("unicode-escape")`.
    static func unicodeEscapeDecode(_ body: [Unicode.Scalar]) throws(DecodeError) -> String {
        // Step 1: non-ASCII code points become \xNN, \uNNNN or \UNNNNNNNN text.
        var bytes: [UInt8] = []
        for c in body {
            if c.value < 0x80 { bytes.append(UInt8(c.value)); continue }
            let (prefix, width) = c.value < 0x100 ? ("\\x", 2) : c.value < 0x10000 ? ("\\u", 4) : ("\\U", 8)
            let hex = String(c.value, radix: 16)
            bytes.append(contentsOf: Array((prefix + String(repeating: "0", count: width - hex.count) + hex).utf8))
        }
        // Step 2: Python's unicode-escape codec.
        var out = String.UnicodeScalarView()
        var i = 0
        func hexValue(_ count: Int, _ what: String) throws(DecodeError) -> UInt32 {
            guard i + count < bytes.count + 1 else { throw DecodeError(message: "truncated \(what) escape") }
            var v: UInt32 = 0
            for k in 0..<count {
                guard i + k < bytes.count, let d = Int(String(UnicodeScalar(bytes[i + k])), radix: 16) else {
                    throw DecodeError(message: "truncated \(what) escape")
                }
                v = v * 16 + UInt32(d)
            }
            i += count
            return v
        }
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            guard b == UInt8(ascii: "\\") else { out.append(UnicodeScalar(b)); continue }
            guard i < bytes.count else { throw DecodeError(message: "\\ at end of string") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "\\"): out.append("\\")
            case UInt8(ascii: "'"): out.append("'")
            case UInt8(ascii: "\""): out.append("\"")
            case UInt8(ascii: "a"): out.append("\u{07}")
            case UInt8(ascii: "b"): out.append("\u{08}")
            case UInt8(ascii: "f"): out.append("\u{0C}")
            case UInt8(ascii: "n"): out.append("\n")
            case UInt8(ascii: "r"): out.append("\r")
            case UInt8(ascii: "t"): out.append("\t")
            case UInt8(ascii: "v"): out.append("\u{0B}")
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = UInt32(e - 48)
                var n = 1
                while n < 3, i < bytes.count, bytes[i] >= 48, bytes[i] <= 55 { v = v * 8 + UInt32(bytes[i] - 48); i += 1; n += 1 }
                out.append(UnicodeScalar(v) ?? "\u{FFFD}")
            case UInt8(ascii: "x"): out.append(UnicodeScalar(try hexValue(2, "\\xXX")) ?? "\u{FFFD}")
            case UInt8(ascii: "u"): out.append(UnicodeScalar(try hexValue(4, "\\uXXXX")) ?? "\u{FFFD}")
            case UInt8(ascii: "U"):
                let v = try hexValue(8, "\\UXXXXXXXX")
                guard v <= 0x10FFFF else { throw DecodeError(message: "illegal Unicode character") }
                out.append(UnicodeScalar(v) ?? "\u{FFFD}")
            case UInt8(ascii: "N"):
                guard i < bytes.count, bytes[i] == UInt8(ascii: "{"), let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")),
                      let scalar = scalar(named: String(decoding: bytes[(i + 1)..<close], as: UTF8.self)) else {
                    throw DecodeError(message: "malformed \\N character escape")
                }
                out.append(scalar)
                i = close + 1
            default:
                out.append("\\"); out.append(UnicodeScalar(e))
            }
        }
        return String(out)
    }

    /// Every Unicode character name and name alias, built on first use of `\\N{...}`.
    private static let namedScalars: [String: Unicode.Scalar] = {
        var table: [String: Unicode.Scalar] = [:]
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            if let n = s.properties.name { table[n] = s }
            if let n = s.properties.nameAlias { table[n] = s }
        }
        return table
    }()

    /// The code point with Unicode name (or name alias) `name`, case-insensitively, as Python's `\\N{...}`.
    static func scalar(named name: String) -> Unicode.Scalar? {
        let wanted = name.uppercased()
        guard !wanted.isEmpty, wanted.utf8.count < 100 else { return nil }
        return namedScalars[wanted]
    }

    // MARK: str methods

    /// `str.strip/lstrip/rstrip(chars)`; `chars == nil` strips whitespace.
    static func strip(_ s: String, chars: String?, left: Bool, right: Bool) -> String {
        let set = chars.map { Set($0.unicodeScalars) }
        let drop: (Unicode.Scalar) -> Bool = { c in set.map { $0.contains(c) } ?? isSpace(c) }
        let a = scalars(s)
        var lo = 0, hi = a.count
        if left { while lo < hi, drop(a[lo]) { lo += 1 } }
        if right { while hi > lo, drop(a[hi - 1]) { hi -= 1 } }
        return make(a[lo..<hi])
    }

    /// Byte offsets of non-overlapping occurrences of `needle` in `hay` (UTF-8 search is code-point exact).
    static func occurrences(_ hay: [UInt8], _ needle: [UInt8], limit: Int = .max) -> [Int] {
        guard !needle.isEmpty, needle.count <= hay.count else { return [] }
        var result: [Int] = []
        var i = 0
        let last = hay.count - needle.count
        while i <= last && result.count < limit {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) {
                result.append(i); i += needle.count
            } else {
                i += 1
            }
        }
        return result
    }

    static func contains(_ hay: String, _ needle: String) -> Bool {
        needle.isEmpty || !occurrences(Array(hay.utf8), Array(needle.utf8), limit: 1).isEmpty
    }

    static func hasPrefix(_ s: String, _ p: String) -> Bool { s.utf8.starts(with: p.utf8) }
    static func hasSuffix(_ s: String, _ p: String) -> Bool { s.utf8.reversed().starts(with: p.utf8.reversed()) }

    /// `str.find(sub)` in code points, -1 if absent.
    static func find(_ s: String, _ sub: String) -> Int {
        if sub.isEmpty { return 0 }
        let hay = Array(s.utf8)
        guard let byte = occurrences(hay, Array(sub.utf8), limit: 1).first else { return -1 }
        return String(decoding: hay[..<byte], as: UTF8.self).unicodeScalars.count
    }

    /// `str.replace(old, new, count)`.
    static func replace(_ s: String, _ old: String, _ new: String, count: Int = -1) throws(JinjaError) -> String {
        let limit = count < 0 ? Int.max : count
        if old.isEmpty {
            // Python inserts `new` between every code point and at both ends.
            var out = String.UnicodeScalarView()
            var n = 0
            let a = scalars(s)
            for c in a {
                if n < limit { out.append(contentsOf: new.unicodeScalars); n += 1 }
                out.append(c)
            }
            if n < limit { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        let hay = Array(s.utf8)
        let hits = occurrences(hay, Array(old.utf8), limit: limit)
        if hits.isEmpty { return s }
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var prev = 0
        let newBytes = Array(new.utf8)
        for h in hits {
            out.append(contentsOf: hay[prev..<h]); out.append(contentsOf: newBytes); prev = h + old.utf8.count
        }
        out.append(contentsOf: hay[prev...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `str.split(sep, maxsplit)`; `sep == nil` splits on whitespace runs and drops empty parts.
    static func split(_ s: String, _ sep: String?, maxsplit: Int = -1) throws(JinjaError) -> [String] {
        let limit = maxsplit < 0 ? Int.max : maxsplit
        guard let sep else {
            var parts: [String] = []
            let a = scalars(s)
            var i = 0
            while i < a.count {
                while i < a.count, isSpace(a[i]) { i += 1 }
                if i >= a.count { break }
                if parts.count == limit { parts.append(make(a[i...])); return parts }
                var j = i
                while j < a.count, !isSpace(a[j]) { j += 1 }
                parts.append(make(a[i..<j])); i = j
            }
            return parts
        }
        guard !sep.isEmpty else { throw JinjaError.type(message: "empty separator", line: 0) }
        let hay = Array(s.utf8)
        let hits = occurrences(hay, Array(sep.utf8), limit: limit)
        var parts: [String] = []
        var prev = 0
        for h in hits { parts.append(String(decoding: hay[prev..<h], as: UTF8.self)); prev = h + sep.utf8.count }
        parts.append(String(decoding: hay[prev...], as: UTF8.self))
        return parts
    }

    /// `str.rsplit(sep, maxsplit)` for an explicit separator.
    static func rsplit(_ s: String, _ sep: String, maxsplit: Int) throws(JinjaError) -> [String] {
        if maxsplit < 0 { return try split(s, sep) }
        let all = try split(s, sep)
        if all.count <= maxsplit + 1 { return all }
        let headCount = all.count - maxsplit
        return [all[..<headCount].joined(separator: sep)] + all[headCount...]
    }

    /// Python `str.splitlines()` (keepends false).
    static func splitlines(_ s: String) -> [String] {
        var lines: [String] = []
        let a = scalars(s)
        var i = 0, start = 0
        while i < a.count {
            let v = a[i].value
            if v == 0x0A || v == 0x0B || v == 0x0C || v == 0x0D || v == 0x1C || v == 0x1D || v == 0x1E || v == 0x85 || v == 0x2028 || v == 0x2029 {
                lines.append(make(a[start..<i]))
                if v == 0x0D, i + 1 < a.count, a[i + 1] == "\n" { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < a.count { lines.append(make(a[start...])) }
        return lines
    }

    static func upper(_ s: String) -> String { s.uppercased() }
    static func lower(_ s: String) -> String { s.lowercased() }

    private static func isCased(_ c: Unicode.Scalar) -> Bool { c.properties.isCased }

    /// Python `str.title()`: a cased character after an uncased one is title-cased, others lowered.
    static func title(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            let t = String(c)
            if previousCased { out += t.lowercased() } else { out += c.properties.titlecaseMapping }
            previousCased = isCased(c)
        }
        return out
    }

    /// Python `str.capitalize()`: first code point title-cased, the rest lower-cased.
    static func capitalize(_ s: String) -> String {
        guard let first = s.unicodeScalars.first else { return s }
        return first.properties.titlecaseMapping + make(s.unicodeScalars.dropFirst()).lowercased()
    }

    /// jinja2's `title` filter: split on runs of `-`, whitespace, `(`, `{`, `[`, `<`, and
    /// upper-case each chunk's first code point, lower-case the rest.
    static func jinjaTitle(_ s: String) -> String {
        var out = ""
        var chunk = String.UnicodeScalarView()
        func flush() {
            guard let f = chunk.first else { return }
            out += String(f).uppercased() + make(chunk.dropFirst()).lowercased()
            chunk = String.UnicodeScalarView()
        }
        var inSep = false
        for c in s.unicodeScalars {
            let sep = c == "-" || c == "(" || c == "{" || c == "[" || c == "<" || isSpace(c)
            if sep != inSep { if inSep { out += String(chunk); chunk = String.UnicodeScalarView() } else { flush() } }
            inSep = sep
            chunk.append(c)
        }
        if inSep { out += String(chunk) } else { flush() }
        return out
    }
}
