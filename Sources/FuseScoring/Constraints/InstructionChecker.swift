import Foundation

/// One IFEval instruction with its kwargs, checked against a response exactly as IFEval's
/// `check_following` does (see docs/scoring.md for the documented differences).
public struct InstructionChecker: Sendable {
    public let id: InstructionID
    public let arguments: ConstraintArguments
    /// The user prompt, needed by `combination:repeat_prompt` when its kwarg is absent.
    public let prompt: String?

    /// IFEval's fixed options for `detectable_format:constrained_response`.
    public static let constrainedResponses = ["My answer is yes.", "My answer is no.", "My answer is maybe."]

    /// Validates the kwargs this instruction needs.
    public init(id: InstructionID, arguments: ConstraintArguments, prompt: String? = nil) throws(ConstraintError) {
        self.id = id
        self.arguments = arguments
        self.prompt = prompt
        _ = try check("x")
    }

    /// Whether `response` follows the instruction, and what was measured.
    public func check(_ response: String) throws(ConstraintError) -> (followed: Bool, detail: String) {
        let a = arguments
        func compare(_ actual: Int, _ threshold: Int, lessThan: Bool, _ what: String) -> (Bool, String) {
            (lessThan ? actual < threshold : actual >= threshold,
             "\(actual) \(what), needed \(lessThan ? "fewer than" : "at least") \(threshold)")
        }
        switch id {
        case .keywordsExistence:
            let missing = try a.strings("keywords", id).filter { PatternScans.countOccurrences(of: $0, in: response) == 0 }
            return (missing.isEmpty, missing.isEmpty ? "all keywords present" : "missing: \(missing.joined(separator: ", "))")
        case .keywordsFrequency:
            let keyword = PatternScans.strip(try a.string("keyword", id))
            return compare(PatternScans.countOccurrences(of: keyword, in: response), try a.int("frequency", id),
                           lessThan: try a.relation("relation", id), "occurrences of '\(keyword)'")
        case .keywordsForbiddenWords:
            let found = try a.strings("forbidden_words", id).filter { PatternScans.containsWord($0, in: response) }
            return (found.isEmpty, found.isEmpty ? "no forbidden word" : "forbidden: \(found.joined(separator: ", "))")
        case .keywordsLetterFrequency:
            let letter = PatternScans.strip(try a.string("letter", id)).lowercased()
            let target = letter.unicodeScalars.count == 1 ? letter.unicodeScalars.first : nil
            let count = target.map { t in response.lowercased().unicodeScalars.reduce(0) { $0 + ($1 == t ? 1 : 0) } } ?? 0
            return compare(count, try a.int("let_frequency", id), lessThan: try a.relation("let_relation", id), "'\(letter)'s")
        case .responseLanguage:
            let wanted = try a.string("language", id)
            guard let found = LanguageDetector.detect(response) else { return (true, "no letters to identify (followed, as in IFEval)") }
            return (found == wanted, "detected \(found), wanted \(wanted)")
        case .numberSentences:
            return compare(TextSplitting.sentences(response).count, try a.int("num_sentences", id),
                           lessThan: try a.relation("relation", id), "sentences")
        case .numberParagraphs:
            let pieces = PatternScans.splitOnTripleStars(response)
            var n = pieces.count
            for (k, p) in pieces.enumerated() where PatternScans.strip(p).isEmpty {
                if k == 0 || k == pieces.count - 1 { n -= 1 } else { return (false, "empty paragraph \(k + 1) between *** markers") }
            }
            let wanted = try a.int("num_paragraphs", id)
            return (n == wanted, "\(n) paragraphs, needed \(wanted)")
        case .numberWords:
            return compare(TextSplitting.words(response).count, try a.int("num_words", id),
                           lessThan: try a.relation("relation", id), "words")
        case .nthParagraphFirstWord:
            return try nthParagraphFirstWord(response)
        case .numberPlaceholders:
            return compare(PatternScans.countPlaceholders(response), try a.int("num_placeholders", id), lessThan: false, "placeholders")
        case .postscript:
            let marker = try a.string("postscript_marker", id)
            return (hasPostscript(response.lowercased(), marker: marker), "postscript marker \(marker)")
        case .numberBulletLists:
            let n = PatternScans.countBullets(response), wanted = try a.int("num_bullets", id)
            return (n == wanted, "\(n) bullets, needed exactly \(wanted)")
        case .constrainedResponse:
            let value = PatternScans.strip(response)
            let ok = InstructionChecker.constrainedResponses.contains { value.contains($0) }
            return (ok, ok ? "contains an allowed answer" : "none of: \(InstructionChecker.constrainedResponses.joined(separator: " / "))")
        case .numberHighlightedSections:
            return compare(PatternScans.countHighlights(response), try a.int("num_highlights", id), lessThan: false, "highlighted sections")
        case .multipleSections:
            let splitter = PatternScans.strip(try a.string("section_spliter", id))
            return compare(PatternScans.countSections(response, splitter: splitter), try a.int("num_sections", id),
                           lessThan: false, "'\(splitter) N' sections")
        case .jsonFormat:
            return isJSON(response) ? (true, "valid JSON") : (false, "not valid JSON")
        case .title:
            let ok = PatternScans.hasTitle(response)
            return (ok, ok ? "has a <<title>>" : "no <<title>>")
        case .twoResponses:
            var valid: [Substring] = []
            let parts = response.components(separatedBy: "******")
            for (k, p) in parts.enumerated() {
                if PatternScans.strip(Substring(p)).isEmpty {
                    if k != 0 && k != parts.count - 1 { return (false, "an empty response between ****** separators") }
                } else { valid.append(Substring(p)) }
            }
            let ok = valid.count == 2 && PatternScans.strip(valid[0]) != PatternScans.strip(valid[1])
            return (ok, "\(valid.count) responses\(valid.count == 2 && !ok ? ", identical" : "")")
        case .repeatPrompt:
            let p: String
            if case .string(let s)? = a.values["prompt_to_repeat"] { p = s }
            else if let prompt { p = prompt } else { throw .missingArgument(instruction: id.rawValue, name: "prompt_to_repeat") }
            let ok = PatternScans.strip(response).lowercased().hasPrefix(PatternScans.strip(p).lowercased())
            return (ok, ok ? "starts with the prompt" : "does not start with the prompt")
        case .endChecker:
            let phrase = PatternScans.strip(try a.string("end_phrase", id)).lowercased()
            var v = Substring(PatternScans.strip(response))
            while v.first == "\"" { v = v.dropFirst() }
            while v.last == "\"" { v = v.dropLast() }
            let ok = v.lowercased().hasSuffix(phrase)
            return (ok, ok ? "ends with '\(phrase)'" : "does not end with '\(phrase)'")
        case .quotation:
            let v = Array(PatternScans.strip(response).unicodeScalars)
            let ok = v.count > 1 && v.first == "\"" && v.last == "\""
            return (ok, ok ? "wrapped in double quotes" : "not wrapped in double quotes")
        case .capitalWordFrequency:
            let n = TextSplitting.treebankTokens(response).filter { PatternScans.isCased($0, upper: true) }.count
            return compare(n, try a.int("capital_frequency", id), lessThan: try a.relation("capital_relation", id), "all-capital words")
        case .englishCapital, .englishLowercase:
            let upper = id == .englishCapital
            guard PatternScans.isCased(response, upper: upper) else { return (false, upper ? "not all uppercase" : "not all lowercase") }
            guard let language = LanguageDetector.detect(response) else { return (true, "no letters to identify") }
            return (language == "en", "all \(upper ? "uppercase" : "lowercase"), language \(language)")
        case .noComma:
            let ok = !response.contains(",")
            return (ok, ok ? "no comma" : "has a comma")
        }
    }

