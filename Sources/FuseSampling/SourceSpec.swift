import Foundation
import FuseData
import FuseModels

/// A source as a recipe or the command line declares it, before its backend exists.
///
/// Command-line form: comma-separated `key=value` pairs, e.g.
/// `name=qwen,url=http://127.0.0.1:8000/v1,model=Qwen2.5-72B-Instruct,n=5,preset=fusechat3-qwen`.
/// Keys: `name`, `url` (OpenAI-compatible base URL, with `/v1`) or `local` (a model run
/// in-process: demo name, `.gguf` file or Hugging Face folder), `model`, `batch` (local: samples
/// decoded together, default 8), `activations` (local: `float32` or `int8`, see
/// `ActivationPrecision`), `api-key-env` (name of
/// the environment variable holding the key), `n`, `preset` (`fusechat3`, `fusechat3-qwen`,
/// `greedy`), `temperature`, `top-p`, `top-k`, `min-p`, `repetition-penalty`, `max-tokens`,
/// `concurrency`, `server-n` (`true` when the server honours `n`: vLLM, SGLang, `fusechat serve`;
/// `false` for llama.cpp server and Ollama: seeded fan-out), `seed`, `timeout`, `retries`,
/// `domains` (`+`-separated).
public struct SourceSpec: Codable, Sendable, Hashable {
    public var name: String
    /// OpenAI-compatible base URL (empty for a local source).
    public var url: String
    /// A model run in-process instead of over HTTP.
    public var local: String?
    /// Local sources: samples decoded together in one batch.
    public var batch: Int?
    /// Local sources: the decode arithmetic with quantized weights (default float32).
    public var activations: ActivationPrecision?
    public var model: String
    public var apiKeyEnv: String?
    public var n: Int
    public var preset: String?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var minP: Double?
    public var repetitionPenalty: Double?
    public var maxTokens: Int
    public var concurrency: Int
    public var serverN: Bool
    public var seed: UInt64
    public var timeout: Double
    public var retries: Int
    public var domains: [Domain]?

    public init(name: String, url: String, model: String, apiKeyEnv: String? = nil, n: Int = 5,
                preset: String? = nil, maxTokens: Int = 2048, concurrency: Int = 8, serverN: Bool = true,
                seed: UInt64 = 0, timeout: Double = 600, retries: Int = 6, domains: [Domain]? = nil) {
        self.name = name
        self.url = url
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.n = n
        self.preset = preset
        self.maxTokens = maxTokens
        self.concurrency = concurrency
        self.serverN = serverN
        self.seed = seed
        self.timeout = timeout
        self.retries = retries
        self.domains = domains
    }

