/// Which rule found the final answer in a response.
public enum ExtractionRule: String, Sendable, Codable, CaseIterable {
    /// The last `\boxed{...}` or `\fbox{...}` (nested braces allowed), or "final answer is ...".
    case boxed, finalAnswer
    /// "answer: ..." / "answer is ..." followed by a number or a LaTeX span.
    case answerColon, answerPhrase
    /// GSM8K's `#### 42`.
    case gsm8k
    /// The last `$...$`, `\(...\)`, `\[...\]` span or the last number in the text.
    case lastMath
    /// The gold answer itself (used for golds that carry no marker).
    case whole
}

/// A candidate final answer: its text, the rule that found it, and where it ends in the response.
struct AnswerCandidate {
    let text: String
    let rule: ExtractionRule
    let end: Int
}

/// Finds final-answer candidates in a model response, in math-verify's priority order
/// (boxed and "final answer is" first, then "answer:", "answer ...", then the last math span or
/// number), rightmost first within a priority. Works on UTF-8 bytes, without regular expressions.
enum AnswerExtractor {
    /// Candidate groups, highest priority first; within a group, rightmost first.
    static func candidates(in response: String) -> [[AnswerCandidate]] {
        let b = Array(response.utf8)
        var boxedGroup = boxed(b) + finalAnswer(b)
        var colon: [AnswerCandidate] = [], phrase: [AnswerCandidate] = []
        for start in occurrences(of: "answer", in: b) {
            let after = start + 6
            if after < b.count, b[after] == UInt8(ascii: ":") {
                if let c = answerFollow(b, from: after + 1, rule: .answerColon) { colon.append(c) }
            } else if let c = answerFollow(b, from: after, rule: .answerPhrase) { phrase.append(c) }
        }
        var hashes: [AnswerCandidate] = []
        for start in occurrences(of: "####", in: b) {
            var i = start + 4
            while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
            if let (s, e) = number(b, at: i) { hashes.append(AnswerCandidate(text: text(b, s, e), rule: .gsm8k, end: e)) }
        }
        var last = mathSpans(b).map { AnswerCandidate(text: text(b, $0.0, $0.1), rule: .lastMath, end: $0.2) }
        var i = 0
        while i < b.count {
            if isDigit(b[i]), i == 0 || isNumberPrefix(b[i - 1]) || (b[i - 1] == UInt8(ascii: "-") && (i == 1 || isNumberPrefix(b[i - 2]))),
               let (s, e) = number(b, at: b[max(0, i - 1)] == UInt8(ascii: "-") && i > 0 ? i - 1 : i) {
                last.append(AnswerCandidate(text: text(b, s, e), rule: .lastMath, end: e))
                i = e
                continue
            }
            i += 1
        }
        func rightmost(_ xs: inout [AnswerCandidate]) -> [AnswerCandidate] { xs.sorted { $0.end > $1.end } }
        return [rightmost(&boxedGroup), rightmost(&colon), rightmost(&phrase), rightmost(&hashes), rightmost(&last)]
            .filter { !$0.isEmpty }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isNumberPrefix(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "=")
            || c == UInt8(ascii: "*") || c == UInt8(ascii: "$") || c >= 0x80
    }

    private static func text(_ b: [UInt8], _ s: Int, _ e: Int) -> String { String(decoding: b[s..<e], as: UTF8.self) }

    /// Start offsets of case-insensitive occurrences of an ASCII needle.
    static func occurrences(of needle: String, in b: [UInt8]) -> [Int] {
        let n = Array(needle.utf8)
        guard b.count >= n.count else { return [] }
        var out: [Int] = []
        for i in 0...(b.count - n.count) {
            var ok = true
            for k in 0..<n.count where (b[i + k] | 0x20) != (n[k] | 0x20) { ok = false; break }
            if ok { out.append(i) }
        }
        return out
    }

