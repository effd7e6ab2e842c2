/// Hand-written equivalents of the regular expressions IFEval's checkers use, on characters
/// (no `Regex` in the hot path). Each function names the Python pattern it reproduces.
enum PatternScans {
    /// `len(re.findall(re.escape(needle), text, re.IGNORECASE))`: non-overlapping, case-insensitive.
    static func countOccurrences(of needle: String, in text: String) -> Int {
        // Byte search on lowercased UTF-8: equal to a code-point search, as UTF-8 self-synchronises.
        let n = Array(needle.lowercased().utf8), h = Array(text.lowercased().utf8)
        guard !n.isEmpty, h.count >= n.count else { return 0 }
        var count = 0, i = 0
        let first = n[0], last = h.count - n.count
        while i <= last {
            if h[i] == first {
                var k = 1
                while k < n.count, h[i + k] == n[k] { k += 1 }
                if k == n.count { count += 1; i += n.count; continue }
            }
            i += 1
        }
        return count
    }

    /// `re.search(r"\b" + word + r"\b", text, re.IGNORECASE)` for a plain word.
    static func containsWord(_ word: String, in text: String) -> Bool {
        let n = Array(word.lowercased().unicodeScalars), h = Array(text.lowercased().unicodeScalars)
        guard !n.isEmpty, h.count >= n.count else { return false }
        let w = TextSplitting.isWordScalar
        for i in 0...(h.count - n.count) where Array(h[i..<(i + n.count)]) == n {
            // \b holds where a word character meets a non-word character (or the text edge).
            let beforeOK = (i == 0 || !w(h[i - 1])) == w(n[0])
            let afterOK = (i + n.count == h.count || !w(h[i + n.count])) == w(n[n.count - 1])
            if beforeOK, afterOK { return true }
        }
        return false
    }

    /// `re.split(r"\s?\*\*\*\s?", text)`.
    static func splitOnTripleStars(_ text: String) -> [Substring] {
        let c = Array(text.unicodeScalars)
        let idx = Array(text.unicodeScalars.indices) + [text.unicodeScalars.endIndex]
        func star(_ k: Int) -> Bool { k + 2 < c.count && c[k] == "*" && c[k + 1] == "*" && c[k + 2] == "*" }
        var pieces: [Substring] = []
        var last = 0, i = 0
        while i < c.count {
            var start = i, j = i
            if TextSplitting.isSpace(c[i]), star(i + 1) { j = i + 1 } else if star(i) { start = i } else { i += 1; continue }
            j += 3
            if j < c.count, TextSplitting.isSpace(c[j]) { j += 1 }
            pieces.append(Substring(text.unicodeScalars[idx[last]..<idx[start]]))
            last = j; i = j
        }
        pieces.append(Substring(text.unicodeScalars[idx[last]..<idx[c.count]]))
        return pieces
    }

    /// `len(re.findall(r"\[.*?\]", text))`.
    static func countPlaceholders(_ text: String) -> Int {
        let c = Array(text.unicodeScalars)
        var count = 0, i = 0
        while i < c.count {
            guard c[i] == "[" else { i += 1; continue }
            var j = i + 1
            while j < c.count, c[j] != "]", c[j] != "\n" { j += 1 }
            if j < c.count, c[j] == "]" { count += 1; i = j + 1 } else { i += 1 }
        }
        return count
    }

    /// Lines of `text` as `re.MULTILINE` sees them (split on `\n`).
    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// `len(re.findall(r"^\s*\*[^\*].*$", t, re.M)) + len(re.findall(r"^\s*-.*$", t, re.M))`.
    static func countBullets(_ text: String) -> Int {
        let ls = lines(text).map { Array($0.unicodeScalars) }
        var count = 0, k = 0
        while k < ls.count {
            let l = ls[k]
            var i = 0
            while i < l.count, TextSplitting.isSpace(l[i]) { i += 1 }
            if i < l.count, l[i] == "-" { count += 1 }
            else if i < l.count, l[i] == "*" {
                if i + 1 < l.count { if l[i + 1] != "*" { count += 1 } }
                // `[^\*]` also matches the newline: a lone `*` swallows the next line.
                else if k + 1 < ls.count { count += 1; k += 1 }
            }
            k += 1
        }
        return count
    }

