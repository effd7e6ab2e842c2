import FuseData

/// One response a backend produced.
public struct Completion: Sendable, Hashable {
    public var text: String
    /// `stop`, `length`, ...
    public var finishReason: String
    /// Completion tokens as the backend counted them, if it said.
    public var tokenCount: Int?

    public init(text: String, finishReason: String, tokenCount: Int?) {
        self.text = text
        self.finishReason = finishReason
        self.tokenCount = tokenCount
    }
}

/// Anything that answers a conversation: an OpenAI-compatible endpoint (vLLM, SGLang, llama.cpp
/// server, Ollama, `fusechat serve`) or a model run in-process.
public protocol ChatBackend: Sendable {
    /// `openai:<base url>` or `local:<model>`, recorded with every sample.
    var identifier: String { get }
    /// Whether one request can return several choices (`n`); otherwise the sampler fans out.
    var supportsMultipleChoices: Bool { get }
    /// Whether it computes on this machine's CPU (a model run in-process). The sampler runs such
    /// sources one after another, each with every core, instead of side by side.
    var runsOnThisMachine: Bool { get }
    /// Draws `n` responses to `messages`.
    func complete(messages: [ChatMessage], n: Int, settings: SamplingSettings, seed: UInt64?) async throws(BackendError) -> [Completion]
}

extension ChatBackend {
    public var runsOnThisMachine: Bool { false }
}

/// A failed request, classified for the retry policy.
public enum BackendError: Error, CustomStringConvertible, Equatable {
    /// Worth retrying: 429, 5xx, 408, timeouts, broken connections, unparseable bodies.
    /// `retryAfter` is the server's Retry-After in seconds, if it sent one.
    case transient(detail: String, retryAfter: Double?)
    /// Retrying cannot help: other 4xx (unknown model, bad parameter), invalid configuration.
    case permanent(detail: String)

    public var isTransient: Bool { if case .transient = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .transient(let detail, _), .permanent(let detail): return detail
        }
    }
}
