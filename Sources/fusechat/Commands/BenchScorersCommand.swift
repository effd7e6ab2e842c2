import ArgumentParser
import Foundation
import FuseData
import FuseSampling
import FuseScoring

/// `fusechat bench scorers`: items per second of each domain's scorer, through the same
/// `SampleScorer` calls the score stage makes.
struct BenchScorersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorers",
        abstract: "Scorer throughput per domain: math, constraints, code (sandbox), reward client (local server).",
        discussion: """
            math: the committed math-verify parity pairs (--math-fixture). constraints: four IFEval \
            instructions on generated responses. code: small Python functions with asserts run in the \
            sandbox (CPU includes the sandboxed children). reward: the vLLM /classify client, text \
            form, against an in-process server that answers at once (CPU includes the server).
            """)

    @Option(help: "math-verify pairs fixture (JSON with a 'pairs' list of {gold, response}).")
    var mathFixture = "Tests/FuseScoringTests/Fixtures/math_verify_pairs.json"
    @Option(help: "Constraint items.") var constraintItems = 2000
    @Option(help: "Code items.") var codeItems = 24
    @Option(help: "Code items in flight at once.") var codeConcurrency = 2
    @Option(help: "Reward items.") var rewardItems = 20000
    @Option(help: "Reward batch size and requests in flight.") var rewardBatch = 32
    @Option var rewardConcurrency = 4

    func run() async throws {
        print("| domain | items | items/s | CPU ms/item | notes |")
        print("|---|---|---|---|---|")
        let math = try mathWork()
        row("math", math.count, try await measure(math, concurrency: 1), "math-verify parity pairs, one at a time")
        let constraints = constraintWork()
        row("constraints", constraints.count, try await measure(constraints, concurrency: 1),
            "4 IFEval instructions each (strict + 8 loose variants), one at a time")
        let code = codeWork()
        row("code", code.count, try await measure(code, concurrency: codeConcurrency, children: true),
            "python3 sandbox, \(codeConcurrency) at once; CPU includes the sandboxed children")
        let (url, task) = try await BenchInstantServer.start()
        defer { task.cancel() }
        let client = makeRewardClient(api: .vllmClassify, endpoint: RewardEndpoint(server: url, path: "/classify", timeout: 30), model: nil)
        let batcher = RewardBatcher(client: client, batchSize: rewardBatch, concurrency: rewardConcurrency)
        let scorer = RewardScorer(batcher: batcher, model: nil, render: { $0.map { "<|\($0.role)|>\($0.content)" }.joined(separator: "\n") })
        let reward = rewardWork(scorer: scorer)
        let measured = try await measure(reward, concurrency: rewardBatch * rewardConcurrency)
        row("reward", reward.count, measured, String(format: "vllm-classify client, batch %d, %d requests in flight: %.0f requests/s; CPU includes the in-process server",
                                                     rewardBatch, rewardConcurrency, Double(reward.count) / Double(rewardBatch) / measured.wall))
    }

    typealias Work = [(scorer: any SampleScorer, sample: SampleRecord, prompt: PromptRecord)]

    func row(_ domain: String, _ items: Int, _ measured: (wall: Double, cpu: Double), _ note: String) {
        print(String(format: "| %@ | %d | %.0f | %.3f | %@ |", domain, items, Double(items) / measured.wall,
                     measured.cpu * 1000 / Double(items), note))
    }

    /// Scores `work` with `concurrency` items in flight (as the score stage does); wall and CPU seconds.
    func measure(_ work: Work, concurrency: Int, children: Bool = false) async throws -> (wall: Double, cpu: Double) {
        func cpu() -> Double { cpuSeconds() + (children ? cpuSeconds(children: true) : 0) }
        let cpu0 = cpu(), wall0 = wallSeconds()
        let records = await withTaskGroup(of: ScoreRecord.self) { group in
            var next = 0, done: [ScoreRecord] = []
            func launch() {
                let item = work[next]
                next += 1
                group.addTask { await item.scorer.score(item.sample, for: item.prompt) }
            }
            while next < min(concurrency, work.count) { launch() }
            for await record in group {
                done.append(record)
                if next < work.count { launch() }
            }
            return done
        }
        let measured = (wall: wallSeconds() - wall0, cpu: cpu() - cpu0)
        let errors = records.filter { $0.verdict == .error }
        if let first = errors.first { throw CommandError(description: "\(errors.count) scoring errors, e.g. \(first.details ?? "")") }
        return measured
    }

    func sample(_ prompt: PromptRecord, _ text: String) -> SampleRecord {
        SampleRecord(promptId: prompt.id, source: "bench", sampleIndex: 0, text: text, tokenCount: nil, finishReason: "stop",
                     settings: SamplingSettings(), seed: nil, backend: "bench", latencyMs: nil)
    }

    func mathWork() throws -> Work {
        struct Fixture: Decodable { struct Pair: Decodable { let gold: String; let response: String }; let pairs: [Pair] }
        guard let data = FileManager.default.contents(atPath: mathFixture) else {
            throw CommandError(description: "\(mathFixture): cannot read (run from the repository root or pass --math-fixture)")
        }
        let pairs = try JSONDecoder().decode(Fixture.self, from: data).pairs
        return pairs.enumerated().map { i, pair in
            let prompt = PromptRecord(id: "m\(i)", domain: .math, messages: [.user("Solve.")], reference: pair.gold)
            return (MathScorer(), sample(prompt, pair.response), prompt)
        }
    }

    func constraintWork() -> Work {
        let ids = ["punctuation:no_comma", "length_constraints:number_words", "change_case:english_lowercase",
                   "detectable_format:number_bullet_lists"]
        let kwargs: [AnyJSON] = [.object([:]), .object(["num_words": .number(40), "relation": .string("at least")]),
                                 .object([:]), .object(["num_bullets": .number(3)])]
        return (0..<constraintItems).map { i in
            let prompt = PromptRecord(id: "c\(i)", domain: .instruction, messages: [.user("Write a list.")],
                                      instructionIds: ids, instructionKwargs: kwargs)
            let bullets = (0..<3).map { "* item \($0 + i) is here and it says something about the topic at hand" }
            let text = "here is my answer to question \(i) which has a few words in it.\n" + bullets.joined(separator: "\n")
                + "\nthat is all i have to say about it today."
            return (ConstraintScorer(), sample(prompt, text), prompt)
        }
    }

    func codeWork() -> Work {
        (0..<codeItems).map { i in
            let tests = "assert add(\(i), 2) == \(i + 2)\nassert add(-1, 1) == 0\n"
            let prompt = PromptRecord(id: "k\(i)", domain: .code, messages: [.user("Write add(a, b).")],
                                      tests: .init(code: tests))
            return (CodeScorer(), sample(prompt, "```python\ndef add(a, b):\n    return a + b\n```"), prompt)
        }
    }

    func rewardWork(scorer: RewardScorer) -> Work {
        (0..<rewardItems).map { i in
            let prompt = PromptRecord(id: "r\(i)", domain: .instruction, messages: [.user("Tell me about item \(i).")])
            return (scorer, sample(prompt, "Item \(i) is a fine item with several good properties."), prompt)
        }
    }
}
