/// One lexical token of a Jinja template.
struct JinjaToken: Equatable {
    enum Kind: Equatable {
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        case op(String)
        case eof
    }
    var kind: Kind
    var line: Int
    var column: Int
}

/// Splits template source into tokens exactly as jinja2's lexer does with the settings transformers
/// uses (`trim_blocks=True`, `lstrip_blocks=True`, default delimiters, `keep_trailing_newline=False`):
/// newline normalisation, `-`/`+` whitespace control, raw blocks, comments, brace balancing.
struct JinjaLexer {
    private let src: [Unicode.Scalar]
    private var pos = 0
    private var tokens: [JinjaToken] = []
    private var lineStarting = true

    static func tokenize(_ source: String) throws(JinjaError) -> [JinjaToken] {
        var lexer = JinjaLexer(source: source)
        try lexer.run()
        return lexer.tokens
    }

    private init(source: String) {
        // Normalise \r\n, \r, \n to \n and drop one trailing newline, as jinja2 does.
        let input = Array(source.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            if input[i] == "\r" {
                out.append("\n")
                if i + 1 < input.count, input[i + 1] == "\n" { i += 1 }
            } else {
                out.append(input[i])
            }
            i += 1
        }
        if out.last == "\n" { out.removeLast() }
        src = out
    }

    // MARK: positions

    /// Last position converted to line/column, so that conversions walk forward only.
    private var cursor = (pos: 0, line: 1, column: 1)

    private mutating func lineColumn(_ p: Int) -> (Int, Int) {
        if p < cursor.pos { cursor = (0, 1, 1) }
        var (i, line, col) = cursor
        while i < p && i < src.count {
            if src[i] == "\n" { line += 1; col = 1 } else { col += 1 }
            i += 1
        }
        cursor = (i, line, col)
        return (line, col)
    }

    private mutating func fail(_ message: String, at p: Int) -> JinjaError {
        let (l, c) = lineColumn(p)
        return .syntax(message: message, line: l, column: c)
    }

    private mutating func emit(_ kind: JinjaToken.Kind, at p: Int) {
        let (l, c) = lineColumn(p)
        tokens.append(JinjaToken(kind: kind, line: l, column: c))
    }

    private func has(_ s: String, at p: Int) -> Bool {
        var i = p
        for ch in s.unicodeScalars {
            guard i < src.count, src[i] == ch else { return false }
            i += 1
        }
        return true
    }

    private func skipWhitespace(from p: Int) -> Int {
        var i = p
        while i < src.count, PyString.isSpace(src[i]) { i += 1 }
        return i
    }

    // MARK: root state

    private enum Opener { case variable, block, comment, raw(end: Int) }

    private mutating func run() throws(JinjaError) {
        while pos < src.count {
            // Find the earliest tag opener.
            var p = pos
            var found: (Opener, Int, Character?)? = nil   // (kind, index after opener+sign, sign)
            while p + 1 < src.count {
                if src[p] == "{" {
                    let n = src[p + 1]
                    if n == "%" || n == "{" || n == "#" {
                        var after = p + 2
                        var sign: Character? = nil
                        if after < src.count, src[after] == "-" || src[after] == "+" {
                            sign = Character(src[after]); after += 1
                        }
                        if n == "%", let rawEnd = matchRawBegin(from: after) {
                            found = (.raw(end: rawEnd), after, sign)
                        } else {
                            found = (n == "{" ? .variable : n == "%" ? .block : .comment, after, sign)
                        }
                        break
                    }
                }
                p += 1
            }
            guard let (opener, after, sign) = found else {
                let text = String(String.UnicodeScalarView(src[pos...]))
                if !text.isEmpty { emit(.data(text), at: pos) }
                pos = src.count
                return
            }
            var isVariable = false
            if case .variable = opener { isVariable = true }
            var text = Array(src[pos..<p])
            if sign == "-" {
                while let l = text.last, PyString.isSpace(l) { text.removeLast() }
            } else if sign != "+" && !isVariable {
                var lpos = 0
                if let nl = text.lastIndex(of: "\n") { lpos = nl + 1 }
                if lpos > 0 || lineStarting {
                    if lpos < text.count && text[lpos...].allSatisfy(PyString.isSpace) {
                        text.removeSubrange(lpos...)
                    }
                }
            }
            if !text.isEmpty { emit(.data(String(String.UnicodeScalarView(text))), at: pos) }
            lineStarting = false
            switch opener {
            case .variable:
                emit(.variableBegin, at: p)
                pos = after
                try lexTag(variable: true)
            case .block:
                emit(.blockBegin, at: p)
                pos = after
                try lexTag(variable: false)
            case .comment:
                pos = after
                try lexComment()
            case let .raw(end):
                pos = end
                lineStarting = src[end - 1] == "\n"
                try lexRaw(start: p)
            }
        }
    }

