import ArgumentParser
import Foundation
import FuseData
import FuseSampling
import FuseScoring

/// `fusechat score`: run the scorers over a run's samples.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every sample of a run (resumable; appends RUN/scores.jsonl).",
        discussion: """
        Math prompts with a gold answer are verified (scorer 'math'); prompts with IFEval-style \
        instructions are checked (scorer 'constraints'); code prompts with tests run in the sandbox (scorer 'code'). With --judge, a chat model rates every \
        response 1-10 (scorer 'judge'; use `fusechat pairs --reward-scorer judge` with a window on \
        that scale). The judge is given like a sampling source: url=...,model=... With --reward, a \
        reward-model server (vLLM /classify or /pooling, SGLang /classify, OpenRLHF /get_reward) \
        scores every response (scorer 'reward', value = raw reward); see docs/scoring.md.
        """
    )
    @OptionGroup var runOptions: RunOptions
    @Option(help: "An OpenAI-compatible judge: name=judge,url=http://127.0.0.1:8080/v1,model=... (same keys as sample --source).")
    var judge: String?
    @OptionGroup var rewardOptions: RewardOptions
    @Option(help: "Scoring tasks in flight at once (the reward stage runs --reward-batch x --reward-concurrency).") var concurrency = 4
    @Flag(help: "No progress line.") var quiet = false

    func run() async throws {
        var scorers: [any SampleScorer] = [MathScorer(), ConstraintScorer(), CodeScorer()]
        if let judge {
            let spec = try SourceSpec(parsing: judge.contains("name=") ? judge : "name=judge," + judge)
            scorers.append(JudgeScorer(backend: try spec.config().backend, name: spec.name))
        }
        var stages = [ScoreStage(scorers: scorers, concurrency: concurrency, showProgress: !quiet)]
        if let reward = try rewardOptions.settings() {
            // Its own stage, so enough samples are in flight to fill batches without running
            // that many sandboxes at once.
            stages.insert(ScoreStage(scorers: [try reward.scorer()], concurrency: reward.stageConcurrency, showProgress: !quiet), at: 0)
        }
        var scored = 0, alreadyDone = 0, failed = 0
        var verdicts: [String: Int] = [:]
        for stage in stages {
            let report = try await stage.run(folder: runOptions.folder)
            scored += report.scored
            alreadyDone += report.alreadyDone
            failed += report.failed
            verdicts.merge(report.verdicts, uniquingKeysWith: +)
        }
        print("scores: \(scored) new, \(alreadyDone) already done, \(failed) failed")
        for (key, count) in verdicts.sorted(by: { $0.key < $1.key }) { print("  \(key): \(count)") }
        if failed > 0 {
            throw CommandError(description: "\(failed) scores could not be made (see \(runOptions.folder.scoreFailuresURL.path)); run the command again to retry them")
        }
    }
}
