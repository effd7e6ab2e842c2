import Foundation

/// FuseChat's own word and sentence splitters for the instruction checkers (NLTK's punkt data
/// cannot be downloaded here). Differences from NLTK are listed in docs/scoring.md.
public enum TextSplitting {
    /// `\w` of the `regex` module that NLTK's `RegexpTokenizer` uses (Unicode TR18): alphabetic,
    /// marks, decimal digits, connector punctuation and joiners. Unlike Python's `re`, it keeps an
    /// Indic word with its vowel signs whole, and excludes `²` or `½`.
    static func isTokenizerWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.properties.isAlphabetic || s.value == 0x200C || s.value == 0x200D { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// Python's `re` `\w` for `str` patterns: letters, numbers (categories L*, N*) and `_`.
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Python's `str.isspace()`.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0: return true
        default: return s.properties.isWhitespace
        }
    }

    /// The words of IFEval's `count_words` (`RegexpTokenizer(r"\w+")`): maximal runs of word characters.
    public static func words(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.Index?
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        while i < scalars.endIndex {
            if isTokenizerWordScalar(scalars[i]) {
                if start == nil { start = i }
            } else if let s = start {
                out.append(Substring(scalars[s..<i])); start = nil
            }
            i = scalars.index(after: i)
        }
        if let s = start { out.append(Substring(scalars[s..<scalars.endIndex])) }
        return out
    }

    /// Words and punctuation in the manner of NLTK's Treebank `word_tokenize`: punctuation is
    /// split off, contractions are split before `'s`, `'m`, `'d`, `'re`, `'ve`, `'ll` and `n't`.
    public static func treebankTokens(_ text: String) -> [String] {
        var out: [String] = []
        for chunk in text.split(whereSeparator: { $0.isWhitespace }) {
            var current = ""
            func flush() { if !current.isEmpty { out.append(contentsOf: splitContraction(current)); current = "" } }
            let chars = Array(chunk)
            for (k, c) in chars.enumerated() {
                let inner = k > 0 && k + 1 < chars.count
                let keep = c.isLetter || c.isNumber || c == "_" || c == "'" || c == "’"
                    || (inner && (c == "." || c == "," || c == "-" || c == "/" || c == ":") && chars[k + 1].isNumber && chars[k - 1].isNumber)
                    || (inner && c == "-" && chars[k - 1].isLetter && chars[k + 1].isLetter)
                    || (c == "." && k + 1 < chars.count)
                if keep { current.append(c) } else { flush(); out.append(String(c)) }
            }
            flush()
        }
        return out
    }

    private static func splitContraction(_ word: String) -> [String] {
        let lower = word.lowercased()
        for suffix in ["n't", "'ll", "'re", "'ve", "'s", "'m", "'d"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
            return [String(word.dropLast(suffix.count)), String(word.suffix(suffix.count))]
        }
        if word.hasPrefix("'"), word.count > 1 { return ["'", String(word.dropFirst())] }
        return [word]
    }

    /// Abbreviations that do not end a sentence (lowercase, without the final period); the oracle
    /// script gives NLTK's untrained Punkt the same list.
    public static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "u.s", "u.k", "inc", "ltd", "co",
        "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vol",
        "fig", "approx", "dept", "est", "gen", "gov", "lt", "col", "capt", "sgt", "rev", "mt", "ft", "a.m", "p.m",
    ]

    private static let sentenceEnd: Set<Character> = [".", "?", "!"]
    /// Punkt's non-word characters that may directly follow a sentence end.
    private static let nonWord: Set<Character> = [")", "\"", ";", "}", "]", "*", ":", "@", "'", "(", "{", "[", "!", "?"]
    private static let closers: Set<Character> = ["]", ")", "'", "\""]

    /// Sentences, following NLTK Punkt's decision rules with an empty learned model plus
    /// `abbreviations`: a period after an ordinary word ends a sentence when whitespace and another
    /// token follow; after an abbreviation, an initial, a number or an ellipsis it does not when the
    /// next token starts lowercase (initials and abbreviations never do).
    public static func sentences(_ text: String) -> [Substring] {
        let chars = Array(text)
        var starts: [Int] = [0]
        var lastBreakEnd: [Int] = []
        // Candidate ends: a sentence-end character followed by other punctuation, or by whitespace
        // and a token (Punkt's period context).
        var candidates: [(at: Int, next: (Int, Int)?)] = []
        for i in chars.indices where sentenceEnd.contains(chars[i]) {
            var j = i + 1
            if j < chars.count, nonWord.contains(chars[j]) { candidates.append((i, nil)); continue }
            while j < chars.count, chars[j].isWhitespace { j += 1 }
            guard j > i + 1, j < chars.count else { continue }
            var k = j
            while k < chars.count, !chars[k].isWhitespace { k += 1 }
            candidates.append((i, (j, k)))
        }
        for (n, c) in candidates.enumerated() {
            // Like NLTK, only the last candidate of a whitespace-free run counts ("Really?!").
            if n + 1 < candidates.count, !chars[(c.at + 1)..<candidates[n + 1].at].contains(where: \.isWhitespace) { continue }
            var w = c.at
            while w > 0, !chars[w - 1].isWhitespace { w -= 1 }
            if isBreak(word: String(chars[w...c.at]), next: c.next.map { String(chars[$0.0..<$0.1]) }) {
                lastBreakEnd.append(c.at + 1)
                starts.append(c.next?.0 ?? (c.at + 1))
            }
        }
        // Slices [start_k, end_k); a piece of only closing quotes/brackets belongs to the previous one
        // (Punkt's boundary realignment), so it is not a sentence of its own.
        var ends = lastBreakEnd
        var end = chars.count
        while end > 0, chars[end - 1].isWhitespace { end -= 1 }
        ends.append(end)
        var out: [Substring] = []
        let indices = Array(text.indices) + [text.endIndex]
        for k in 0..<starts.count where starts[k] < ends[k] {
            let piece = text[indices[starts[k]]..<indices[ends[k]]]
            if piece.contains(where: { !$0.isWhitespace && !closers.contains($0) }) { out.append(piece) }
        }
        return out
    }

    /// Punkt's first and second pass for the token ending in a sentence-end character.
    private static func isBreak(word: String, next: String?) -> Bool {
        guard let last = word.last else { return false }
        if last == "?" || last == "!" { return true }
        // A period: strip leading punctuation as Punkt's word tokenizer does.
        var core = Substring(word)
        while let f = core.first, "([{\"'`*".contains(f) { core = core.dropFirst() }
        if core.hasSuffix("..") {
            // An ellipsis: not a break by itself.
            return false
        }
        let stem = core.dropLast().lowercased()
        let nextFirst = next.flatMap { $0.first(where: { $0.isLetter || $0.isNumber }) ?? $0.first }
        let nextLower = nextFirst.map { $0.isLowercase } ?? false
        let nextUpper = nextFirst.map { $0.isUppercase } ?? false
        let isAbbreviation = abbreviations.contains(String(stem)) || abbreviations.contains(String(stem.split(separator: "-").last ?? ""))
        let isInitial = stem.count == 1 && stem.first!.isLetter
        let isNumber = !stem.isEmpty && stem.allSatisfy { $0.isNumber || $0 == "." || $0 == "," || $0 == "-" } && stem.first!.isNumber
        if let next, next.first.map({ ";:,.!?".contains($0) }) == true { return !(isAbbreviation || isInitial || isNumber) }
        if isAbbreviation { return false }
        if isInitial { return !(nextLower || nextUpper) }
        if isNumber { return !nextLower }
        return true
    }
}