    private func nthParagraphFirstWord(_ response: String) throws(ConstraintError) -> (Bool, String) {
        let paragraphs = response.components(separatedBy: "\n\n")
        let n = paragraphs.filter { !PatternScans.strip(Substring($0)).isEmpty }.count
        let nth = try arguments.int("nth_paragraph", id), wanted = try arguments.int("num_paragraphs", id)
        let firstWordWanted = try arguments.string("first_word", id).lowercased()
        guard nth >= 1, nth <= n else { return (false, "\(n) paragraphs, no paragraph \(nth)") }
        let paragraph = PatternScans.strip(Substring(paragraphs[nth - 1]))
        guard let token = paragraph.split(whereSeparator: { $0.isWhitespace }).first else { return (false, "paragraph \(nth) is empty") }
        var word = Substring(PatternScans.strip(token))
        while word.first == "'" { word = word.dropFirst() }
        while word.first == "\"" { word = word.dropFirst() }
        var first = ""
        for ch in word { if ".,?!'\"".contains(ch) { break }; first += ch.lowercased() }
        let ok = n == wanted && first == firstWordWanted
        return (ok, "\(n) paragraphs (needed \(wanted)), paragraph \(nth) starts with '\(first)' (needed '\(firstWordWanted)')")
    }

    /// IFEval: `\s*p\.\s?p\.\s?s.*$` for "P.P.S", `\s*p\.\s?s\..*$` for "P.S.", else the marker itself.
    private func hasPostscript(_ lower: String, marker: String) -> Bool {
        let c = Array(lower.unicodeScalars)
        let pattern: [Unicode.Scalar]
        switch marker {
        case "P.P.S": pattern = ["p", ".", " ", "p", ".", " ", "s"]
        case "P.S.": pattern = ["p", ".", " ", "s", "."]
        default: return lower.contains(marker.lowercased())
        }
        // " " in the pattern stands for an optional single whitespace character.
        func match(_ i: Int, _ k: Int) -> Bool {
            if k == pattern.count { return true }
            if pattern[k] == " " {
                if i < c.count, TextSplitting.isSpace(c[i]), match(i + 1, k + 1) { return true }
                return match(i, k + 1)
            }
            return i < c.count && c[i] == pattern[k] && match(i + 1, k + 1)
        }
        return (0..<c.count).contains { match($0, 0) }
    }

    /// IFEval's JSON check: strip, drop a leading ```json / ``` fence and a trailing ```, parse.
    private func isJSON(_ response: String) -> Bool {
        var v = Substring(PatternScans.strip(response))
        for fence in ["```json", "```Json", "```JSON", "```"] where v.hasPrefix(fence) { v = v.dropFirst(fence.count) }
        if v.hasSuffix("```") { v = v.dropLast(3) }
        let text = PatternScans.strip(v)
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil
    }
}
