import FuseData

/// Code answers run against the prompt's tests in the sandbox; verdict pass / fail / error /
/// timeout, with the failing test or the static-check error as details.
public struct CodeScorer: SampleScorer {
    public let name = "code"
    public let version = "sandbox-python@1"
    public var verifier: CodeVerifier

    public init(verifier: CodeVerifier = CodeVerifier()) { self.verifier = verifier }

    public func applies(to prompt: PromptRecord) -> Bool { prompt.domain == .code && prompt.tests != nil }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        guard let tests = prompt.tests else {
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error, details: "no tests")
        }
        do {
            let result = try await verifier.check(response: sample.text,
                                                  tests: .python(code: tests.code, entryPoint: tests.entryPoint))
            let verdict: ScoreRecord.Verdict
            switch result.verdict {
            case .pass: verdict = .pass
            case .fail: verdict = .fail
            case .error: verdict = .error
            case .timeout: verdict = .timeout
            }
            let parses = result.parses.map { $0 ? "parses" : "does not parse" } ?? "no code"
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version,
                               value: result.verdict == .pass ? 1 : 0, verdict: verdict,
                               details: "\(parses); \(result.message)")
        } catch {
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error,
                               details: "sandbox unavailable: \(error)")
        }
    }
}
