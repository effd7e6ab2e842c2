import Foundation
import FuseData
import Testing
@testable import FuseEval

/// Position-swapped pairwise judging with fake judges whose preferences are known.
@Suite("Pairwise win rate")
struct PairwiseTests {
    static let examples = [
        AlpacaEvalBenchmark.Example(instruction: "Name a fruit.", output: "Apple.", generator: "baseline", dataset: "t"),
        AlpacaEvalBenchmark.Example(instruction: "Name a color.", output: "Red, the color of apples and of fire trucks.", generator: "baseline", dataset: "t"),
    ]

    /// The output text in the judge prompt at a position.
    static func output(_ label: String, in prompt: String) -> String {
        let start = prompt.range(of: "## Output (\(label)):\n", options: .backwards)!.upperBound
        let end = prompt.range(of: "\n\n## ", range: start..<prompt.endIndex)!.lowerBound
        return String(prompt[start..<end])
    }

    @Test("a judge preferring the longer output: model wins where longer, loses where shorter")
    func contentJudge() async throws {
        let judge = FakeBackend { messages in
            let prompt = messages.last!.content
            return Self.output("a", in: prompt).count >= Self.output("b", in: prompt).count ? "Output (a)" : "Output (b)"
        }
        let bench = AlpacaEvalBenchmark(examples: Self.examples, judge: PairwiseJudge(judge: judge))
        let win = try await bench.score(itemID: "0", response: "A banana, a long yellow fruit.")
        let loss = try await bench.score(itemID: "1", response: "Blue.")
        #expect(win.verdict == "win" && win.score == 1)
        #expect(loss.verdict == "loss" && loss.score == 0)
        #expect(judge.callCount == 4)
        #expect(bench.metrics([win, loss]).first == EvalMetric(name: "win_rate", value: 0.5))
    }

    @Test("a judge that always names the first position gives ties: swapping cancels order bias")
    func positionBias() async throws {
        let judge = FakeBackend { _ in "Output (a)" }
        let bench = AlpacaEvalBenchmark(examples: Self.examples, judge: PairwiseJudge(judge: judge))
        let verdict = try await bench.score(itemID: "0", response: "Pear.")
        #expect(verdict.verdict == "tie" && verdict.score == 0.5)
    }

    @Test("judge replies are read as a, b or no preference", arguments: [
        ("Output (a)", "a"), ("output (b).", "b"), ("b", "b"), (" A\n", "a"), ("Output (a) or Output (b)", nil), ("I cannot decide", nil),
    ] as [(String, String?)])
    func parse(reply: String, expected: String?) {
        #expect(PairwiseJudge.parse(reply) == expected)
    }
}
