import AsyncHTTPClient
import FuseSampling
import Foundation
import NIOCore
import NIOHTTP1

/// One reward route of a server: posts JSON, returns the decoded JSON body, and classifies
/// failures as the sampler does (429, 408 and 5xx are transient, Retry-After is kept; other
/// statuses are permanent).
public struct RewardEndpoint: Sendable {
    /// Full URL of the route, e.g. `http://127.0.0.1:8000/classify`.
    public let url: String
    public let apiKey: String?
    /// Deadline of one request, seconds.
    public let timeout: Double
    private let client: HTTPClient

    /// - Parameters:
    ///   - server: the server root (`http://host:port`); a trailing `/` or `/v1` is dropped since
    ///     these routes live at the root, and a URL that already ends with `path` is used as is.
    public init(server: String, path: String, apiKey: String? = nil, timeout: Double = 600, client: HTTPClient = .fusechat) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix(path) {
            url = base
        } else {
            if base.hasSuffix("/v1") { base.removeLast(3) }
            url = base + path
        }
        self.apiKey = apiKey
        self.timeout = timeout
        self.client = client
    }

    /// Posts `body` as JSON; returns the parsed response.
    public func post(_ body: [String: Any]) async throws(RewardError) -> Any {
        let payload: Data
        do { payload = try JSONSerialization.data(withJSONObject: body) } catch {
            throw .input(endpoint: url, detail: "cannot encode the request: \(error)")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: payload))
        let status: HTTPResponseStatus, headers: HTTPHeaders, bytes: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            status = response.status
            headers = response.headers
            bytes = try await response.body.collect(upTo: 256 << 20)
        } catch {
            throw .request(endpoint: url, .transient(detail: "request failed: \(error)", retryAfter: nil))
        }
        guard status == .ok else {
            let detail = "HTTP \(status.code): \(Self.errorMessage(in: bytes))"
            if status == .tooManyRequests || status == .requestTimeout || status.code >= 500 {
                throw .request(endpoint: url, .transient(detail: detail, retryAfter: headers.first(name: "Retry-After").flatMap(Double.init)))
            }
            throw .request(endpoint: url, .permanent(detail: detail))
        }
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            throw .response(endpoint: url, detail: "body is not JSON: \(String(buffer: bytes).prefix(200))", transient: true)
        }
    }

    /// The error message of FastAPI (`{"detail"}`), OpenAI (`{"error": {"message"}}`) or vLLM
    /// (`{"message"}`) error bodies, else the start of the body.
    static func errorMessage(in bytes: ByteBuffer) -> String {
        let text = String(buffer: bytes)
        if let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            for key in ["error", "message", "detail"] {
                if let message = object[key] as? String { return message }
            }
            if let detail = object["detail"] { return "\(detail)" }
        }
        return String(text.prefix(300))
    }
}
