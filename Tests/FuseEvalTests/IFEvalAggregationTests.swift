import Foundation
import Testing
@testable import FuseEval

/// The IFEval benchmark's scoring and aggregation against IFEval's reference `evaluation.py`
/// (`test_instruction_following_strict/loose` + `print_report`) on 76 synthetic prompts
/// (fixture by scripts/fixtures/ifeval_aggregation.py).
@Suite("IFEval benchmark aggregation vs the reference evaluation")
struct IFEvalAggregationTests {
    struct Mode: Decodable {
        var follow: [[Bool]]
        var prompt_level: Double
        var instruction_level: Double
    }
    struct Fixture: Decodable {
        var responses: [String]
        var strict: Mode
        var loose: Mode
    }

    @Test("per-instruction verdicts and the four accuracies equal the reference's")
    func aggregation() async throws {
        let url = try #require(Bundle.module.url(forResource: "ifeval_aggregation", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        // The loader reads the fixture's rows as IFEval's input_data.jsonl.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let rows = try #require(object["rows"] as? [Any])
        let jsonl = try rows.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ifeval-\(UUID().uuidString).jsonl")
        try jsonl.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let bench = try IFEvalBenchmark(url: file)
        #expect(bench.items.count == fixture.responses.count)
        var verdicts: [ItemVerdict] = []
        for (k, item) in bench.items.enumerated() {
            let verdict = try await bench.score(itemID: item.id, response: fixture.responses[k])
            let instructions = try #require(verdict.instructions)
            #expect(instructions.map(\.strict) == fixture.strict.follow[k], "strict, prompt \(item.id)")
            #expect(instructions.map(\.loose) == fixture.loose.follow[k], "loose, prompt \(item.id)")
            #expect(verdict.score == (fixture.strict.follow[k].allSatisfy { $0 } ? 1 : 0))
            verdicts.append(verdict)
        }
        let metrics = Dictionary(uniqueKeysWithValues: bench.metrics(verdicts).map { ($0.name, $0.value) })
        #expect(metrics["prompt_strict"] == fixture.strict.prompt_level)
        #expect(metrics["instruction_strict"] == fixture.strict.instruction_level)
        #expect(metrics["prompt_loose"] == fixture.loose.prompt_level)
        #expect(metrics["instruction_loose"] == fixture.loose.instruction_level)
        #expect(fixture.strict.prompt_level != fixture.loose.prompt_level, "the fixture separates strict from loose")
    }
}
