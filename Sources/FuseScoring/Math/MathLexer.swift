/// A token of a LaTeX-flavoured answer.
enum MathToken: Equatable {
    /// A decimal literal (digits, optional point); thousands separators already removed.
    case number(String, decimal: Bool)
    /// A run of letters (a unit, a word, or several single-letter variables).
    case word(String)
    /// A recognised LaTeX command, canonicalised (`dfrac` → `frac`, `cdot` → `*` is a symbol instead).
    case command(String)
    /// One of `+ - * / ^ _ ( ) [ ] { } , = % | !`.
    case symbol(UInt8)
    /// `\{` and `\}`.
    case setOpen, setClose
}

/// Splits a cleaned answer into tokens, dropping LaTeX spacing and sizing commands, `$`, degree
/// marks and the wrappers of `\text{}`-like commands (their content is kept as words).
/// Unknown commands make the whole answer unparseable (`nil`), so it falls back to text comparison.
enum MathLexer {
    private static let ignored: Set<String> = [
        "left", "right", "displaystyle", "textstyle", "quad", "qquad", "big", "Big", "bigl", "bigr", "Bigl", "Bigr",
        "bigg", "Bigg", "limits", "circ", "degree", "mathrm", "mathbf", "mathit", "text", "textbf", "textit", "mbox",
        "textnormal", "operatorname", "boxed", "fbox", "hbox", "rm", "bf", "it", "mathsf", "textrm",
    ]
    /// Commands whose brace group is transparent: the braces are dropped, the content is lexed.
    private static let wrappers: Set<String> = [
        "mathrm", "mathbf", "mathit", "text", "textbf", "textit", "mbox", "textnormal", "operatorname", "boxed",
        "fbox", "hbox", "mathsf", "textrm",
    ]
    private static let renamed: [String: String] = [
        "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "frac": "frac", "sqrt": "sqrt", "pi": "pi",
        "infty": "infinity", "infin": "infinity", "cup": "cup", "sin": "sin", "cos": "cos", "tan": "tan",
        "log": "log", "ln": "ln", "exp": "exp", "binom": "binom", "dbinom": "binom", "tbinom": "binom",
        "emptyset": "emptyset", "varnothing": "emptyset",
    ]
    private static let asSymbol: [String: UInt8] = [
        "cdot": UInt8(ascii: "*"), "times": UInt8(ascii: "*"), "ast": UInt8(ascii: "*"), "div": UInt8(ascii: "/"),
        "lvert": UInt8(ascii: "|"), "rvert": UInt8(ascii: "|"), "vert": UInt8(ascii: "|"), "mid": UInt8(ascii: "|"),
    ]

