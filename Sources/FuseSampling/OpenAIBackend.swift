import AsyncHTTPClient
import Foundation
import FuseData
import NIOCore
import NIOHTTP1

/// An OpenAI-compatible chat-completions endpoint: vLLM, SGLang, llama.cpp server, Ollama,
/// `fusechat serve`. Sends `POST {baseURL}/chat/completions`; parameters outside OpenAI's own set
/// (`top_k`, `min_p`, `repetition_penalty`) are sent only when set, as vLLM and SGLang read them.
public struct OpenAIBackend: ChatBackend {
    /// Base URL including the version prefix, e.g. `http://127.0.0.1:8000/v1`.
    public let baseURL: String
    /// The `model` field of each request.
    public let model: String
    public let apiKey: String?
    public let supportsMultipleChoices: Bool
    /// Deadline of one request, seconds.
    public let requestTimeout: Double
    private let client: HTTPClient

    public var identifier: String { "openai:\(baseURL)#\(model)" }

    /// - Parameters:
    ///   - supportsMultipleChoices: whether the server honours `n` (vLLM, SGLang, `fusechat serve`
    ///     do; llama.cpp server and Ollama return one choice).
    public init(baseURL: String, model: String, apiKey: String? = nil, supportsMultipleChoices: Bool = true,
                requestTimeout: Double = 600, client: HTTPClient = .fusechat) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
        self.supportsMultipleChoices = supportsMultipleChoices
        self.requestTimeout = requestTimeout
        self.client = client
    }

    public func complete(messages: [ChatMessage], n: Int, settings: SamplingSettings,
                         seed: UInt64?) async throws(BackendError) -> [Completion] {
        var body: [String: Any] = [
            "model": model,
            "messages": messages.map { ["role": $0.role, "content": $0.content] },
            "temperature": settings.temperature,
            "top_p": settings.topP,
            "max_tokens": settings.maxTokens,
        ]
        if n != 1 { body["n"] = n }
        if let seed { body["seed"] = seed }
        if let topK = settings.topK { body["top_k"] = topK }
        if let minP = settings.minP { body["min_p"] = minP }
        if let penalty = settings.repetitionPenalty { body["repetition_penalty"] = penalty }
        let payload: Data
        do { payload = try JSONSerialization.data(withJSONObject: body) } catch {
            throw .permanent(detail: "cannot encode request: \(error)")
        }
        var request = HTTPClientRequest(url: baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: payload))

        let status: HTTPResponseStatus, headers: HTTPHeaders, bytes: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(requestTimeout * 1000)))
            status = response.status
            headers = response.headers
            bytes = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw .transient(detail: "\(baseURL): request failed: \(error)", retryAfter: nil)
        }
        let text = String(buffer: bytes)
        guard status == .ok else {
            let detail = "\(baseURL): HTTP \(status.code): \(Self.errorMessage(in: text))"
            if status == .tooManyRequests || status == .requestTimeout || status.code >= 500 {
                throw .transient(detail: detail, retryAfter: headers.first(name: "Retry-After").flatMap(Double.init))
            }
            throw .permanent(detail: detail)
        }
        return try Self.parse(text, from: baseURL)
    }

    /// The choices of a chat-completions response body.
    static func parse(_ text: String, from baseURL: String) throws(BackendError) -> [Completion] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              let choices = object["choices"] as? [[String: Any]] else {
            throw .transient(detail: "\(baseURL): response is not a chat completion: \(text.prefix(200))", retryAfter: nil)
        }
        let usage = (object["usage"] as? [String: Any])?["completion_tokens"] as? Int
        var completions: [Completion] = []
        for choice in choices.sorted(by: { ($0["index"] as? Int ?? 0) < ($1["index"] as? Int ?? 0) }) {
            guard let message = choice["message"] as? [String: Any], let content = message["content"] as? String else {
                throw .transient(detail: "\(baseURL): choice without message.content", retryAfter: nil)
            }
            let finish = choice["finish_reason"] as? String ?? "unknown"
            completions.append(Completion(text: content, finishReason: finish,
                                          tokenCount: choices.count == 1 ? usage : nil))
        }
        return completions
    }

    /// OpenAI's error shape (`{"error": {"message"}}`), else the start of the body.
    static func errorMessage(in text: String) -> String {
        if let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
        }
        return String(text.prefix(300))
    }
}
