import Foundation
import FuseData

/// IFEval-style verifiable instructions: the value is the fraction of the prompt's instructions
/// the response follows (strict evaluation); the verdict is `pass` when it follows all of them.
public struct ConstraintScorer: SampleScorer {
    public let name = "constraints"
    public let version = "ifeval-checkers@1"

    public init() {}

    public func applies(to prompt: PromptRecord) -> Bool { !(prompt.instructionIds ?? []).isEmpty }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        let ids = prompt.instructionIds ?? []
        do {
            let kwargsJSON = String(decoding: try JSONEncoder().encode(prompt.instructionKwargs ?? ids.map { _ in .object([:]) }),
                                    as: UTF8.self)
            let arguments = try ConstraintArguments.decodeList(kwargsJSON)
            let checkers = try ConstraintVerifier.checkers(ids: ids, kwargs: arguments, prompt: prompt.lastUserText)
            let verdict = try ConstraintVerifier.verify(response: sample.text, instructions: checkers)
            let followed = verdict.instructions.filter(\.strict).count
            let details = verdict.instructions.map { "\($0.id): \($0.strict ? "ok" : "failed") (\($0.detail))" }
                .joined(separator: "; ")
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version,
                               value: Double(followed) / Double(max(ids.count, 1)),
                               verdict: verdict.strict ? .pass : .fail, details: details)
        } catch {
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error,
                               details: "invalid instructions for prompt \(prompt.id): \(error)")
        }
    }
}
