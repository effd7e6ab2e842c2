import ArgumentParser
import Foundation
import FuseScoring

/// `fusechat check code --tests FILE --response TEXT`.
struct CheckCodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Run the code in a response against tests in the sandbox (no network, limits, private tmpfs).",
        discussion: """
            The code is the response's longest ```python block (one defining --entry-point first; an \
            unclosed final block only if none is closed), or the whole response when it has no fences. \
            It must parse (static check), then run with the tests in one sandboxed python3.
            Tests file: Python asserts (any non-.json file; with --entry-point, a HumanEval-style \
            check(candidate)), or JSON: {"code"|"test": ..., "entry_point"?, "prompt"?} (a HumanEval \
            problem as is), {"stdio": [{"input", "output"}]}, or {"inputs": [...], "outputs": [...]}.
            Verdicts: pass, fail (a test did not hold), error (no code, syntax error, exception, crash, \
            memory or output limit), timeout. Exit status: 0 pass, 1 any other verdict, 2 when the \
            sandbox cannot run here (see docs/sandbox.md), 64 on a usage error.
            Example: fusechat check code --tests tests.py --response $'```python\\ndef add(a, b):\\n    return a + b\\n```'
            """
    )
    @Option(help: "The tests file.") var tests: String
    @OptionGroup var input: CheckResponseOptions
    @Option(help: "The function under test, for check(candidate) tests.") var entryPoint: String?
    @Option(help: "Wall-clock limit in seconds (the CPU-time limit is the same, rounded up).") var timeout: Double = 10
    @Option(help: "Interpreter: a name looked up in /usr/local/bin:/usr/bin:/bin, or an absolute path.")
    var interpreter: String = "python3"
    @Flag(help: "Where namespaces are unavailable, run with resource limits only (no network isolation).")
    var allowUnisolated = false
    @Flag(help: "Print the verdict as JSON for scripts.") var json = false

    func run() async throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        let suite: CodeTestSuite
        do { suite = try CodeTestSuite.load(path: tests, entryPoint: entryPoint) } catch {
            throw ValidationError(error.description)
        }
        let limits = SandboxLimits(cpuSeconds: Int(timeout.rounded(.up)), wallSeconds: timeout)
        let sandbox = Sandbox(interpreter: interpreter, limits: limits, isolation: allowUnisolated ? .preferred : .required)
        let response = try input.text()
        let result: CodeCheckResult
        do { result = try await CodeVerifier(sandbox: sandbox).check(response: response, tests: suite) } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        if json {
            try printJSON(result)
        } else {
            print("\(result.verdict.rawValue): \(result.message)")
            if let extraction = result.extraction { print("code: \(extraction.description)") }
            if let parses = result.parses { print("static check: \(parses ? "parses" : "does not parse")") }
            if let run = result.run {
                let cpu = run.cpuSeconds.map { String(format: ", %.2f s CPU", $0) } ?? ""
                print(String(format: "sandbox: %@ in %.2f s%@ (%@)", run.summary, run.wallSeconds, cpu, run.isolation.rawValue))
            }
        }
        if result.verdict != .pass { throw ExitCode(1) }
    }
}