    /// The index just past the brace group opening at `open`, or `nil` when unbalanced.
    static func closingBrace(_ b: [UInt8], _ open: Int) -> Int? {
        var depth = 0, i = open
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count { i += 2; continue }
            if b[i] == UInt8(ascii: "{") { depth += 1 }
            if b[i] == UInt8(ascii: "}") { depth -= 1; if depth == 0 { return i + 1 } }
            i += 1
        }
        return nil
    }

    private static func boxed(_ b: [UInt8]) -> [AnswerCandidate] {
        var out: [AnswerCandidate] = []
        for name in ["\\boxed", "\\fbox"] {
            for start in occurrences(of: name, in: b) {
                var i = start + name.utf8.count
                while i < b.count, b[i] == UInt8(ascii: " ") { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: "{"), let end = closingBrace(b, i) else { continue }
                out.append(AnswerCandidate(text: text(b, i + 1, end - 1), rule: .boxed, end: end))
            }
        }
        return out
    }

    /// "final answer ... is[:] X" with at most 100 characters between "final answer" and "is".
    private static func finalAnswer(_ b: [UInt8]) -> [AnswerCandidate] {
        var out: [AnswerCandidate] = []
        for start in occurrences(of: "final answer", in: b) {
            let from = start + 12
            let limit = min(b.count, from + 104)
            var j = from
            while j + 2 < limit {
                if (b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "\n")), (b[j + 1] | 0x20) == UInt8(ascii: "i"),
                   (b[j + 2] | 0x20) == UInt8(ascii: "s") {
                    var k = j + 3
                    if k < b.count, b[k] == UInt8(ascii: ":") { k += 1 }
                    while k < b.count, b[k] == UInt8(ascii: " ") || b[k] == UInt8(ascii: "\n") { k += 1 }
                    if let (s, e, end) = mathSpan(b, at: k) ?? number(b, at: k).map({ ($0.0, $0.1, $0.1) }) {
                        out.append(AnswerCandidate(text: text(b, s, e), rule: .finalAnswer, end: end))
                        break
                    }
                }
                j += 1
            }
        }
        return out
    }

    /// After "answer": the number after the last `=` within 100 characters on the line, else the
    /// first math span or number within 50 characters.
    private static func answerFollow(_ b: [UInt8], from: Int, rule: ExtractionRule) -> AnswerCandidate? {
        var lineEnd = from
        while lineEnd < b.count, lineEnd - from < 100, b[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        if let eq = b[from..<lineEnd].lastIndex(of: UInt8(ascii: "=")) {
            var k = eq + 1
            while k < b.count, b[k] == UInt8(ascii: " ") { k += 1 }
            if let (s, e) = number(b, at: k) { return AnswerCandidate(text: text(b, s, e), rule: rule, end: e) }
        }
        var k = from
        while k < b.count, k - from <= 50 {
            if let (s, e, end) = mathSpan(b, at: k) { return AnswerCandidate(text: text(b, s, e), rule: rule, end: end) }
            if isNumberPrefix(b[max(from, k - 1)]) || k == from, let (s, e) = number(b, at: k) {
                return AnswerCandidate(text: text(b, s, e), rule: rule, end: e)
            }
            if b[k] == UInt8(ascii: "\n"), k > from + 1 { break }
            k += 1
        }
        return nil
    }

    /// A number at `i`: optional currency sign and minus, digits with thousands commas and one
    /// decimal point, an optional `/digits`, and an optional `%`. Returns content bounds.
    static func number(_ b: [UInt8], at start: Int) -> (Int, Int)? {
        var i = start
        if i < b.count, b[i] == UInt8(ascii: "$") { i += 1 }
        let s = i
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, isDigit(b[i]) else { return nil }
        func digits() {
            while i < b.count {
                if isDigit(b[i]) { i += 1; continue }
                if (b[i] == UInt8(ascii: ",") || b[i] == UInt8(ascii: ".")), i + 1 < b.count, isDigit(b[i + 1]) { i += 1; continue }
                break
            }
        }
        digits()
        if i + 1 < b.count, b[i] == UInt8(ascii: "/"), isDigit(b[i + 1]) { i += 1; digits() }
        if i < b.count, b[i] == UInt8(ascii: "%") { i += 1 }
        return (s, i)
    }

    /// A math span starting exactly at `i`: `$$...$$`, `$...$`, `\(...\)`, `\[...\]`.
    /// Returns content start, content end, and span end.
    static func mathSpan(_ b: [UInt8], at i: Int) -> (Int, Int, Int)? {
        guard i < b.count else { return nil }
        func find(_ close: [UInt8], from: Int) -> Int? {
            var j = from
            while j + close.count <= b.count {
                if b[j] == UInt8(ascii: "\\"), close[0] != UInt8(ascii: "\\") { j += 2; continue }
                if Array(b[j..<(j + close.count)]) == close { return j }
                j += 1
            }
            return nil
        }
        if b[i] == UInt8(ascii: "$") {
            if i + 1 < b.count, b[i + 1] == UInt8(ascii: "$") {
                guard let e = find(Array("$$".utf8), from: i + 2) else { return nil }
                return (i + 2, e, e + 2)
            }
            guard let e = find([UInt8(ascii: "$")], from: i + 1), e > i + 1 else { return nil }
            return (i + 1, e, e + 1)
        }
        if b[i] == UInt8(ascii: "\\"), i + 1 < b.count {
            if b[i + 1] == UInt8(ascii: "("), let e = find(Array("\\)".utf8), from: i + 2) { return (i + 2, e, e + 2) }
            if b[i + 1] == UInt8(ascii: "["), let e = find(Array("\\]".utf8), from: i + 2) { return (i + 2, e, e + 2) }
        }
        return nil
    }

    /// Every math span in the text, left to right (`$` spans pair up in order).
    private static func mathSpans(_ b: [UInt8]) -> [(Int, Int, Int)] {
        var out: [(Int, Int, Int)] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] != UInt8(ascii: "("), b[i + 1] != UInt8(ascii: "[") { i += 2; continue }
            if let span = mathSpan(b, at: i) { out.append(span); i = span.2; continue }
            i += 1
        }
        return out
    }
}
