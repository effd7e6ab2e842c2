import Foundation
import FuseScoring
import Hummingbird
import Logging
import NIOCore

/// A local server that answers like one reward-model API (the shapes in
/// Fixtures/reward_api_examples.json). The reward of a conversation is the number after its last
/// `#` (-1 if none), so tests know every expected value. The k-th request gets `script[k]` (the
/// last entry repeats). vLLM answers list `data` in reverse order (with the right `index`), and apply a
/// sigmoid when the request leaves the activation on, as vLLM does.
actor RewardFakeServer {
    enum Reply: Sendable {
        case ok
        /// A right answer after a delay, seconds.
        case slow(Double)
        case status(Int)
        case tooMany(retryAfter: String)
        case garbage
        /// A 200 whose last result lacks its reward field.
        case missingField
    }

    let api: RewardAPI
    private var script: [Reply] = [.ok]
    /// Every request body received, in arrival order.
    private(set) var bodies: [Data] = []
    private var inFlight = 0
    /// The most requests the server was handling at once.
    private(set) var maxInFlight = 0

    init(api: RewardAPI) { self.api = api }

    func setScript(_ replies: [Reply]) { script = replies }

    /// Sizes of the batches received, in arrival order.
    var batchSizes: [Int] { bodies.map { Self.conversations(in: Self.object($0), api: api).count } }

    /// A request body as a JSON object (empty if it is not one).
    static func object(_ body: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    static func reward(of text: String) -> Double {
        guard let hash = text.lastIndex(of: "#") else { return -1 }
        let digits = text[text.index(after: hash)...].prefix { $0.isNumber || $0 == "." || $0 == "-" }
        return Double(digits) ?? -1
    }

    /// The texts of a request (a chat-form request counts as one, its last message).
    static func conversations(in body: [String: Any], api: RewardAPI) -> [String] {
        switch api {
        case .vllmClassify, .vllmPooling:
            if let messages = body["messages"] as? [[String: Any]] { return [messages.last?["content"] as? String ?? ""] }
            return body["input"] as? [String] ?? []
        case .sglangClassify: return body["text"] as? [String] ?? []
        case .openrlhf: return body["query"] as? [String] ?? []
        }
    }

    private func ended() { inFlight -= 1 }

    private func next(_ body: Data) -> Reply {
        let k = bodies.count
        bodies.append(body)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        return script[min(k, script.count - 1)]
    }

    /// Starts the server on a free loopback port; returns its root URL and the task running it.
    func start() async throws -> (url: String, task: Task<Void, Error>) {
        let router = Router()
        let api = api
        router.post(RouterPath(stringLiteral: api.path)) { request, _ -> Response in
            let data = Data(buffer: try await request.body.collect(upTo: 16 << 20))
            guard let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                return Self.response(.init(code: 422), #"{"detail": "body is not a JSON object"}"#)
            }
            let reply = await self.next(data)
            let response = try await Self.respond(reply, to: body, api: api)
            await self.ended()
            return response
        }
        let port = BoundPort()
        var logger = Logger(label: "reward-fake-server")
        logger.logLevel = .critical  // stopping the server by cancellation logs errors that mean nothing here
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await port.set(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var bound = 0
        for _ in 0..<500 {
            bound = await port.value
            if bound != 0 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return ("http://127.0.0.1:\(bound)", task)
    }

    /// The reply to one request.
    static func respond(_ reply: Reply, to body: [String: Any], api: RewardAPI) async throws -> Response {
        switch reply {
        case .status(let code):
            return Self.response(.init(code: code), #"{"error": {"message": "fake failure \#(code)"}}"#)
        case .tooMany(let retryAfter):
            var response = Self.response(.tooManyRequests, #"{"error": {"message": "slow down"}}"#)
            response.headers[.retryAfter] = retryAfter
            return response
        case .garbage:
            return Self.response(.ok, "<html>502 Bad Gateway</html>")
        case .ok, .slow, .missingField:
            if case .slow(let seconds) = reply { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
            let texts = Self.conversations(in: body, api: api)
            guard !texts.isEmpty else { return Self.response(.init(code: 422), #"{"detail": "no input"}"#) }
            let object = Self.answer(api: api, body: body, rewards: texts.map(Self.reward(of:)),
                                     dropLast: { if case .missingField = reply { return true } else { return false } }())
            let json = try JSONSerialization.data(withJSONObject: object)
            return Self.response(.ok, String(decoding: json, as: UTF8.self))
        }
    }

    /// The API's response object for these rewards.
    static func answer(api: RewardAPI, body: [String: Any], rewards: [Double], dropLast: Bool) -> Any {
        let usage: [String: Any] = ["prompt_tokens": 7, "total_tokens": 7, "completion_tokens": 0, "prompt_tokens_details": NSNull()]
        let raw = (body["use_activation"] as? Bool) == false
        let values = rewards.map { raw ? $0 : 1 / (1 + exp(-$0)) }
        switch api {
        case .vllmClassify:
            var data: [[String: Any]] = values.enumerated().map { i, value in
                ["index": i, "label": "LABEL_0", "probs": [value], "num_classes": 1]
            }
            if dropLast { data[data.count - 1]["probs"] = nil }
            return ["id": "classify-fake", "object": "list", "created": 1764000000, "model": body["model"] ?? "rm",
                    "data": Array(data.reversed()), "usage": usage] as [String: Any]
        case .vllmPooling:
            var data: [[String: Any]] = values.enumerated().map { i, value in
                ["index": i, "object": "pooling", "data": [[0.25], [-0.75], [value]]]
            }
            if dropLast { data[data.count - 1]["data"] = nil }
            return ["id": "pool-fake", "object": "list", "created": 1764000000, "model": body["model"] ?? "rm",
                    "data": Array(data.reversed()), "usage": usage] as [String: Any]
        case .sglangClassify:
            var items: [[String: Any]] = rewards.enumerated().map { i, reward in
                ["embedding": [reward], "meta_info": ["id": "req\(i)", "finish_reason": NSNull(), "prompt_tokens": 7]]
            }
            if dropLast { items[items.count - 1]["embedding"] = nil }
            return items
        case .openrlhf:
            return ["rewards": dropLast ? Array(rewards.dropLast()) : rewards]
        }
    }

    static func response(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

actor BoundPort {
    var value = 0
    func set(_ port: Int) { value = port }
}
