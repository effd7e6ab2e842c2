import FuseData
import FuseSampling
import Logging

/// The scoring stage: every applicable scorer judges every sample once; scores are appended to
/// `scores.jsonl` as they are made, so a rerun scores only what is missing. A score the scorer
/// could not make (`ScoreRecord.retryable`: reward server or judge unreachable, sandbox
/// unavailable) goes to `score_failures.jsonl` instead, and the next run tries it again.
public struct ScoreStage: Sendable {
    public var scorers: [any SampleScorer]
    /// Scoring tasks in flight at once (code runs in the sandbox, judges wait on HTTP).
    public var concurrency: Int
    public var showProgress: Bool

    public init(scorers: [any SampleScorer], concurrency: Int = 4, showProgress: Bool = true) {
        self.scorers = scorers
        self.concurrency = concurrency
        self.showProgress = showProgress
    }

    public struct Report: Sendable, Equatable {
        public var scored = 0
        public var alreadyDone = 0
        /// Scores that could not be made this run (logged in `score_failures.jsonl`, retried next run).
        public var failed = 0
        /// Scores per scorer and verdict, e.g. `math.correct`.
        public var verdicts: [String: Int] = [:]
    }

    public func run(folder: RunFolder) async throws(RunStoreError) -> Report {
        let prompts = Dictionary(try folder.prompts().records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let samples = try folder.samples().records
        let scores = try folder.scores()
        let failures = try folder.scoreFailures()
        var report = Report()
        var work: [(SampleRecord, PromptRecord, any SampleScorer)] = []
        for sample in samples {
            guard let prompt = prompts[sample.promptId] else { continue }
            for scorer in scorers where scorer.applies(to: prompt) {
                if scores.contains("\(sample.id)#\(scorer.name)") { report.alreadyDone += 1 } else { work.append((sample, prompt, scorer)) }
            }
        }
        let progress = ProgressLine(label: "score", total: work.count + report.alreadyDone,
                                    alreadyDone: report.alreadyDone, enabled: showProgress)
        var failure: RunStoreError?
        await withTaskGroup(of: ScoreRecord.self) { group in
            var next = 0
            func launch() {
                let (sample, prompt, scorer) = work[next]
                next += 1
                group.addTask { await scorer.score(sample, for: prompt) }
            }
            while next < min(concurrency, work.count) { launch() }
            for await record in group {
                if record.retryable == true {
                    do throws(RunStoreError) { try failures.append(record) } catch { failure = failure ?? error }
                    report.failed += 1
                } else {
                    do throws(RunStoreError) { try scores.append(record) } catch { failure = failure ?? error }
                    report.scored += 1
                }
                report.verdicts["\(record.scorer).\(record.verdict?.rawValue ?? "scored")", default: 0] += 1
                progress.advance()
                if next < work.count { launch() }
            }
        }
        progress.finish()
        if let failure { throw failure }
        return report
    }
}