    static func tokens(_ text: String) -> [MathToken]? {
        let b = Array(text.utf8)
        var out: [MathToken] = []
        out.reserveCapacity(b.count / 2)
        var i = 0, depth = 0
        // Brace depths at which a wrapper's group was opened; its closing brace is dropped.
        var transparent: [Int] = []
        var pendingWrapper = false
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "$")
                || c == UInt8(ascii: "~") || c == UInt8(ascii: "&") { i += 1; continue }
            if isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < b.count && isDigit(b[i + 1])) {
                var j = i, digits: [UInt8] = [], dot = false
                while j < b.count {
                    if isDigit(b[j]) { digits.append(b[j]); j += 1; continue }
                    // LaTeX's "{,}" thousands separator: 10{,}000.
                    if b[j] == UInt8(ascii: "{"), !dot, j + 5 < b.count, b[j + 1] == UInt8(ascii: ","), b[j + 2] == UInt8(ascii: "}"),
                       isDigit(b[j + 3]), isDigit(b[j + 4]), isDigit(b[j + 5]) { j += 3; continue }
                    if b[j] == UInt8(ascii: "."), !dot, j + 1 < b.count, isDigit(b[j + 1]) { dot = true; digits.append(b[j]); j += 1; continue }
                    // Thousands separators only outside brackets: "1,000" but not "(1,000)" nor "1,2".
                    if b[j] == UInt8(ascii: ","), depth == 0, !dot, j + 3 < b.count,
                       isDigit(b[j + 1]), isDigit(b[j + 2]), isDigit(b[j + 3]), j + 4 == b.count || !isDigit(b[j + 4]),
                       digits.count - 1 - (digits.lastIndex(of: UInt8(ascii: ",")) ?? -1) <= 3 {
                        digits.append(b[j]); j += 1; continue
                    }
                    break
                }
                out.append(.number(String(decoding: digits.filter { $0 != UInt8(ascii: ",") }, as: UTF8.self), decimal: dot))
                i = j
                continue
            }
            if isLetter(c) {
                var j = i
                while j < b.count, isLetter(b[j]) { j += 1 }
                out.append(.word(String(decoding: b[i..<j], as: UTF8.self)))
                i = j
                continue
            }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < b.count else { i += 1; continue }
                let n = b[i + 1]
                if !isLetter(n) {
                    switch n {
                    case UInt8(ascii: "{"): out.append(.setOpen); depth += 1
                    case UInt8(ascii: "}"): out.append(.setClose); depth -= 1
                    case UInt8(ascii: "%"): out.append(.symbol(UInt8(ascii: "%")))
                    case UInt8(ascii: "|"): out.append(.symbol(UInt8(ascii: "|")))
                    case UInt8(ascii: "!"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: " "),
                         UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                         UInt8(ascii: "\\"):
                        break
                    default: return nil
                    }
                    i += 2
                    continue
                }
                var j = i + 1
                while j < b.count, isLetter(b[j]) { j += 1 }
                let name = String(decoding: b[(i + 1)..<j], as: UTF8.self)
                i = j
                if wrappers.contains(name) { pendingWrapper = true; continue }
                if ignored.contains(name) { continue }
                if let s = asSymbol[name] { out.append(.symbol(s)); continue }
                guard let canonical = renamed[name] else { return nil }
                out.append(.command(canonical))
                continue
            }
            if c == UInt8(ascii: "^") {
                // Degree marks: ^\circ, ^{\circ}, ^{\circ} with spaces.
                var j = i + 1
                var braced = false
                if j < b.count, b[j] == UInt8(ascii: "{") { braced = true; j += 1 }
                while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
                let circ = Array("\\circ".utf8)
                if j + circ.count <= b.count, Array(b[j..<(j + circ.count)]) == circ {
                    j += circ.count
                    while j < b.count, b[j] == UInt8(ascii: " ") { j += 1 }
                    if braced { guard j < b.count, b[j] == UInt8(ascii: "}") else { return nil }; j += 1 }
                    i = j
                    continue
                }
            }
            if c >= 0x80 {
                // Common Unicode math characters.
                let scalar = String(decoding: b[i...].prefix(4), as: UTF8.self).unicodeScalars.first!
                let len = String(scalar).utf8.count
                i += len
                switch scalar {
                case "×", "·", "∙", "⋅": out.append(.symbol(UInt8(ascii: "*")))
                case "÷": out.append(.symbol(UInt8(ascii: "/")))
                case "−", "–": out.append(.symbol(UInt8(ascii: "-")))
                case "π": out.append(.command("pi"))
                case "√": out.append(.command("sqrt"))
                case "∞": out.append(.command("infinity"))
                case "∪": out.append(.command("cup"))
                case "°", "\u{00A0}", "\u{2009}", "\u{202F}": break
                default: return nil
                }
                continue
            }
            switch c {
            case UInt8(ascii: "{"):
                // A wrapper's braces (\text{...}, \boxed{...}) do not count as brackets.
                if pendingWrapper { transparent.append(depth); pendingWrapper = false } else { depth += 1; out.append(.symbol(c)) }
            case UInt8(ascii: "}"):
                if transparent.last == depth { transparent.removeLast() } else { depth -= 1; out.append(.symbol(c)) }
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1; out.append(.symbol(c))
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth -= 1; out.append(.symbol(c))
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "^"),
                 UInt8(ascii: "_"), UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "%"), UInt8(ascii: "|"),
                 UInt8(ascii: "!"):
                out.append(.symbol(c))
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "?"):
                break
            default: return nil
            }
            pendingWrapper = false
            i += 1
        }
        return out
    }
}
