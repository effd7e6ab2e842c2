import Foundation
import FuseData
import FuseEval
import FuseModels
import FuseSampling
import FuseScoring

/// Executes a recipe stage by stage into a run folder: prompts, sampling, scoring, pairs,
/// evaluation of the sources and of the target before training, SFT, evaluation, DPO,
/// evaluation, report. Finished stages are recorded in `stages/` and skipped on rerun; an
/// interrupted stage resumes from its own partial outputs.
public struct RecipeRunner: Sendable {
    public let recipe: Recipe
    /// Where the recipe file lives (prompt files are relative to it).
    public let recipeDirectory: URL
    public let run: RunFolder
    /// Progress lines for people (standard error in the CLI).
    public let say: @Sendable (String) -> Void

    public init(recipe: Recipe, recipeDirectory: URL, run: RunFolder, say: @escaping @Sendable (String) -> Void) {
        self.recipe = recipe
        self.recipeDirectory = recipeDirectory
        self.run = run
        self.say = say
    }

    var stages: StageLog { StageLog(run: run.url) }

    /// Runs `body` as stage `name` unless it is already recorded as done.
    func stage(_ name: String, _ body: () async throws -> Void) async throws(RecipeError) {
        if let done = stages.entry(name) {
            say("[\(name)] done earlier (\(Self.duration(done.seconds))), skipped")
            return
        }
        say("[\(name)] started")
        let start = Date()
        do { try await body() } catch let error as RecipeError { throw error } catch {
            throw .stage(name, detail: "\(error)")
        }
        let seconds = Date().timeIntervalSince(start)
        try stages.markDone(name, seconds: seconds)
        say("[\(name)] finished in \(Self.duration(seconds))")
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 90 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
    }

    // MARK: - Data stages

    /// Imports the recipe's prompt files (deduplicated, at most `per_domain` per domain).
    func importPrompts() async throws(RecipeError) {
        try await stage("prompts") {
            let store = try run.prompts()
            for file in recipe.prompts.files {
                let url = URL(fileURLWithPath: file, relativeTo: recipeDirectory)
                _ = try PromptImporter(originLabel: file).importFiles([url], into: store, perDomain: recipe.prompts.perDomain)
            }
            var perDomain: [Domain: Int] = [:]
            for record in store.records { perDomain[record.domain, default: 0] += 1 }
            let counts = perDomain.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            say("  \(store.count) prompts (\(counts))")
        }
    }

    /// Samples every prompt from every source.
    func sample() async throws(RecipeError) {
        try await stage("sample") {
            let specs = try recipe.sources.map { source throws(RecipeError) in try source.spec() }
            let configs = try specs.map { spec throws(SourceSpecError) in try spec.config() }
            defer { configs.forEach { ($0.backend as? LocalBackend)?.model.close() } }
            let report = try await Sampler(sources: configs, showProgress: true).run(prompts: try run.prompts().records, into: run)
            say("  samples: \(report.written) written, \(report.alreadyDone) already done, \(report.failed) failed")
            if report.failed > 0 {
                throw RecipeError.stage("sample", detail: "\(report.failed) requests failed; see \(run.sampleFailuresURL.path), then rerun to retry them")
            }
        }
    }

    /// Scores every sample with the verifiers (and the judge, if the recipe names one).
    func score() async throws(RecipeError) {
        try await stage("score") {
            var scorers: [any SampleScorer] = [MathScorer(), ConstraintScorer(), CodeScorer()]
            if let judge = recipe.scoring.judge {
                let spec = try SourceSpec(parsing: judge.contains("name=") ? judge : "name=judge," + judge)
                scorers.append(JudgeScorer(backend: try spec.config().backend, name: spec.name))
            }
            if let reward = try recipe.scoring.reward?.settings() {
                let report = try await ScoreStage(scorers: [try reward.scorer()], concurrency: reward.stageConcurrency, showProgress: true)
                    .run(folder: run)
                say("  rewards: \(report.scored) new, \(report.alreadyDone) already done, \(report.failed) failed")
                try checkScored(report)
            }
            let report = try await ScoreStage(scorers: scorers, concurrency: recipe.scoring.concurrency ?? 2, showProgress: true).run(folder: run)
            say("  scores: \(report.scored) new, \(report.alreadyDone) already done, \(report.failed) failed")
            try checkScored(report)
        }
    }

    /// Stops the run when scores could not be made, so that the next run retries them instead of
    /// building pairs without them.
    private func checkScored(_ report: ScoreStage.Report) throws(RecipeError) {
        if report.failed > 0 {
            throw RecipeError.stage("score", detail: "\(report.failed) scores could not be made; see \(run.scoreFailuresURL.path), then rerun to retry them")
        }
    }

    /// Builds `sft.jsonl` and `dpo.jsonl` with FuseChat-3.0's rules.
    func buildPairs() async throws(RecipeError) {
        try await stage("pairs") {
            let outcome = PairBuilder(rules: recipe.pairs.rules).build(
                prompts: try run.prompts().records, samples: try run.samples().records, scores: try run.scores().records)
            try PairWriter.write(outcome, to: run)
            say("  sft: \(outcome.sft.count) records, dpo: \(outcome.dpo.count) pairs")
        }
    }

    // MARK: - Evaluation

    /// Evaluates `model` (a demo name or path) on the recipe's benchmarks into `eval/<label>/`.
    func evaluate(label: String, model: String) async throws(RecipeError) -> [EvalSummary] {
        var summaries: [EvalSummary] = []
        try await stage("eval-\(label)") {
            let chat = try LocalChatModel(model, contextLength: 4096, maxBatch: 8)
            defer { chat.close() }
            var settings = SamplingPreset.greedy.settings()
            settings.maxTokens = recipe.eval.maxTokens ?? 512
            let runner = EvalRunner(backend: LocalBackend(model: chat), settings: settings, concurrency: 8)
            let catalog = BenchmarkCatalog(store: EvalDataStore())
            for name in recipe.eval.benchmarks {
                let benchmark = try catalog.load(name)
                let summary = try await runner.run(benchmark, limit: recipe.eval.limit, out: evalFolder(label)) { [say] done, total in
                    if done == total || done % 4 == 0 { say("  \(label) \(name): \(done)/\(total)") }
                }
                let numbers = summary.metrics.map { "\($0.name) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ")
                say("  \(label) \(name): \(numbers)")
                summaries.append(summary)
            }
        }
        return summaries.isEmpty ? try savedSummaries(label) : summaries
    }

    func evalFolder(_ label: String) -> URL { run.url.appendingPathComponent("eval/\(label)", isDirectory: true) }

    /// The summaries an earlier run of `eval-<label>` saved.
    func savedSummaries(_ label: String) throws(RecipeError) -> [EvalSummary] {
        try recipe.eval.benchmarks.map { name throws(RecipeError) in
            let url = evalFolder(label).appendingPathComponent("\(name).summary.json")
            guard let data = FileManager.default.contents(atPath: url.path),
                  let summary = try? JSONDecoder().decode(EvalSummary.self, from: data) else {
                throw .stage("eval-\(label)", detail: "\(url.path) is missing or unreadable; delete stages/eval-\(label).json to rerun it")
            }
            return summary
        }
    }
}
