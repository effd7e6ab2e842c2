/// The code verifier's judgement of one response.
public struct CodeCheckResult: Sendable, Hashable, Codable {
    /// pass: every test passed; fail: a test's assertion or an expected output did not hold;
    /// error: no code, a syntax error (static check), an exception, a crash or a resource limit;
    /// timeout: the CPU-time or wall-clock limit.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case pass, fail, error, timeout
    }

    public var verdict: Verdict
    /// The static check: whether the program parses (nil when there was no code to check).
    public var parses: Bool?
    /// Why, in one line: the failing test and its message, the syntax error, the limit reached.
    public var message: String
    /// The code taken from the response.
    public var extraction: CodeExtraction?
    /// The sandbox run, when there was one.
    public var run: SandboxResult?

    public init(verdict: Verdict, parses: Bool?, message: String, extraction: CodeExtraction? = nil,
                run: SandboxResult? = nil) {
        self.verdict = verdict
        self.parses = parses
        self.message = message
        self.extraction = extraction
        self.run = run
    }
}
