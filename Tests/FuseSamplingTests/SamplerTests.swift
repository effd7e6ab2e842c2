import Foundation
import FuseData
import Testing
@testable import FuseSampling

@Suite("Sampler against a misbehaving local server", .serialized)
struct SamplerTests {
    static func runFolder() -> RunFolder {
        RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-sample-\(UUID().uuidString)"))
    }

    static func prompts(_ texts: [String]) -> [PromptRecord] {
        texts.map { PromptRecord(id: "id-\($0)", domain: .instruction, messages: [.user($0)]) }
    }

    static let fastRetry = RetryPolicy(maxAttempts: 6, baseDelay: 0.01, maxDelay: 0.05, jitter: 0.5)

    @Test("retries 500, 429 + Retry-After, stalls and garbage JSON; records what it cannot fix; reruns fill only gaps",
          arguments: [false, true])
    func faults(serverN: Bool) async throws {
        let server = FaultServer()
        await server.setScript([.serverError, .tooMany(retryAfter: "0"), .stall(seconds: 6), .garbage, .ok], for: "flaky")
        await server.setScript([.serverError], for: "down")
        await server.setScript([.badRequest], for: "rejected")
        await server.setScript([.ok], for: "fine")
        let (baseURL, task) = try await server.start()
        defer { task.cancel() }
        let backend = OpenAIBackend(baseURL: baseURL, model: "m", supportsMultipleChoices: serverN, requestTimeout: 3)
        let source = SourceConfig(name: "src", backend: backend, samplesPerPrompt: 3, concurrency: 4, retry: Self.fastRetry, seed: 7)
        let folder = Self.runFolder()
        let prompts = Self.prompts(["flaky", "down", "rejected", "fine"])

        let report = try await Sampler(sources: [source], showProgress: false).run(prompts: prompts, into: folder)
        #expect(report.requested == 12)
        #expect(report.written == 6)
        #expect(report.failed == 6)
        let samples = try folder.samples().records
        #expect(Set(samples.map(\.id)) == Set(["flaky", "fine"].flatMap { p in (0..<3).map { "id-\(p)/src/\($0)" } }))
        #expect(samples.allSatisfy { $0.backend == backend.identifier && $0.settings == source.settings })
        let failures = try folder.sampleFailures().records
        #expect(Set(failures.map(\.promptId)) == ["id-down", "id-rejected"])
        #expect(failures.filter { $0.promptId == "id-down" }.allSatisfy { $0.attempts == 6 && $0.error.contains("HTTP 500") })
        #expect(failures.filter { $0.promptId == "id-rejected" }.allSatisfy { $0.attempts == 1 && $0.error.contains("unknown parameter") })
        let requestsBefore = await server.requestsByPrompt
        #expect(requestsBefore["rejected"] == (serverN ? 1 : 3), "a 400 is not retried")

        // A rerun asks only for the missing samples and never duplicates finished ones.
        await server.setScript([.ok], for: "down")
        let rerun = try await Sampler(sources: [source], showProgress: false).run(prompts: prompts, into: folder)
        #expect(rerun.alreadyDone == 6)
        #expect(rerun.requested == 6)
        let after = try folder.samples().records
        #expect(after.count == 9)
        #expect(Set(after.map(\.id)).count == 9)
        let requestsAfter = await server.requestsByPrompt
        #expect(requestsAfter["fine"] == requestsBefore["fine"], "finished prompts are not asked again")
    }

    @Test("fan-out gives each sample its own seed, the same on every run")
    func seeds() async throws {
        let server = FaultServer()
        let (baseURL, task) = try await server.start()
        defer { task.cancel() }
        let backend = OpenAIBackend(baseURL: baseURL, model: "m", supportsMultipleChoices: false, requestTimeout: 5)
        let source = SourceConfig(name: "src", backend: backend, samplesPerPrompt: 4, retry: Self.fastRetry, seed: 3)
        let a = Self.runFolder(), b = Self.runFolder()
        _ = try await Sampler(sources: [source], showProgress: false).run(prompts: Self.prompts(["q"]), into: a)
        _ = try await Sampler(sources: [source], showProgress: false).run(prompts: Self.prompts(["q"]), into: b)
        let seedsA = try a.samples().records.sorted { $0.sampleIndex < $1.sampleIndex }.map(\.seed)
        let seedsB = try b.samples().records.sorted { $0.sampleIndex < $1.sampleIndex }.map(\.seed)
        #expect(seedsA == seedsB)
        #expect(Set(seedsA.compactMap { $0 }).count == 4)
    }

    @Test("backoff grows exponentially with jitter, honours Retry-After and stays under the cap")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 1, maxDelay: 8, jitter: 0.5)
        var rng = SystemRandomNumberGenerator()
        for attempt in 0..<8 {
            let ceiling = min(8, Double(1 << attempt))
            let delay = policy.delay(afterAttempt: attempt, retryAfter: nil, using: &rng)
            #expect(delay >= ceiling * 0.5 && delay <= ceiling)
        }
        #expect(policy.delay(afterAttempt: 0, retryAfter: 3, using: &rng) == 3)
        #expect(policy.delay(afterAttempt: 0, retryAfter: 100, using: &rng) == 8)
    }
}
