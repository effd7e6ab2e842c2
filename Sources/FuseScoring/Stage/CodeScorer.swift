import FuseData

/// Code answers run against the prompt's tests in the sandbox; verdict pass / fail / error /
/// timeout, with the failing test or the static-check error as details.
public struct CodeScorer: SampleScorer {
    public let name = CodeVerifier.scorerName
    public let version = CodeVerifier.scorerVersion
    public var verifier: CodeVerifier

    public init(verifier: CodeVerifier = CodeVerifier()) { self.verifier = verifier }

    public func applies(to prompt: PromptRecord) -> Bool { prompt.domain == .code && prompt.tests != nil }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        guard let tests = prompt.tests else {
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error, details: "no tests")
        }
        do {
            return try await verifier.check(response: sample.text, tests: CodeTestSuite(tests)).scoreRecord(sampleId: sample.id)
        } catch {
            return .unavailable(sampleId: sample.id, scorer: name, scorerVersion: version,
                                details: "sandbox unavailable: \(error)")
        }
    }
}
