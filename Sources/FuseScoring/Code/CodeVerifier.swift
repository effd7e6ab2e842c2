import Foundation

/// Checks a model's code answer: extracts the code, checks that it parses, and runs it against the
/// prompt's tests in the sandbox, all in one sandboxed process (`CodeHarness`).
public struct CodeVerifier: Sendable {
    /// Scorer name and version, as recorded in score records.
    public static let scorerName = "code"
    public static let scorerVersion = "code-verifier@1"

    public var sandbox: Sandbox

    public init(sandbox: Sandbox = Sandbox()) {
        self.sandbox = sandbox
    }

    /// Extracts the code from `response` and checks it against `tests`.
    public func check(response: String, tests: CodeTestSuite) async throws(SandboxError) -> CodeCheckResult {
        guard let extraction = CodeExtractor.extract(from: response, entryPoint: tests.entryPoint) else {
            return CodeCheckResult(verdict: .error, parses: nil,
                                   message: "no Python code in the response (empty, or fenced blocks in other languages only)")
        }
        var result = try await check(code: extraction.code, tests: tests)
        result.extraction = extraction
        return result
    }

    /// Checks `code` (already extracted) against `tests`.
    public func check(code: String, tests: CodeTestSuite) async throws(SandboxError) -> CodeCheckResult {
        let nonce = String(UInt64.random(in: .min ... .max), radix: 16) + String(UInt64.random(in: .min ... .max), radix: 16)
        let run = try await sandbox.run(source: CodeHarness.source, stdin: nonce + "\n",
                                        files: Self.files(code: code, tests: tests))
        return Self.judge(run, nonce: nonce)
    }

    /// The harness's input files: the program under test, the tests, and what kind they are.
    static func files(code: String, tests: CodeTestSuite) -> [String: String] {
        let spec: [String: Any]
        var files: [String: String] = [:]
        switch tests {
        case .python(let testCode, let entryPoint, let prompt):
            files["solution.py"] = program(code: code, entryPoint: entryPoint, prompt: prompt)
            files["tests.py"] = testCode
            spec = ["kind": "python", "entry_point": entryPoint ?? NSNull()]
        case .stdio(let cases):
            files["solution.py"] = code
            spec = ["kind": "stdio", "cases": cases.map { ["input": $0.input, "output": $0.output] }]
        }
        let data = (try? JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys])) ?? Data("{}".utf8)
        files["spec.json"] = String(decoding: data, as: UTF8.self)
        return files
    }

    /// The program to test: the answer, after the HumanEval prompt when the answer is only the
    /// function's body, or after the prompt's imports when it defines the function itself.
    static func program(code: String, entryPoint: String?, prompt: String?) -> String {
        guard let prompt, let entryPoint else { return code }
        let definesEntry = code.range(of: "def \(entryPoint)(") != nil
        if !definesEntry { return prompt + code }
        let imports = prompt.split(separator: "\n", omittingEmptySubsequences: false).filter {
            $0.hasPrefix("import ") || $0.hasPrefix("from ")
        }
        return imports.isEmpty ? code : imports.joined(separator: "\n") + "\n" + code
    }

    /// Reads the harness's verdict line, or explains why there is none.
    static func judge(_ run: SandboxResult, nonce: String) -> CodeCheckResult {
        let marker = nonce + " "
        let line = run.stdout.split(separator: "\n").last { $0.hasPrefix(marker) && !$0.hasPrefix(marker + "parsed ") }
        if let line {
            let fields = line.dropFirst(marker.count).split(separator: " ", maxSplits: 1)
            let status = fields.first.map(String.init) ?? ""
            let detailJSON = fields.count > 1 ? Data(fields[1].utf8) : Data()
            let detail = (try? JSONSerialization.jsonObject(with: detailJSON, options: [.fragmentsAllowed])) as? String ?? ""
            switch status {
            case "pass": return CodeCheckResult(verdict: .pass, parses: true, message: detail, run: run)
            case "fail": return CodeCheckResult(verdict: .fail, parses: true, message: detail, run: run)
            case "syntax": return CodeCheckResult(verdict: .error, parses: false, message: "static check failed: " + detail, run: run)
            case "tests": return CodeCheckResult(verdict: .error, parses: true, message: "bad tests: " + detail, run: run)
            default: return CodeCheckResult(verdict: .error, parses: true, message: detail, run: run)
            }
        }
        let parses = run.stdout.contains("\n" + marker + "parsed ") ? true : nil
        let tail = run.stderr.split(separator: "\n").last.map { ": " + String($0).prefix(300) } ?? ""
        switch run.verdict {
        case .timeout:
            return CodeCheckResult(verdict: .timeout, parses: parses, message: run.summary, run: run)
        case .memoryLimit, .outputLimit, .killed:
            return CodeCheckResult(verdict: .error, parses: parses, message: run.summary + tail, run: run)
        case .ok, .error:
            return CodeCheckResult(verdict: .error, parses: parses,
                                   message: "the program ended before the tests finished (\(run.summary))" + tail, run: run)
        }
    }
}

extension CodeTestSuite {
    /// The function under test, for `check(candidate)` suites.
    public var entryPoint: String? {
        if case .python(_, let entryPoint, _) = self { return entryPoint }
        return nil
    }
}
