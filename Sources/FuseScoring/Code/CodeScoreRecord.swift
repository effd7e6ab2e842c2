import FuseData

extension CodeTestSuite {
    /// The tests a prompt record carries (asserts, or `check(candidate)` with its entry point).
    public init(_ tests: PromptRecord.CodeTests) {
        self = .python(code: tests.code, entryPoint: tests.entryPoint)
    }
}

extension CodeCheckResult {
    /// This judgement as the score record of a sample: value 1 when it passes, else 0; the verdict;
    /// the message as details.
    public func scoreRecord(sampleId: String) -> ScoreRecord {
        let mapped: ScoreRecord.Verdict = switch verdict {
        case .pass: .pass
        case .fail: .fail
        case .error: .error
        case .timeout: .timeout
        }
        return ScoreRecord(sampleId: sampleId, scorer: CodeVerifier.scorerName, scorerVersion: CodeVerifier.scorerVersion,
                           value: verdict == .pass ? 1 : 0, verdict: mapped, details: message)
    }
}
