import Foundation
import FuseData
import Testing
@testable import FuseScoring

/// The verifier's verdict kinds and messages on hand-made answers (pass/fail agreement on real
/// problems is CodeVerifierOracleTests).
@Suite("Code verifier verdicts")
struct CodeVerifierTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let response: String
        let tests: CodeTestSuite
        let verdict: CodeCheckResult.Verdict
        let parses: Bool?
        let message: String
        var testDescription: String { name }
    }

    static let asserts = CodeTestSuite.python(code: "assert add(1, 2) == 3\nassert add(-1, 1) == 0, 'negatives'\n")
    static let stdio = CodeTestSuite.stdio([.init(input: "1 2\n", output: "3\n"), .init(input: "-1 1\n", output: "0")])
    static let humanEval = CodeTestSuite.python(
        code: "def check(candidate):\n    assert candidate([1, 2, 3]) == 6\n    assert candidate([]) == 0\n",
        entryPoint: "total", prompt: "from typing import List\n\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n")

    static let cases: [Case] = [
        Case(name: "correct asserts", response: "```python\ndef add(a, b):\n    return a + b\n```",
             tests: asserts, verdict: .pass, parses: true, message: "all tests passed"),
        Case(name: "wrong answer: the failing assert and its message", response: "```python\ndef add(a, b):\n    return a + b if a > 0 else 1\n```",
             tests: asserts, verdict: .fail, parses: true,
             message: "AssertionError: negatives at tests.py line 2: assert add(-1, 1) == 0, 'negatives'"),
        Case(name: "syntax error", response: "```python\ndef add(a, b)\n    return a + b\n```",
             tests: asserts, verdict: .error, parses: false, message: "static check failed: expected ':' (solution.py line 1: def add(a, b))"),
        Case(name: "exception in the answer", response: "```python\ndef add(a, b):\n    return a + c\n```",
             tests: asserts, verdict: .error, parses: true, message: "NameError: name 'c' is not defined at solution.py line 2: return a + c"),
        Case(name: "exit(0) before the tests", response: "import sys\nsys.exit(0)\n",
             tests: asserts, verdict: .error, parses: true, message: "the answer called exit(0) before the tests finished"),
        Case(name: "os._exit(0) before the tests", response: "import os\nos._exit(0)\n",
             tests: asserts, verdict: .error, parses: true, message: "the program ended before the tests finished (ok: exited with status 0)"),
        Case(name: "no python code", response: "```rust\nfn main() {}\n```", tests: asserts, verdict: .error, parses: nil,
             message: "no Python code in the response (empty, or fenced blocks in other languages only)"),
        Case(name: "HumanEval body completion", response: "    return sum(xs)\n", tests: humanEval, verdict: .pass, parses: true,
             message: "all tests passed"),
        Case(name: "HumanEval full function using the prompt's import", response: "```python\ndef total(xs: List[int]) -> int:\n    return sum(xs)\n```",
             tests: humanEval, verdict: .pass, parses: true, message: "all tests passed"),
        Case(name: "HumanEval answer defining another function: the prompt's stub fails", response: "```python\ndef other(xs):\n    return 0\n```",
             tests: humanEval, verdict: .fail, parses: true, message: "AssertionError at tests.py line 2: assert candidate([1, 2, 3]) == 6"),
        Case(name: "check(candidate) without a prompt, answer lacks the entry point", response: "```python\ndef other(xs):\n    return 0\n```",
             tests: .python(code: "def check(candidate):\n    assert candidate([]) == 0\n", entryPoint: "total"), verdict: .error,
             parses: true, message: "the answer does not define total()"),
        Case(name: "stdio correct", response: "a, b = map(int, input().split())\nprint(a + b)\n", tests: stdio, verdict: .pass,
             parses: true, message: "all 2 cases passed"),
        Case(name: "stdio wrong output", response: "a, b = map(int, input().split())\nprint(a * b)\n", tests: stdio, verdict: .fail,
             parses: true, message: "case 1: expected \"3\\n\", got \"2\\n\""),
    ]

    @Test("verdict, static check and message", arguments: cases)
    func verdict(_ item: Case) async throws {
        let verifier = CodeVerifier(sandbox: Sandbox(limits: SandboxLimits(cpuSeconds: 5, wallSeconds: 10)))
        let result = try await verifier.check(response: item.response, tests: item.tests)
        #expect(result.verdict == item.verdict)
        #expect(result.parses == item.parses)
        #expect(result.message == item.message)
    }

    @Test("a prompt record's tests run, and the result becomes a score record")
    func promptRecordTests() async throws {
        let tests = CodeTestSuite(PromptRecord.CodeTests(code: "def check(candidate):\n    assert candidate(2) == 4\n", entryPoint: "double"))
        let verifier = CodeVerifier(sandbox: Sandbox(limits: SandboxLimits(cpuSeconds: 5, wallSeconds: 10)))
        let result = try await verifier.check(response: "```python\ndef double(x):\n    return x + 1\n```", tests: tests)
        let record = result.scoreRecord(sampleId: "p1#local#0")
        #expect(record.verdict == .fail)
        #expect(record.value == 0)
        #expect(record.id == "p1#local#0#code")
        #expect(record.scorerVersion == CodeVerifier.scorerVersion)
        #expect(record.details == "AssertionError at tests.py line 2: assert candidate(2) == 4")
    }

    @Test("an endless answer is a timeout")
    func timeout() async throws {
        let verifier = CodeVerifier(sandbox: Sandbox(limits: SandboxLimits(cpuSeconds: 1, wallSeconds: 20)))
        let result = try await verifier.check(response: "def add(a, b):\n    while True:\n        pass\n", tests: Self.asserts)
        #expect(result.verdict == .timeout)
        #expect(result.parses == true)
        #expect(result.run?.limitHit == .cpuTime)
    }

    @Test("tests files: Python, HumanEval JSON, stdio pairs, APPS inputs/outputs")
    func testsFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("code-tests-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        #expect(try CodeTestSuite.load(path: write("t.py", "assert f() == 1\n")) == .python(code: "assert f() == 1\n"))
        #expect(try CodeTestSuite.load(path: write("h.json", #"{"prompt": "def f():\n", "test": "def check(c): pass", "entry_point": "f", "task_id": "x"}"#))
                == .python(code: "def check(c): pass", entryPoint: "f", prompt: "def f():\n"))
        #expect(try CodeTestSuite.load(path: write("s.json", #"{"stdio": [{"input": "1", "output": "2"}]}"#)) == .stdio([.init(input: "1", output: "2")]))
        #expect(try CodeTestSuite.load(path: write("a.json", #"{"inputs": ["1"], "outputs": ["2"]}"#)) == .stdio([.init(input: "1", output: "2")]))
        #expect(throws: CodeTestsError.self) { try CodeTestSuite.load(path: write("bad.json", #"{"inputs": ["1"], "outputs": []}"#)) }
        #expect(throws: CodeTestsError.unreadable(path: folder.path + "/missing.py")) { try CodeTestSuite.load(path: folder.path + "/missing.py") }
    }
}
