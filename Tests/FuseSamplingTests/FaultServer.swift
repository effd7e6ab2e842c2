import Foundation
import Hummingbird
import NIOCore

/// A local OpenAI-compatible test server that misbehaves on purpose. For each prompt (keyed by the
/// last message's text) the k-th request gets `script[k]` (the last entry repeats): a 500, a 429
/// with Retry-After, a stall past the client's timeout, garbage JSON, a 400, or a real answer.
actor FaultServer {
    enum Reply: Sendable {
        case ok, slowOK(seconds: Double), serverError, tooMany(retryAfter: String), stall(seconds: Double), garbage, badRequest
    }

    private var scripts: [String: [Reply]] = [:]
    private var defaultScript: [Reply] = [.ok]
    private var counts: [String: Int] = [:]
    private(set) var requestsByPrompt: [String: Int] = [:]
    private(set) var choicesServed = 0

    func setScript(_ replies: [Reply], for prompt: String) { scripts[prompt] = replies }
    func setDefaultScript(_ replies: [Reply]) { defaultScript = replies }

    func next(for prompt: String) -> Reply {
        let k = counts[prompt, default: 0]
        counts[prompt] = k + 1
        requestsByPrompt[prompt, default: 0] += 1
        let script = scripts[prompt] ?? defaultScript
        return script[min(k, script.count - 1)]
    }

    func served(_ n: Int) { choicesServed += n }

    /// Starts the server on a free loopback port; returns its base URL and the task running it.
    func start() async throws -> (baseURL: String, task: Task<Void, Error>) {
        let router = Router()
        router.post("/v1/chat/completions") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
            let messages = json["messages"] as? [[String: Any]] ?? []
            let prompt = messages.last?["content"] as? String ?? ""
            let n = json["n"] as? Int ?? 1
            let reply = await self.next(for: prompt)
            switch reply {
            case .serverError:
                return Self.response(.internalServerError, #"{"error": {"message": "boom"}}"#)
            case .tooMany(let retryAfter):
                var response = Self.response(.tooManyRequests, #"{"error": {"message": "slow down"}}"#)
                response.headers[.retryAfter] = retryAfter
                return response
            case .stall(let seconds):
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return Self.response(.ok, "{}")
            case .garbage:
                return Self.response(.ok, "{\"choices\": [oops")
            case .badRequest:
                return Self.response(.badRequest, #"{"error": {"message": "unknown parameter"}}"#)
            case .ok, .slowOK:
                if case .slowOK(let seconds) = reply { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
                await self.served(n)
                let seed = json["seed"] as? Int ?? -1
                let choices = (0..<n).map { i in
                    ["index": i, "finish_reason": "stop",
                     "message": ["role": "assistant", "content": "answer \(i) to \(prompt) seed \(seed)"]] as [String: Any]
                }
                let data = try JSONSerialization.data(withJSONObject: ["choices": choices, "usage": ["completion_tokens": 5]])
                return Self.response(.ok, String(decoding: data, as: UTF8.self))
            }
        }
        let port = PortBox()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await port.set(channel.localAddress?.port ?? 0) })
        let task = Task { try await app.runService() }
        var bound = 0
        for _ in 0..<500 {
            bound = await port.value
            if bound != 0 { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return ("http://127.0.0.1:\(bound)/v1", task)
    }

    static func response(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

actor PortBox {
    var value = 0
    func set(_ port: Int) { value = port }
}