    /// `\s*raw\s*(-%}\s*|%})` after `{%` and its sign; returns the index after the match.
    private func matchRawBegin(from p: Int) -> Int? {
        var i = skipWhitespace(from: p)
        guard has("raw", at: i) else { return nil }
        i = skipWhitespace(from: i + 3)
        if has("-%}", at: i) { return skipWhitespace(from: i + 3) }
        if has("%}", at: i) { return i + 2 }
        return nil
    }

    private mutating func lexComment() throws(JinjaError) {
        let start = pos
        var i = pos
        while i < src.count {
            if has("+#}", at: i) { pos = i + 3; lineStarting = false; return }
            if has("-#}", at: i) {
                pos = skipWhitespace(from: i + 3)
                lineStarting = src[pos - 1] == "\n"
                return
            }
            if has("#}", at: i) {
                pos = i + 2
                if pos < src.count, src[pos] == "\n" { pos += 1 }
                lineStarting = src[pos - 1] == "\n"
                return
            }
            i += 1
        }
        throw fail("Missing end of comment tag", at: start)
    }

    private mutating func lexRaw(start: Int) throws(JinjaError) {
        var i = pos
        while i + 1 < src.count {
            if src[i] == "{" && src[i + 1] == "%" {
                var j = i + 2
                var sign: Unicode.Scalar? = nil
                if j < src.count, src[j] == "-" || src[j] == "+" { sign = src[j]; j += 1 }
                j = skipWhitespace(from: j)
                if has("endraw", at: j) {
                    j = skipWhitespace(from: j + 6)
                    var end: Int? = nil
                    if has("+%}", at: j) { end = j + 3 }
                    else if has("-%}", at: j) { end = skipWhitespace(from: j + 3) }
                    else if has("%}", at: j) {
                        end = j + 2
                        if end! < src.count, src[end!] == "\n" { end! += 1 }
                    }
                    if let end {
                        var text = Array(src[pos..<i])
                        if sign == "-" {
                            while let l = text.last, PyString.isSpace(l) { text.removeLast() }
                        } else if sign != "+" {
                            var lpos = 0
                            if let nl = text.lastIndex(of: "\n") { lpos = nl + 1 }
                            if (lpos > 0 || lineStarting) && lpos < text.count && text[lpos...].allSatisfy(PyString.isSpace) {
                                text.removeSubrange(lpos...)
                            }
                        }
                        if !text.isEmpty { emit(.data(String(String.UnicodeScalarView(text))), at: pos) }
                        pos = end
                        lineStarting = src[end - 1] == "\n"
                        return
                    }
                }
            }
            i += 1
        }
        throw fail("Missing end of raw directive", at: start)
    }

    // MARK: inside {{ }} and {% %}

    private static let operators2: [String] = ["//", "**", "==", "!=", ">=", "<="]
    private static let operators1: Set<Unicode.Scalar> = ["+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", "=", ".", ":", "|", ",", ";", "<", ">"]