    /// Parses the command-line form.
    public init(parsing text: String) throws(SourceSpecError) {
        var fields: [String: String] = [:]
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty else { throw .malformed(text: text, part: String(part)) }
            fields[pieces[0]] = pieces[1]
        }
        func required(_ key: String) throws(SourceSpecError) -> String {
            guard let value = fields.removeValue(forKey: key), !value.isEmpty else { throw .missing(key: key, text: text) }
            return value
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ type: T.Type) throws(SourceSpecError) -> T? {
            guard let raw = fields.removeValue(forKey: key) else { return nil }
            guard let value = T(raw) else { throw .invalid(key: key, value: raw, expected: "\(T.self)") }
            return value
        }
        let name = try required("name")
        let local = fields.removeValue(forKey: "local")
        let url = local == nil ? try required("url") : ""
        if local != nil, let given = fields["url"] { throw .invalid(key: "url", value: given, expected: "either url or local, not both") }
        self.init(name: name, url: url, model: fields.removeValue(forKey: "model") ?? local ?? name)
        self.local = local
        batch = try number("batch", Int.self)
        if let raw = fields.removeValue(forKey: "activations") {
            guard let value = ActivationPrecision(rawValue: raw) else {
                throw .invalid(key: "activations", value: raw, expected: ActivationPrecision.allCases.map(\.rawValue).joined(separator: " or "))
            }
            activations = value
        }
        apiKeyEnv = fields.removeValue(forKey: "api-key-env")
        n = try number("n", Int.self) ?? n
        preset = fields.removeValue(forKey: "preset")
        temperature = try number("temperature", Double.self)
        topP = try number("top-p", Double.self)
        topK = try number("top-k", Int.self)
        minP = try number("min-p", Double.self)
        repetitionPenalty = try number("repetition-penalty", Double.self)
        maxTokens = try number("max-tokens", Int.self) ?? maxTokens
        concurrency = try number("concurrency", Int.self) ?? concurrency
        serverN = try number("server-n", Bool.self) ?? serverN
        seed = try number("seed", UInt64.self) ?? seed
        timeout = try number("timeout", Double.self) ?? timeout
        retries = try number("retries", Int.self) ?? retries
        if let raw = fields.removeValue(forKey: "domains") {
            var parsed: [Domain] = []
            for name in raw.split(separator: "+") {
                guard let domain = Domain(rawValue: String(name)) else {
                    throw .invalid(key: "domains", value: raw, expected: Domain.allCases.map(\.rawValue).joined(separator: "+"))
                }
                parsed.append(domain)
            }
            domains = parsed
        }
        if let unknown = fields.keys.sorted().first { throw .unknownKey(key: unknown, text: text) }
        _ = try settings()
    }

    /// The effective sampling settings: the preset (default `fusechat3`), then explicit values.
    public func settings() throws(SourceSpecError) -> SamplingSettings {
        let presetName = preset ?? SamplingPreset.fusechat3.rawValue
        guard let base = SamplingPreset(rawValue: presetName) else {
            throw .invalid(key: "preset", value: presetName, expected: SamplingPreset.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var settings = base.settings(maxTokens: maxTokens)
        if let temperature { settings.temperature = temperature }
        if let topP { settings.topP = topP }
        if let topK { settings.topK = topK }
        if let minP { settings.minP = minP }
        if let repetitionPenalty { settings.repetitionPenalty = repetitionPenalty }
        return settings
    }

    /// A sampler source talking to this spec's endpoint.
    public func config(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SourceSpecError) -> SourceConfig {
        var apiKey: String?
        if let variable = apiKeyEnv {
            guard let value = environment[variable], !value.isEmpty else { throw .missingAPIKey(source: name, variable: variable) }
            apiKey = value
        }
        let backend: any ChatBackend
        if let local {
            do {
                backend = LocalBackend(model: try LocalChatModel(local, maxBatch: batch ?? 8,
                                                                 activations: activations ?? LocalChatModel.defaultActivations))
            } catch { throw .localModel(source: name, detail: error.description) }
        } else {
            backend = OpenAIBackend(baseURL: url, model: model, apiKey: apiKey, supportsMultipleChoices: serverN,
                                    requestTimeout: timeout)
        }
        return SourceConfig(name: name, backend: backend, samplesPerPrompt: n, settings: try settings(),
                            concurrency: concurrency, retry: RetryPolicy(maxAttempts: max(1, retries)), seed: seed,
                            domains: domains.map(Set.init))
    }

    enum CodingKeys: String, CodingKey {
        case name, url, local, batch, model, n, preset, temperature, seed, timeout, retries, domains, concurrency
        case apiKeyEnv = "api_key_env"
        case topP = "top_p"
        case topK = "top_k"
        case minP = "min_p"
        case repetitionPenalty = "repetition_penalty"
        case maxTokens = "max_tokens"
        case serverN = "server_n"
    }
}

/// Why a source declaration is invalid.
public enum SourceSpecError: Error, CustomStringConvertible, Equatable {
    case malformed(text: String, part: String)
    case missing(key: String, text: String)
    case invalid(key: String, value: String, expected: String)
    case unknownKey(key: String, text: String)
    case missingAPIKey(source: String, variable: String)
    case localModel(source: String, detail: String)

    public var description: String {
        switch self {
        case .malformed(let text, let part): return "source '\(text)': '\(part)' is not key=value"
        case .missing(let key, let text): return "source '\(text)': missing \(key)=..."
        case .invalid(let key, let value, let expected): return "source field \(key)=\(value): expected \(expected)"
        case .unknownKey(let key, let text): return "source '\(text)': unknown key '\(key)'"
        case .localModel(let source, let detail): return "source \(source): cannot open its local model: \(detail)"
        case .missingAPIKey(let source, let variable): return "source \(source): environment variable \(variable) (its API key) is not set"
        }
    }
}