    /// IFEval's highlight count: `\*[^\n\*]*\*` matches and `\*\*[^\n\*]*\*\*` matches whose
    /// content is not blank.
    static func countHighlights(_ text: String) -> Int {
        let c = Array(text.unicodeScalars)
        func blank(_ s: ArraySlice<Unicode.Scalar>) -> Bool { s.allSatisfy(TextSplitting.isSpace) }
        var count = 0, i = 0
        while i < c.count {
            guard c[i] == "*" else { i += 1; continue }
            var j = i + 1
            while j < c.count, c[j] != "*", c[j] != "\n" { j += 1 }
            if j < c.count, c[j] == "*" { if !blank(c[(i + 1)..<j]) { count += 1 }; i = j + 1 } else { i += 1 }
        }
        i = 0
        while i + 1 < c.count {
            guard c[i] == "*", c[i + 1] == "*" else { i += 1; continue }
            var j = i + 2
            while j < c.count, c[j] != "*", c[j] != "\n" { j += 1 }
            if j + 1 < c.count, c[j] == "*", c[j + 1] == "*" { if !blank(c[(i + 2)..<j]) { count += 1 }; i = j + 2 } else { i += 1 }
        }
        return count
    }

    /// `len(re.split(r"\s?" + splitter + r"\s?\d+\s?", text)) - 1` for a plain splitter word.
    static func countSections(_ text: String, splitter: String) -> Int {
        let c = Array(text.unicodeScalars), s = Array(splitter.unicodeScalars)
        guard !s.isEmpty else { return 0 }
        var count = 0, i = 0
        while i + s.count <= c.count {
            guard Array(c[i..<(i + s.count)]) == s else { i += 1; continue }
            var j = i + s.count
            if j < c.count, TextSplitting.isSpace(c[j]), j + 1 < c.count, c[j + 1].properties.numericType == .decimal { j += 1 }
            guard j < c.count, c[j].properties.numericType == .decimal else { i += 1; continue }
            while j < c.count, c[j].properties.numericType == .decimal { j += 1 }
            count += 1
            i = j
        }
        return count
    }

    /// Whether `re.findall(r"<<[^\n]+>>", text)` has a match with non-blank content once `<` and
    /// `>` are stripped from its ends.
    static func hasTitle(_ text: String) -> Bool {
        for line in lines(text) {
            let l = Array(line.unicodeScalars)
            var i = 0
            while i + 1 < l.count {
                guard l[i] == "<", l[i + 1] == "<" else { i += 1; continue }
                // Greedy: the last ">>" on the line with at least one character in between.
                var e = l.count - 2
                while e >= i + 3, !(l[e] == ">" && l[e + 1] == ">") { e -= 1 }
                guard e >= i + 3 else { i += 1; continue }
                var lo = i, hi = e + 2
                while lo < hi, l[lo] == "<" { lo += 1 }
                while hi > lo, l[hi - 1] == ">" { hi -= 1 }
                if !l[lo..<hi].allSatisfy(TextSplitting.isSpace) { return true }
                i = e + 2
            }
        }
        return false
    }

    /// Python's `str.strip()` (Unicode whitespace).
    static func strip(_ s: Substring) -> Substring {
        var a = s.unicodeScalars.startIndex, b = s.unicodeScalars.endIndex
        while a < b, TextSplitting.isSpace(s.unicodeScalars[a]) { a = s.unicodeScalars.index(after: a) }
        while b > a, TextSplitting.isSpace(s.unicodeScalars[s.unicodeScalars.index(before: b)]) { b = s.unicodeScalars.index(before: b) }
        return Substring(s.unicodeScalars[a..<b])
    }

    static func strip(_ s: String) -> String { String(strip(Substring(s))) }

    /// Python's `str.isupper()` / `str.islower()`: at least one cased character, none of the other case.
    static func isCased(_ s: String, upper: Bool) -> Bool {
        var sawCased = false
        for ch in s.unicodeScalars {
            switch ch.properties.generalCategory {
            case .uppercaseLetter: if !upper { return false }; sawCased = true
            case .lowercaseLetter: if upper { return false }; sawCased = true
            case .titlecaseLetter: return false
            default: break
            }
        }
        return sawCased
    }
}
