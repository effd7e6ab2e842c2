import Foundation
import FuseData
import FuseSampling
import Testing
@testable import FuseScoring

@Suite("Reward models over HTTP (vLLM, SGLang, OpenRLHF) against a local server", .serialized)
struct RewardScorerTests {
    static let fastRetry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05, jitter: 0.5)

    static func render(_ messages: [ChatMessage]) -> String {
        messages.map { "<|\($0.role)|>\($0.content)" }.joined(separator: "\n")
    }

    static let prompt = PromptRecord(id: "p1", domain: .instruction, messages: [.system("Be brief."), .user("Pick a number.")])

    /// Sample k answers "I pick #k.5", so its reward is k + 0.5.
    static func samples(_ count: Int) -> [SampleRecord] {
        (0..<count).map {
            SampleRecord(promptId: prompt.id, source: "src", sampleIndex: $0, text: "I pick #\($0).5", tokenCount: nil,
                         finishReason: "stop", settings: SamplingSettings(), seed: nil, backend: "test", latencyMs: nil)
        }
    }

    static func expected(_ count: Int) -> [Double?] { (0..<count).map { Double($0) + 0.5 } }

    /// `linger` 0.05 s flushes partial batches quickly; tests that count requests made of full
    /// batches pass a long one, so that a loaded machine cannot split a batch in two.
    static func scorer(_ api: RewardAPI, url: String, batch: Int = 4, concurrency: Int = 2, template: Bool = true,
                       linger: Double = 0.05, retry: RetryPolicy = fastRetry) -> RewardScorer {
        let client = makeRewardClient(api: api, endpoint: RewardEndpoint(server: url, path: api.path, timeout: 5), model: "rm-1")
        let batcher = RewardBatcher(client: client, batchSize: batch, concurrency: concurrency, linger: linger, retry: retry)
        let render: RewardScorer.Render = { Self.render($0) }
        return RewardScorer(batcher: batcher, model: "rm-1", render: template ? render : nil,
                            templateName: template ? "test" : nil)
    }

    /// Scores all samples at once (as the score stage does), results in sample order.
    static func scoreAll(_ scorer: RewardScorer, _ samples: [SampleRecord]) async -> [ScoreRecord] {
        await withTaskGroup(of: (Int, ScoreRecord).self) { group in
            for (i, sample) in samples.enumerated() { group.addTask { (i, await scorer.score(sample, for: prompt)) } }
            var records = [ScoreRecord?](repeating: nil, count: samples.count)
            for await (i, record) in group { records[i] = record }
            return records.compactMap { $0 }
        }
    }

    static func start(_ api: RewardAPI, _ script: [RewardFakeServer.Reply] = [.ok]) async throws -> (RewardFakeServer, String, Task<Void, Error>) {
        let server = RewardFakeServer(api: api)
        await server.setScript(script)
        let (url, task) = try await server.start()
        return (server, url, task)
    }

    @Test("text form: batched requests in each API's shape, every reward back to its own sample", arguments: RewardAPI.allCases)
    func batched(api: RewardAPI) async throws {
        let (server, url, task) = try await Self.start(api)
        defer { task.cancel() }
        let samples = Self.samples(10)
        let records = await Self.scoreAll(Self.scorer(api, url: url), samples)
        #expect(records.map(\.value) == Self.expected(10))
        #expect(records.map(\.sampleId) == samples.map(\.id))
        #expect(records.allSatisfy { $0.scorer == "reward" && $0.verdict == nil })
        #expect(records.allSatisfy { $0.scorerVersion == "reward:\(api.rawValue):\(url)\(api.path)#rm-1+template:test" })
        let sizes = await server.batchSizes
        #expect(sizes.reduce(0, +) == 10)
        #expect(sizes.allSatisfy { $0 <= 4 } && sizes.count >= 3, "batches of at most 4: \(sizes)")

        let bodies = await server.bodies.map(RewardFakeServer.object)
        let keys: Set<String> = switch api {
        case .vllmClassify: ["model", "input", "use_activation", "activation", "add_special_tokens"]
        case .vllmPooling: ["model", "input", "use_activation", "add_special_tokens"]
        case .sglangClassify: ["model", "text"]
        case .openrlhf: ["query"]
        }
        #expect(bodies.allSatisfy { Set($0.keys) == keys }, "request keys: \(bodies.map { $0.keys.sorted() })")
        if api == .vllmClassify || api == .vllmPooling {
            #expect(bodies.allSatisfy { $0["use_activation"] as? Bool == false && $0["add_special_tokens"] as? Bool == false })
            #expect(bodies.allSatisfy { $0["model"] as? String == "rm-1" })
        }
        let sent = bodies.flatMap { RewardFakeServer.conversations(in: $0, api: api) }
        let rendered = samples.map { Self.render(RewardScorer.conversation($0, for: Self.prompt)) }
        #expect(sent.sorted() == rendered.sorted(), "each conversation is sent once, rendered with the template")
    }

    @Test("chat form: vLLM gets one conversation per request as messages, rendered by the server",
          arguments: [RewardAPI.vllmClassify, .vllmPooling])
    func chatForm(api: RewardAPI) async throws {
        let (server, url, task) = try await Self.start(api)
        defer { task.cancel() }
        let samples = Self.samples(3)
        let records = await Self.scoreAll(Self.scorer(api, url: url, template: false), samples)
        #expect(records.map(\.value) == Self.expected(3))
        #expect(records.allSatisfy { !$0.scorerVersion.contains("template") })
        #expect(await server.batchSizes == [1, 1, 1])
        let bodies = await server.bodies.map(RewardFakeServer.object)
        #expect(bodies.allSatisfy { $0["input"] == nil && $0["use_activation"] as? Bool == false })
        let conversations = bodies.compactMap { $0["messages"] as? [[String: String]] }
        #expect(conversations.count == 3)
        #expect(conversations.allSatisfy { $0.count == 3 && $0[0] == ["role": "system", "content": "Be brief."]
                && $0[1] == ["role": "user", "content": "Pick a number."] && $0[2]["role"] == "assistant" })
        #expect(Set(conversations.compactMap { $0.last?["content"] }) == Set(samples.map(\.text)))
    }

    @Test("text-only APIs refuse a conversation without a template, before any request",
          arguments: [RewardAPI.sglangClassify, .openrlhf])
    func needsTemplate(api: RewardAPI) async throws {
        let (server, url, task) = try await Self.start(api)
        defer { task.cancel() }
        let records = await Self.scoreAll(Self.scorer(api, url: url, template: false), Self.samples(2))
        #expect(records.allSatisfy { $0.verdict == .error && $0.value == nil })
        #expect(records.allSatisfy { ($0.details ?? "").contains("--reward-template") && ($0.details ?? "").contains(url + api.path) })
        #expect(await server.bodies.isEmpty)
    }

    @Test("retries 503 and 429 with Retry-After, then every sample gets its reward")
    func retries() async throws {
        let (server, url, task) = try await Self.start(.vllmClassify, [.status(503), .tooMany(retryAfter: "0"), .garbage, .ok])
        defer { task.cancel() }
        let records = await Self.scoreAll(Self.scorer(.vllmClassify, url: url, batch: 2, concurrency: 1, linger: 30), Self.samples(2))
        #expect(records.map(\.value) == Self.expected(2))
        #expect(await server.bodies.count == 4)
    }

    @Test("no more requests in flight than the concurrency limit, however many samples wait")
    func concurrencyLimit() async throws {
        let (server, url, task) = try await Self.start(.vllmClassify, [.slow(0.1)])
        defer { task.cancel() }
        let records = await Self.scoreAll(Self.scorer(.vllmClassify, url: url, batch: 1, concurrency: 2), Self.samples(6))
        #expect(records.map(\.value) == Self.expected(6))
        #expect(await server.bodies.count == 6)
        #expect(await server.maxInFlight == 2)
    }

    @Test("after the last attempt every sample of the batch records why; a 400 is not retried")
    func givesUp() async throws {
        let (server, url, task) = try await Self.start(.openrlhf, [.status(503)])
        defer { task.cancel() }
        let records = await Self.scoreAll(Self.scorer(.openrlhf, url: url, batch: 2, concurrency: 1, linger: 30), Self.samples(2))
        #expect(records.allSatisfy { $0.verdict == .error && ($0.details ?? "").contains("\(url)/get_reward: HTTP 503") })
        #expect(await server.bodies.count == Self.fastRetry.maxAttempts)

        let (rejecting, url400, task400) = try await Self.start(.openrlhf, [.status(400)])
        defer { task400.cancel() }
        let rejected = await Self.scoreAll(Self.scorer(.openrlhf, url: url400, batch: 2, concurrency: 1, linger: 30), Self.samples(2))
        #expect(rejected.allSatisfy { $0.verdict == .error && ($0.details ?? "").contains("HTTP 400: fake failure 400") })
        #expect(await rejecting.bodies.count == 1)
    }

    @Test("a response missing a reward names the field and is not retried", arguments: RewardAPI.allCases)
    func missingField(api: RewardAPI) async throws {
        let (server, url, task) = try await Self.start(api, [.missingField, .ok])
        defer { task.cancel() }
        let records = await Self.scoreAll(Self.scorer(api, url: url, batch: 2, concurrency: 1, linger: 30), Self.samples(2))
        let expected = switch api {
        case .vllmClassify: "data[1].probs missing"
        case .vllmPooling: "data[1].data missing"
        case .sglangClassify: "[1].embedding missing"
        case .openrlhf: "rewards has 1 entries for 2 inputs"
        }
        #expect(records.allSatisfy { $0.verdict == .error && ($0.details ?? "").contains("\(url)\(api.path): \(expected)") },
                "\(records.map { $0.details ?? "" })")
        #expect(await server.bodies.count == 1)
    }

    struct Example: Decodable {
        let api: String
        let kind: String
        let inputs: Int
        let expect: [Double]?
        let expect_error: String?
    }

    struct Examples: Decodable { let examples: [Example] }

    @Test("the APIs' documented example responses give the documented rewards or a clear error")
    func documentedExamples() throws {
        let url = Bundle.module.url(forResource: "reward_api_examples", withExtension: "json", subdirectory: "Fixtures")!
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let raw = root["examples"] as! [[String: Any]]
        let examples = try FixtureLoader.load("reward_api_examples", as: Examples.self).examples
        #expect(examples.count == 7)
        for (example, object) in zip(examples, raw) {
            let api = try #require(RewardAPI(rawValue: example.api))
            let endpoint = RewardEndpoint(server: "http://rm", path: api.path)
            let client = makeRewardClient(api: api, endpoint: endpoint, model: nil)
            let response = object["response"]!
            let parsed = Result { () throws(RewardError) in try client.parse(response, count: example.inputs) }
            switch parsed {
            case .success(let rewards): #expect(rewards == example.expect, "\(example.api) \(example.kind)")
            case .failure(let error):
                #expect(example.expect_error != nil && error.description.contains(example.expect_error!), "\(error)")
                #expect(!error.isTransient)
            }
        }
    }

    @Test("the server URL may be the root, end with / or /v1, or be the full route")
    func urls() {
        #expect(RewardEndpoint(server: "http://h:8000", path: "/classify").url == "http://h:8000/classify")
        #expect(RewardEndpoint(server: "http://h:8000/v1/", path: "/pooling").url == "http://h:8000/pooling")
        #expect(RewardEndpoint(server: "http://h:5000/get_reward", path: "/get_reward").url == "http://h:5000/get_reward")
    }

    @Test("the score stage writes one reward per sample and a rerun asks the server nothing")
    func stage() async throws {
        let (server, url, task) = try await Self.start(.vllmPooling)
        defer { task.cancel() }
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-reward-\(UUID().uuidString)"))
        _ = try folder.prompts().append([Self.prompt])
        _ = try folder.samples().append(Self.samples(6))
        let scorer = Self.scorer(.vllmPooling, url: url, batch: 3)
        let report = try await ScoreStage(scorers: [scorer], concurrency: 8, showProgress: false).run(folder: folder)
        #expect(report.scored == 6)
        let scores = try folder.scores().records.sorted { $0.sampleId < $1.sampleId }
        #expect(scores.map(\.value) == Self.expected(6))
        let requests = await server.bodies.count
        let rerun = try await ScoreStage(scorers: [scorer], concurrency: 8, showProgress: false).run(folder: folder)
        #expect(rerun.scored == 0 && rerun.alreadyDone == 6)
        #expect(await server.bodies.count == requests)
    }

    @Test("a reward server down through every retry: the stage logs the failures, writes no score, and a rerun scores them")
    func unavailableIsRetriedNextRun() async throws {
        let (server, url, task) = try await Self.start(.vllmPooling, [.status(503)])
        defer { task.cancel() }
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-reward-\(UUID().uuidString)"))
        _ = try folder.prompts().append([Self.prompt])
        _ = try folder.samples().append(Self.samples(4))
        let scorer = Self.scorer(.vllmPooling, url: url, batch: 2)
        let down = try await ScoreStage(scorers: [scorer], concurrency: 8, showProgress: false).run(folder: folder)
        #expect(down.failed == 4 && down.scored == 0)
        #expect(try folder.scores().count == 0)
        let logged = try folder.scoreFailures().records
        #expect(logged.count == 4 && logged.allSatisfy { $0.retryable == true && ($0.details ?? "").contains("HTTP 503") })
        await server.setScript([.ok])
        let up = try await ScoreStage(scorers: [scorer], concurrency: 8, showProgress: false).run(folder: folder)
        #expect(up.scored == 4 && up.failed == 0 && up.alreadyDone == 0)
        #expect(try folder.scores().records.sorted { $0.sampleId < $1.sampleId }.map(\.value) == Self.expected(4))
    }
}
