import Foundation

/// A fusion run on disk (`runs/NAME/`): the recipe and every stage's JSONL output, one file per
/// record kind, each append-only and keyed by stable ids so a stage can resume where it stopped.
public struct RunFolder: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }
    public init(path: String) { self.url = URL(fileURLWithPath: path, isDirectory: true) }

    public var promptsURL: URL { url.appendingPathComponent("prompts.jsonl") }
    public var samplesURL: URL { url.appendingPathComponent("samples.jsonl") }
    public var sampleFailuresURL: URL { url.appendingPathComponent("sample_failures.jsonl") }
    public var scoresURL: URL { url.appendingPathComponent("scores.jsonl") }
    public var scoreFailuresURL: URL { url.appendingPathComponent("score_failures.jsonl") }
    public var sftURL: URL { url.appendingPathComponent("sft.jsonl") }
    public var dpoURL: URL { url.appendingPathComponent("dpo.jsonl") }
    public var pairsSummaryURL: URL { url.appendingPathComponent("pairs_summary.json") }

    public func prompts() throws(RunStoreError) -> JSONLFile<PromptRecord> { try JSONLFile(url: promptsURL) }
    public func samples() throws(RunStoreError) -> JSONLFile<SampleRecord> { try JSONLFile(url: samplesURL) }
    public func sampleFailures() throws(RunStoreError) -> JSONLFile<SampleFailure> { try JSONLFile(url: sampleFailuresURL) }
    public func scores() throws(RunStoreError) -> JSONLFile<ScoreRecord> { try JSONLFile(url: scoresURL) }
    /// Scores that could not be made (first failure of each); they are retried by the next run.
    public func scoreFailures() throws(RunStoreError) -> JSONLFile<ScoreRecord> { try JSONLFile(url: scoreFailuresURL) }
}