    private mutating func lexTag(variable: Bool) throws(JinjaError) {
        var balance: [Unicode.Scalar] = []
        let start = pos
        while true {
            guard pos < src.count else {
                throw fail("unexpected end of template, expected '\(variable ? "end of print statement" : "end of statement block")'", at: start)
            }
            if balance.isEmpty {
                if variable {
                    if has("-}}", at: pos) { emit(.variableEnd, at: pos); pos = skipWhitespace(from: pos + 3); lineStarting = src[pos - 1] == "\n"; return }
                    if has("}}", at: pos) { emit(.variableEnd, at: pos); pos += 2; lineStarting = false; return }
                } else {
                    if has("+%}", at: pos) { emit(.blockEnd, at: pos); pos += 3; lineStarting = false; return }
                    if has("-%}", at: pos) { emit(.blockEnd, at: pos); pos = skipWhitespace(from: pos + 3); lineStarting = src[pos - 1] == "\n"; return }
                    if has("%}", at: pos) {
                        emit(.blockEnd, at: pos); pos += 2
                        if pos < src.count, src[pos] == "\n" { pos += 1 }
                        lineStarting = src[pos - 1] == "\n"
                        return
                    }
                }
            }
            let c = src[pos]
            if PyString.isSpace(c) { pos += 1; continue }
            if let (kind, end) = try lexNumber() { emit(kind, at: pos); pos = end; continue }
            if c == "_" || c.properties.isXIDStart {
                var j = pos + 1
                while j < src.count, src[j] == "_" || src[j].properties.isXIDContinue { j += 1 }
                emit(.name(String(String.UnicodeScalarView(src[pos..<j]))), at: pos)
                pos = j
                continue
            }
            if c == "'" || c == "\"" {
                var j = pos + 1
                while j < src.count, src[j] != c {
                    if src[j] == "\\" { j += 1 }
                    j += 1
                }
                guard j < src.count else { throw fail("unexpected char \(PyRepr.string(String(c))) at \(pos)", at: pos) }
                let body = Array(src[(pos + 1)..<j])
                let value: String
                do { value = try PyString.unicodeEscapeDecode(body) } catch { throw fail(error.message, at: pos) }
                emit(.string(value), at: pos)
                pos = j + 1
                continue
            }
            if pos + 1 < src.count {
                let two = String(String.UnicodeScalarView([c, src[pos + 1]]))
                if Self.operators2.contains(two) { emit(.op(two), at: pos); pos += 2; continue }
            }
            if Self.operators1.contains(c) {
                switch c {
                case "{": balance.append("}")
                case "(": balance.append(")")
                case "[": balance.append("]")
                case "}", ")", "]":
                    guard let expected = balance.popLast() else { throw fail("unexpected '\(c)'", at: pos) }
                    if expected != c { throw fail("unexpected '\(c)', expected '\(expected)'", at: pos) }
                default: break
                }
                emit(.op(String(c)), at: pos)
                pos += 1
                continue
            }
            throw fail("unexpected char \(PyRepr.string(String(c))) at \(pos)", at: pos)
        }
    }

    private func isDigit(_ i: Int) -> Bool { i < src.count && src[i].value >= 48 && src[i].value <= 57 }

    /// Digits with single `_` separators starting at `i`; returns the end index or nil.
    private func digitRun(_ i: Int) -> Int? {
        guard isDigit(i) else { return nil }
        var j = i + 1
        while true {
            if isDigit(j) { j += 1 } else if j < src.count, src[j] == "_", isDigit(j + 1) { j += 2 } else { break }
        }
        return j
    }

    /// jinja2's float rule, then its integer rule.
    private mutating func lexNumber() throws(JinjaError) -> (JinjaToken.Kind, Int)? {
        guard isDigit(pos) else { return nil }
        if pos == 0 || src[pos - 1] != "." , let intEnd = digitRun(pos) {
            var j = intEnd
            var isFloat = false
            if j < src.count, src[j] == ".", let f = digitRun(j + 1) { j = f; isFloat = true }
            if j < src.count, src[j] == "e" || src[j] == "E" {
                var k = j + 1
                if k < src.count, src[k] == "+" || src[k] == "-" { k += 1 }
                if let e = digitRun(k) { j = e; isFloat = true }
            }
            if isFloat {
                let text = String(String.UnicodeScalarView(src[pos..<j].filter { $0 != "_" }))
                guard let v = Double(text) else { throw fail("invalid float literal", at: pos) }
                return (.float(v), j)
            }
        }
        // Integer: 0b / 0o / 0x prefixes, decimal without leading zeros, or zeros.
        if src[pos] == "0", pos + 1 < src.count {
            let p = Character(src[pos + 1]).lowercased()
            let radix = p == "b" ? 2 : p == "o" ? 8 : p == "x" ? 16 : 0
            if radix > 0 {
                var j = pos + 2
                var digits = ""
                while j < src.count {
                    let ch = src[j]
                    if ch == "_", j + 1 < src.count, Int(String(src[j + 1]), radix: radix) != nil { j += 1; continue }
                    guard Int(String(ch), radix: radix) != nil else { break }
                    digits.unicodeScalars.append(ch); j += 1
                }
                if !digits.isEmpty {
                    guard let v = Int(digits, radix: radix) else { throw fail("integer literal too large", at: pos) }
                    return (.integer(v), j)
                }
            }
        }
        if src[pos] == "0" {
            var j = pos + 1
            while true {
                if j < src.count, src[j] == "0" { j += 1 } else if j + 1 < src.count, src[j] == "_", src[j + 1] == "0" { j += 2 } else { break }
            }
            return (.integer(0), j)
        }
        let end = digitRun(pos)!
        let text = String(String.UnicodeScalarView(src[pos..<end].filter { $0 != "_" }))
        guard let v = Int(text) else { throw fail("integer literal too large", at: pos) }
        return (.integer(v), end)
    }
}
