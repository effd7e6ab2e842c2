/// Checks a model response against a gold answer: extracts the final answer, normalises both
/// (LaTeX fractions and roots, `\text{}` and units, percentages, degrees, thousands separators)
/// and compares them as numbers, fractions, expressions, tuples, intervals, sets or equations.
/// Matches Hugging Face `math-verify` on the committed parity fixture (see docs/scoring.md).
public enum MathVerifier {
    /// Verifies `response` against `gold` (a bare answer, a `\boxed{}` one, or a GSM8K `#### N`).
    public static func verify(gold: String, response: String) -> MathVerdict {
        guard let goldNode = parseGold(gold) else {
            return MathVerdict(correct: false, rule: nil, extracted: nil, goldNormalized: gold, responseNormalized: nil,
                               reason: "the gold answer could not be parsed")
        }
        for group in AnswerExtractor.candidates(in: response) {
            for candidate in group {
                guard let node = MathParser.parse(candidate.text) else { continue }
                let (equal, why) = MathComparer.compare(goldNode, node)
                return MathVerdict(correct: equal, rule: candidate.rule, extracted: candidate.text,
                                   goldNormalized: goldNode.rendered, responseNormalized: node.rendered,
                                   reason: "\(candidate.rule.rawValue): \(why)")
            }
        }
        return MathVerdict(correct: false, rule: nil, extracted: nil, goldNormalized: goldNode.rendered,
                           responseNormalized: nil, reason: "no final answer found in the response")
    }

    /// Parses a gold answer: its boxed content or `####` answer if present, else the whole text.
    static func parseGold(_ gold: String) -> MathNode? {
        let groups = AnswerExtractor.candidates(in: gold)
        if let first = groups.first?.first, first.rule == .boxed || first.rule == .gsm8k {
            return MathParser.parse(first.text)
        }
        return MathParser.parse(gold)
    }
}
