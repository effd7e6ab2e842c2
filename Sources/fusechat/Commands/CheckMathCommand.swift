import ArgumentParser
import FuseScoring

/// `fusechat check math --gold ANSWER --response TEXT`.
struct CheckMathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "math",
        abstract: "Check a response's final answer against a gold answer (math-verify compatible).",
        discussion: """
            The final answer is the last \\boxed{} (or "final answer is ...", "answer: ...", GSM8K's \
            "#### N", else the last math span or number). Both sides are normalised (LaTeX fractions, \
            roots, \\text{} and units, percentages, degrees, thousands separators) and compared as \
            numbers, fractions, expressions, tuples, intervals, sets or equations.
            Example: fusechat check math --gold '\\frac{1}{2}' --response 'So the answer is $\\boxed{0.5}$.'
            """
    )
    @Option(help: "The gold answer, e.g. '42', '\\frac{1}{2}', '(1, 2]' or '#### 18'.") var gold: String
    @OptionGroup var input: CheckResponseOptions
    @Flag(help: "Print the verdict as JSON for scripts.") var json = false

    func run() throws {
        let verdict = MathVerifier.verify(gold: gold, response: try input.text())
        if json {
            try printJSON(verdict)
        } else {
            print(verdict.correct ? "correct" : "incorrect")
            print("  gold:      \(verdict.goldNormalized)")
            print("  extracted: \(verdict.extracted ?? "(none)")\(verdict.rule.map { "  [rule: \($0.rawValue)]" } ?? "")")
            if let normalized = verdict.responseNormalized { print("  parsed:    \(normalized)") }
            print("  why:       \(verdict.reason)")
        }
        if !verdict.correct { throw ExitCode(1) }
    }
}
