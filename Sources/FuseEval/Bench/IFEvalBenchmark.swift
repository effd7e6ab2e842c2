import Foundation
import FuseData
import FuseScoring

/// IFEval: 541 prompts with verifiable instructions, the prompt sent as is; scored by the
/// constraint checkers, reported as IFEval's `evaluation_main` does: prompt-level and
/// instruction-level accuracy, strict and loose.
public struct IFEvalBenchmark: Benchmark {
    /// One prompt as `input_data.jsonl` stores it.
    public struct Prompt: Sendable, Equatable {
        public var key: Int
        public var prompt: String
        public var instructionIDs: [String]
        public var kwargs: [ConstraintArguments]
    }

    public let name = "ifeval"
    public let prompts: [Prompt]
    private let byID: [String: Prompt]

    public init(prompts: [Prompt]) {
        self.prompts = prompts
        byID = Dictionary(prompts.map { (String($0.key), $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Loads `ifeval/input_data.jsonl` from the data store.
    public init(store: EvalDataStore) throws(EvalError) {
        try self.init(url: try store.file(.ifeval))
    }

    /// Reads IFEval-shaped JSON Lines (`key`, `prompt`, `instruction_id_list`, `kwargs`).
    public init(url: URL) throws(EvalError) {
        let data: String
        do { data = try String(contentsOf: url, encoding: .utf8) } catch { throw .io(path: url.path, detail: "\(error)") }
        var prompts: [Prompt] = []
        for (index, line) in data.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                prompts.append(try Self.parse(String(line)))
            } catch { throw .badData(path: url.path, line: index + 1, detail: "\(error)") }
        }
        self.init(prompts: prompts)
    }

    static func parse(_ line: String) throws -> Prompt {
        struct Row: Decodable {
            var key: Int
            var prompt: String
            var instruction_id_list: [String]
        }
        let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let kwargs = object["kwargs"] else { throw EvalError.badData(path: "", line: 0, detail: "no kwargs") }
        let kwargsJSON = try JSONSerialization.data(withJSONObject: kwargs)
        let arguments = try ConstraintArguments.decodeList(String(decoding: kwargsJSON, as: UTF8.self))
        return Prompt(key: row.key, prompt: row.prompt, instructionIDs: row.instruction_id_list, kwargs: arguments)
    }

    public var items: [EvalItem] {
        prompts.map { EvalItem(id: String($0.key), messages: [.user($0.prompt)]) }
    }

    public func score(itemID: String, response: String) async throws(EvalError) -> ItemVerdict {
        guard let p = byID[itemID] else { throw .scoringFailed(item: itemID, detail: "no such prompt") }
        let verdict: ConstraintVerdict
        do {
            let checkers = try ConstraintVerifier.checkers(ids: p.instructionIDs, kwargs: p.kwargs, prompt: p.prompt)
            verdict = try ConstraintVerifier.verify(response: response, instructions: checkers)
        } catch { throw .scoringFailed(item: itemID, detail: "\(error)") }
        let failed = verdict.instructions.filter { !$0.strict }.map(\.id)
        return ItemVerdict(score: verdict.strict ? 1 : 0, verdict: verdict.strict ? "pass" : "fail",
                           detail: failed.isEmpty ? "all \(p.instructionIDs.count) followed" : "strict fails: \(failed.joined(separator: ", "))",
                           instructions: verdict.instructions)
    }

    public func metrics(_ verdicts: [ItemVerdict]) -> [EvalMetric] {
        IFEvalAccuracy(verdicts.map { $0.instructions ?? [] }).metrics
    }
}

/// IFEval's four numbers, as `evaluation_main.print_report` computes them: prompt-level accuracy is
/// the share of prompts whose every instruction is followed; instruction-level accuracy is the share
/// of all instructions followed, pooled over prompts.
public struct IFEvalAccuracy: Sendable, Equatable {
    public var promptStrict: Double
    public var promptLoose: Double
    public var instructionStrict: Double
    public var instructionLoose: Double

    public init(_ prompts: [[InstructionVerdict]]) {
        func ratio(_ n: Int, _ d: Int) -> Double { d == 0 ? 0 : Double(n) / Double(d) }
        let all = prompts.flatMap { $0 }
        promptStrict = ratio(prompts.filter { $0.allSatisfy(\.strict) }.count, prompts.count)
        promptLoose = ratio(prompts.filter { $0.allSatisfy(\.loose) }.count, prompts.count)
        instructionStrict = ratio(all.filter(\.strict).count, all.count)
        instructionLoose = ratio(all.filter(\.loose).count, all.count)
    }

    /// Prompt-level strict first (the headline number).
    public var metrics: [EvalMetric] {
        [EvalMetric(name: "prompt_strict", value: promptStrict), EvalMetric(name: "prompt_loose", value: promptLoose),
         EvalMetric(name: "instruction_strict", value: instructionStrict),
         EvalMetric(name: "instruction_loose", value: instructionLoose)]
    }
}
