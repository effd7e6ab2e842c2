import Foundation
import FuseData
import FuseSampling

/// Runs benchmarks against a model behind any `ChatBackend` (an OpenAI-compatible endpoint or the
/// in-process engine): each item's prompt is answered greedily, scored, and saved as one line of
/// `<out>/<bench>.jsonl` as soon as it is done, so a killed run resumes where it stopped and never
/// asks twice; `<out>/<bench>.summary.json` is rewritten at the end from every saved line.
public struct EvalRunner: Sendable {
    public var backend: any ChatBackend
    /// Greedy (temperature 0) with a 2,048-token response limit unless set otherwise.
    public var settings: SamplingSettings
    /// Items in flight at once (generation and scoring).
    public var concurrency: Int
    /// Retries of transient backend failures (429, 5xx, timeouts), with exponential backoff.
    public var retry: RetryPolicy

    public init(backend: any ChatBackend, settings: SamplingSettings = SamplingPreset.greedy.settings(),
                concurrency: Int = 4, retry: RetryPolicy = RetryPolicy()) {
        self.backend = backend
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.retry = retry
    }

    /// Runs the first `limit` items (all when nil) not yet in the output folder, then summarizes.
    /// `progress` is called with (done, total) after each item.
    public func run(_ bench: any Benchmark, limit: Int? = nil, out: URL,
                    progress: (@Sendable (Int, Int) -> Void)? = nil) async throws(EvalError) -> EvalSummary {
        let items = limit.map { Array(bench.items.prefix(max(0, $0))) } ?? bench.items
        let file: JSONLFile<EvalResult>
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            file = try JSONLFile<EvalResult>(url: out.appendingPathComponent("\(bench.name).jsonl"))
        } catch { throw .io(path: out.path, detail: "\(error)") }
        let todo = items.filter { !file.contains($0.id) }
        let counter = Counter(done: items.count - todo.count)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var pending = todo[...]
                func launch() {
                    guard let item = pending.popFirst() else { return }
                    group.addTask {
                        let result = try await answer(item, bench: bench)
                        _ = try file.append(result)
                        progress?(counter.increment(), items.count)
                    }
                }
                for _ in 0..<concurrency { launch() }
                while try await group.next() != nil { launch() }
            }
        } catch let error as EvalError {
            throw error
        } catch {
            throw .io(path: file.url.path, detail: "\(error)")
        }
        file.sync()
        let wanted = Set(items.map(\.id))
        let saved = file.records.filter { wanted.contains($0.id) }
        let summary = EvalSummary(benchmark: bench.name, model: backend.identifier, items: items.count, scored: saved.count,
                                  metrics: bench.metrics(saved.map(\.verdict)), settings: settings)
        try write(summary, to: out.appendingPathComponent("\(bench.name).summary.json"))
        return summary
    }

    private func answer(_ item: EvalItem, bench: any Benchmark) async throws(EvalError) -> EvalResult {
        let completion = try await complete(item)
        let verdict = try await bench.score(itemID: item.id, response: completion.text)
        return EvalResult(id: item.id, benchmark: bench.name, messages: item.messages, response: completion.text,
                          finishReason: completion.finishReason, verdict: verdict)
    }

    private func complete(_ item: EvalItem) async throws(EvalError) -> Completion {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            do {
                let completions = try await backend.complete(messages: item.messages, n: 1, settings: settings, seed: 0)
                guard let first = completions.first else { throw EvalError.generationFailed(item: item.id, detail: "no choices") }
                return first
            } catch let error as BackendError {
                attempt += 1
                guard error.isTransient, attempt < retry.maxAttempts else {
                    throw .generationFailed(item: item.id, detail: "\(error) (after \(attempt) attempt(s))")
                }
                let retryAfter: Double? = if case .transient(_, let after) = error { after } else { nil }
                let delay = retry.delay(afterAttempt: attempt - 1, retryAfter: retryAfter, using: &generator)
                try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            } catch let error as EvalError {
                throw error
            } catch {
                throw .generationFailed(item: item.id, detail: "\(error)")
            }
        }
    }

    private func write(_ summary: EvalSummary, to url: URL) throws(EvalError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { try encoder.encode(summary).write(to: url, options: .atomic) } catch { throw .io(path: url.path, detail: "\(error)") }
    }
}

/// Items finished so far, shared by the concurrent tasks.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var done: Int

    init(done: Int) { self.done = done }

    func increment() -> Int { lock.withLock { done += 1; return done } }
}
