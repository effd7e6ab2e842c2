import Foundation
import FuseData
import FuseSampling

/// AlpacaEval-style open-ended evaluation: the model answers each instruction (sent as is), and a
/// judge model compares the answer with the baseline's (GPT-4-turbo's, shipped with the data)
/// twice, once in each position, to cancel the judge's order bias. Per item: 1 when the judge
/// prefers the model both times, 0 when it prefers the baseline both times, 0.5 otherwise (a
/// split or an unreadable reply). The headline is the mean: the win rate against the baseline.
public struct AlpacaEvalBenchmark: Benchmark {
    /// One instruction with the baseline's answer (`alpaca_eval_gpt4_baseline.json`).
    public struct Example: Codable, Sendable, Hashable {
        public var instruction: String
        public var output: String
        public var generator: String
        public var dataset: String
    }

    public let name = "alpaca-eval"
    public let examples: [Example]
    public let judge: PairwiseJudge

    public init(examples: [Example], judge: PairwiseJudge) {
        self.examples = examples
        self.judge = judge
    }

    /// Loads the 805 instructions from the data store.
    public init(store: EvalDataStore, judge: PairwiseJudge) throws(EvalError) {
        let url = try store.file(.alpacaEval)
        do {
            self.init(examples: try JSONDecoder().decode([Example].self, from: Data(contentsOf: url)), judge: judge)
        } catch { throw .badData(path: url.path, line: 1, detail: "\(error)") }
    }

    public var items: [EvalItem] {
        examples.enumerated().map { EvalItem(id: String($0.offset), messages: [.user($0.element.instruction)]) }
    }

    public func score(itemID: String, response: String) async throws(EvalError) -> ItemVerdict {
        guard let index = Int(itemID), examples.indices.contains(index) else {
            throw .scoringFailed(item: itemID, detail: "no such instruction")
        }
        let example = examples[index]
        do {
            let first = try await judge.choose(instruction: example.instruction, a: response, b: example.output)
            let second = try await judge.choose(instruction: example.instruction, a: example.output, b: response)
            let modelWins = (first.choice == "a" ? 1 : 0) + (second.choice == "b" ? 1 : 0)
            let baselineWins = (first.choice == "b" ? 1 : 0) + (second.choice == "a" ? 1 : 0)
            let score: Double = modelWins == 2 ? 1 : baselineWins == 2 ? 0 : 0.5
            let verdict = score == 1 ? "win" : score == 0 ? "loss" : "tie"
            return ItemVerdict(score: score, verdict: verdict,
                               detail: "model first: \(first.choice ?? "?") (\(first.reply.prefix(40))); baseline first: \(second.choice ?? "?") (\(second.reply.prefix(40)))")
        } catch {
            throw .scoringFailed(item: itemID, detail: "judge: \(error)")
        }
    }

    public func metrics(_ verdicts: [ItemVerdict]) -> [EvalMetric] {
        [EvalMetric(name: "win_rate", value: Self.mean(verdicts)),
         EvalMetric(name: "wins", value: Double(verdicts.filter { $0.score == 1 }.count)),
         EvalMetric(name: "ties", value: Double(verdicts.filter { $0.score == 0.5 }.count)),
         EvalMetric(name: "losses", value: Double(verdicts.filter { $0.score == 0 }.count))]
    }
}
