import Crypto
import Foundation
import FuseData
import Logging

/// The sampling stage: every source answers every prompt `n` times; each response is appended to
/// the run's `samples.jsonl` the moment it arrives, so a crash loses nothing finished and a rerun
/// asks only for what is missing. Requests that still fail after the last retry are recorded in
/// `sample_failures.jsonl` (and retried by the next run).
public struct Sampler: Sendable {
    public var sources: [SourceConfig]
    public var logger: Logger
    public var showProgress: Bool

    public init(sources: [SourceConfig], logger: Logger = Logger(label: "fusechat.sample"), showProgress: Bool = true) {
        self.sources = sources
        self.logger = logger
        self.showProgress = showProgress
    }

    /// What a run of the stage did.
    public struct Report: Sendable, Equatable {
        public var requested = 0
        public var written = 0
        public var failed = 0
        public var alreadyDone = 0
    }

    /// One request to make: a prompt, a source and the sample indices it should fill.
    struct WorkItem: Sendable {
        let prompt: PromptRecord
        let source: Int
        let indices: [Int]
    }

    /// Samples every missing (prompt, source, index) into the run folder.
    public func run(prompts: [PromptRecord], into folder: RunFolder) async throws(RunStoreError) -> Report {
        let samples = try folder.samples()
        let failures = try folder.sampleFailures()
        var report = Report()
        var items: [WorkItem] = []
        for (s, source) in sources.enumerated() {
            for prompt in prompts {
                let count = source.sampleCount(for: prompt.domain)
                let missing = (0..<count).filter {
                    !samples.contains(SampleRecord.id(promptId: prompt.id, source: source.name, sampleIndex: $0))
                }
                report.alreadyDone += count - missing.count
                guard !missing.isEmpty else { continue }
                report.requested += missing.count
                if source.backend.supportsMultipleChoices {
                    items.append(WorkItem(prompt: prompt, source: s, indices: missing))
                } else {
                    items += missing.map { WorkItem(prompt: prompt, source: s, indices: [$0]) }
                }
            }
        }
        let progress = ProgressLine(label: "sample", total: report.requested + report.alreadyDone,
                                    alreadyDone: report.alreadyDone, enabled: showProgress)
        let limiters = sources.map { ConcurrencyLimiter(limit: $0.concurrency) }
        typealias Outcome = (written: Int, failed: Int, error: RunStoreError?)
        /// All of `batch` at once (each source's own concurrency limit applies).
        @Sendable func runConcurrently(_ batch: [WorkItem]) async -> [Outcome] {
            await withTaskGroup(of: Outcome.self) { group in
                for item in batch {
                    let source = sources[item.source]
                    group.addTask {
                        await limiters[item.source].run {
                            await self.sample(item, source: source, samples: samples, failures: failures, progress: progress)
                        }
                    }
                }
                var results: [Outcome] = []
                for await outcome in group { results.append(outcome) }
                return results
            }
        }
        // Endpoint sources all run side by side; in-process sources share this machine's cores,
        // so they take turns (each with every core) alongside the endpoints.
        let onThisMachine = sources.indices.filter { sources[$0].backend.runsOnThisMachine }
        let remote = items.filter { !sources[$0.source].backend.runsOnThisMachine }
        let local = onThisMachine.map { s in items.filter { $0.source == s } }
        let outcomes = await withTaskGroup(of: [Outcome].self) { group in
            group.addTask { await runConcurrently(remote) }
            group.addTask {
                var results: [Outcome] = []
                for batch in local { results += await runConcurrently(batch) }
                return results
            }
            var results: [Outcome] = []
            for await part in group { results += part }
            return results
        }
        progress.finish()
        for (written, failed, error) in outcomes {
            if let error { throw error }
            report.written += written
            report.failed += failed
        }
        return report
    }

    /// Makes one work item's requests with retries; writes what arrives.
    func sample(_ item: WorkItem, source: SourceConfig, samples: JSONLFile<SampleRecord>,
                failures: JSONLFile<SampleFailure>, progress: ProgressLine) async -> (written: Int, failed: Int, error: RunStoreError?) {
        var remaining = item.indices
        var written = 0
        var attempt = 0
        var rng = SystemRandomNumberGenerator()
        var lastError = ""
        while !remaining.isEmpty && attempt < source.retry.maxAttempts {
            let thisAttempt = attempt
            attempt += 1
            let seed = Self.seed(base: source.seed, promptId: item.prompt.id, source: source.name,
                                 index: remaining[0], attempt: thisAttempt)
            let started = Date()
            do {
                let completions = try await source.backend.complete(
                    messages: item.prompt.messages, n: remaining.count, settings: source.settings, seed: seed)
                let latency = Date().timeIntervalSince(started) * 1000 / Double(max(completions.count, 1))
                let records = zip(remaining, completions).map { index, completion in
                    SampleRecord(promptId: item.prompt.id, source: source.name, sampleIndex: index,
                                 text: completion.text, tokenCount: completion.tokenCount,
                                 finishReason: completion.finishReason, settings: source.settings,
                                 seed: remaining.count == 1 ? seed : nil, backend: source.backend.identifier,
                                 latencyMs: latency)
                }
                do { written += try samples.append(records) } catch { return (written, 0, error) }
                progress.advance(by: records.count)
                remaining.removeFirst(records.count)
                if completions.isEmpty { lastError = "the backend returned no choices" }
                if !records.isEmpty { continue }
            } catch {
                lastError = error.description
                if !error.isTransient { break }
                let wait: Double
                if case .transient(_, let retryAfter) = error {
                    wait = source.retry.delay(afterAttempt: thisAttempt, retryAfter: retryAfter, using: &rng)
                } else { wait = 0 }
                logger.debug("\(source.name) \(item.prompt.id): \(error.description); retrying in \(String(format: "%.2f", wait)) s")
                if attempt < source.retry.maxAttempts {
                    try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                }
            }
        }
        guard !remaining.isEmpty else { return (written, 0, nil) }
        logger.warning("\(source.name) \(item.prompt.id): giving up on \(remaining.count) sample(s) after \(attempt) attempt(s): \(lastError)")
        let records = remaining.map {
            SampleFailure(promptId: item.prompt.id, source: source.name, sampleIndex: $0, attempts: attempt, error: lastError)
        }
        do { try failures.append(records) } catch { return (written, remaining.count, error) }
        progress.advance(by: remaining.count, failed: remaining.count)
        return (written, remaining.count, nil)
    }

    /// The seed of a request: a hash of the source's seed, the prompt, the first sample index and
    /// the attempt, kept within 31 bits since some servers (llama.cpp, Ollama) take 32-bit seeds.
    public static func seed(base: UInt64, promptId: String, source: String, index: Int, attempt: Int) -> UInt64 {
        let digest = SHA256.hash(data: Data("\(base)|\(promptId)|\(source)|\(index)|\(attempt)".utf8))
        return digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & 0x7FFF_FFFF
    }
}
