import ArgumentParser
import AsyncHTTPClient
import Foundation
import FuseData
import FuseSampling
import NIOCore

/// `fusechat bench sampler`: the sampler's CPU cost per request against an in-process server
/// that answers at once, beside a bare HTTP client posting the same body (the floor set by
/// AsyncHTTPClient and the server, which share the process).
struct BenchSamplerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sampler",
        abstract: "Sampler CPU time per request and requests/s against a local instant server.",
        discussion: """
            Every run counts the CPU of the whole process (getrusage user + system), so it includes \
            the in-process server's share; the sampler's own overhead is its difference from the bare \
            client. The sampler runs write every sample to a run folder in the temporary directory, as \
            a real run does. HTTPClient.shared, which `fusechat sample` uses, keeps at most 8 \
            connections per host, so the other requests queue in the client; the second run gives \
            the client as many connections as requests in flight.
            """)

    @Option(help: "Requests per measured run.") var requests = 4000
    @Option(help: "Requests in flight at once.") var concurrency = 64
    @Option(help: "Measured runs of each kind (alternating); medians are reported.") var rounds = 3

    func run() async throws {
        let (url, task) = try await BenchInstantServer.start()
        defer { task.cancel() }
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let wide = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let outcome: Result<[Measure], Error>
        do { outcome = .success(try await measureAll(url: url, wide: wide)) } catch { outcome = .failure(error) }
        try await wide.shutdown()
        let m = try outcome.get()
        print("\(requests) requests, \(concurrency) in flight, median of \(rounds) runs (CPU = user + system of the whole process)")
        print("| run | requests/s | CPU ms/request |")
        print("|---|---|---|")
        print(String(format: "| Sampler, HTTPClient.shared (8 connections per host, as `fusechat sample` today) | %.0f | %.3f |", m[0].rate, m[0].cpuMs))
        print(String(format: "| Sampler, client with %d connections | %.0f | %.3f |", concurrency, m[1].rate, m[1].cpuMs))
        print(String(format: "| bare AsyncHTTPClient POST, client with %d connections | %.0f | %.3f |", concurrency, m[2].rate, m[2].cpuMs))
        print(String(format: "sampler overhead over the bare client: %.3f ms CPU/request", m[1].cpuMs - m[2].cpuMs))
    }

    /// Medians of: the sampler on HTTPClient.shared, the sampler on `wide`, the bare client on `wide`.
    func measureAll(url: String, wide: HTTPClient) async throws -> [Measure] {
        let shared = OpenAIBackend(baseURL: url + "/v1", model: "bench", requestTimeout: 30)
        let widened = OpenAIBackend(baseURL: url + "/v1", model: "bench", requestTimeout: 30, client: wide)
        _ = try await samplerRun(backend: widened, count: 200)
        _ = try await bareRun(url: url, client: wide, count: 200)
        var runs: [[Measure]] = [[], [], []]
        for _ in 0..<rounds {
            runs[0].append(try await samplerRun(backend: shared, count: requests))
            runs[1].append(try await samplerRun(backend: widened, count: requests))
            runs[2].append(try await bareRun(url: url, client: wide, count: requests))
        }
        return runs.map(Measure.median)
    }

    struct Measure {
        var rate: Double
        var cpuMs: Double

        static func median(_ runs: [Measure]) -> Measure {
            let rates = runs.map(\.rate).sorted(), cpus = runs.map(\.cpuMs).sorted()
            return Measure(rate: rates[rates.count / 2], cpuMs: cpus[cpus.count / 2])
        }
    }

    func samplerRun(backend: OpenAIBackend, count: Int) async throws -> Measure {
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-bench-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let prompts = (0..<count).map { PromptRecord(id: "p\($0)", domain: .instruction, messages: [.user("Question \($0)?")]) }
        let source = SourceConfig(name: "bench", backend: backend, samplesPerPrompt: 1, concurrency: concurrency)
        let (cpu0, wall0) = (cpuSeconds(), wallSeconds())
        let report = try await Sampler(sources: [source], showProgress: false).run(prompts: prompts, into: folder)
        let (cpu, wall) = (cpuSeconds() - cpu0, wallSeconds() - wall0)
        guard report.written == count else { throw CommandError(description: "sampler wrote \(report.written) of \(count) samples") }
        return Measure(rate: Double(count) / wall, cpuMs: cpu * 1000 / Double(count))
    }

    func bareRun(url: String, client: HTTPClient, count: Int) async throws -> Measure {
        let body = try JSONSerialization.data(withJSONObject: [
            "model": "bench", "messages": [["role": "user", "content": "Question 1?"]], "temperature": 0.8, "top_p": 0.95,
            "max_tokens": 2048,
        ] as [String: Any])
        let workers = min(concurrency, count)
        let (cpu0, wall0) = (cpuSeconds(), wallSeconds())
        let ok = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var ok = 0
                    for _ in stride(from: worker, to: count, by: workers) {
                        var request = HTTPClientRequest(url: url + "/v1/chat/completions")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: body))
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        if response.status == .ok { ok += 1 }
                    }
                    return ok
                }
            }
            return try await group.reduce(0, +)
        }
        let (cpu, wall) = (cpuSeconds() - cpu0, wallSeconds() - wall0)
        guard ok == count else { throw CommandError(description: "bare client: \(ok) of \(count) requests succeeded") }
        return Measure(rate: Double(count) / wall, cpuMs: cpu * 1000 / Double(count))
    }
}
