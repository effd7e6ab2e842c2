import Testing
@testable import FuseScoring

/// FuseChat's own contract for the math verifier beyond parity: which extraction rule fires, the
/// verdict fields, and overflow-safe rational arithmetic.
@Suite("Math verifier")
struct MathVerifierTests {
    @Test("each extraction rule fires on the response shape it is for", arguments: [
        ("Thus $\\boxed{\\frac{1}{\\sqrt{4}}}$ is it.", ExtractionRule.boxed, "\\frac{1}{\\sqrt{4}}"),
        ("Final Answer: The final answer is $7$. I hope it is correct.", .finalAnswer, "7"),
        ("Answer: 12 apples", .answerColon, "12"),
        ("So the answer is 3 + 4 = 7 in total", .answerPhrase, "7"),
        ("Adding up gives 5 + 2 = 7.\n#### 7", .gsm8k, "7"),
        ("We get $x^2$ and then 9 more", .lastMath, "9"),
    ])
    func rules(response: String, rule: ExtractionRule, extracted: String) {
        let verdict = MathVerifier.verify(gold: extracted, response: response)
        #expect(verdict.rule == rule)
        #expect(verdict.extracted == extracted)
        #expect(verdict.correct)
    }

    @Test("no answer in the response is incorrect and says so")
    func noAnswer() {
        let verdict = MathVerifier.verify(gold: "12", response: "I cannot solve this.")
        #expect(!verdict.correct)
        #expect(verdict.rule == nil)
        #expect(verdict.reason.contains("no final answer"))
    }

    @Test("an unparseable gold answer is reported, not matched")
    func badGold() {
        let verdict = MathVerifier.verify(gold: "\\unknowncommand{3}", response: "\\boxed{3}")
        #expect(!verdict.correct)
        #expect(verdict.reason.contains("gold"))
    }

    @Test("rational arithmetic reports overflow instead of wrapping")
    func rationalOverflow() {
        let big = Rational(Int64.max / 2 + 1)!
        #expect(big.adding(big) == nil)
        #expect(big.multiplied(by: Rational(3)!) == nil)
        #expect(Rational(1, 0) == nil)
        #expect(Rational(6, -4) == Rational(-3, 2))
        #expect(Rational(2, 3)!.power(-2) == Rational(9, 4))
        #expect(Rational(9, 16)!.exactSquareRoot() == Rational(3, 4))
        #expect(Rational(2)!.exactSquareRoot() == nil)
    }

    @Test("deeply nested input is rejected, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000)
        #expect(!MathVerifier.verify(gold: "1", response: "\\boxed{\(deep)}").correct)
        #expect(!MathVerifier.verify(gold: "1", response: "\\boxed{" + String(repeating: "\\sqrt", count: 20_000) + "1}").correct)
        #expect(MathVerifier.verify(gold: "1", response: "\\boxed{((((1))))}").correct)
    }

    @Test("huge integers fall back to floating point and still compare")
    func hugeNumbers() {
        #expect(MathVerifier.verify(gold: "2^{100}", response: "\\boxed{1267650600228229401496703205376}").correct)
        #expect(!MathVerifier.verify(gold: "2^{100}", response: "\\boxed{2^{99}}").correct)
    }
}
