import Foundation
import ArgumentParser
import FuseScoring

/// `fusechat check constraints --instruction-ids ID,... --kwargs JSON --response TEXT`.
struct CheckConstraintsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "constraints",
        abstract: "Check a response against IFEval-style verifiable instructions (strict and loose).",
        discussion: """
            Instruction ids and kwargs are IFEval's (e.g. length_constraints:number_words with \
            {"num_words": 100, "relation": "at least"}). --kwargs takes one JSON object per id, as a \
            list in the same order, or a single object when there is one id.
            Known ids: \(InstructionID.allCases.map(\.rawValue).joined(separator: ", ")).
            Example: fusechat check constraints --instruction-ids punctuation:no_comma,change_case:english_lowercase \
            --kwargs '[{}, {}]' --response 'all lowercase and no commas here'
            """
    )
    @Option(help: "Comma-separated IFEval instruction ids.") var instructionIds: String
    @Option(help: "The kwargs as JSON: a list of objects, one per id (or one object for one id).") var kwargs: String = "[]"
    @Option(help: "The user prompt (used by combination:repeat_prompt when its kwarg is absent).") var prompt: String?
    @OptionGroup var input: CheckResponseOptions
    @Flag(help: "Print the verdict as JSON for scripts.") var json = false

    func run() throws {
        let ids = instructionIds.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        let verdict: ConstraintVerdict
        do {
            let args = try ConstraintArguments.decodeList(kwargs)
            let checkers = try ConstraintVerifier.checkers(ids: ids, kwargs: args, prompt: prompt)
            verdict = try ConstraintVerifier.verify(response: try input.text(), instructions: checkers)
        } catch let error as ConstraintError {
            throw ValidationError(error.description)
        }
        if json {
            try printJSON(ConstraintReport(strict: verdict.strict, loose: verdict.loose, instructions: verdict.instructions))
        } else {
            print("strict: \(verdict.strict ? "followed" : "not followed")   loose: \(verdict.loose ? "followed" : "not followed")")
            for v in verdict.instructions {
                print("  \(v.strict ? "✓" : "✗") \(v.loose ? "✓" : "✗")  \(v.id): \(v.detail)")
            }
        }
        if !verdict.strict { throw ExitCode(1) }
    }

    /// The JSON shape of a constraints verdict: prompt-level results plus each instruction's.
    struct ConstraintReport: Encodable {
        let strict: Bool
        let loose: Bool
        let instructions: [InstructionVerdict]
    }
}
