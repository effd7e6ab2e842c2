import FuseFormats
import FuseModels
import FuseText

/// A `POST /v1/chat/completions` body, read field by field so that every mistake is reported with
/// the field's name. Unknown fields are ignored, as vLLM does.
struct ChatCompletionRequest {
    var model: String
    var messages: [ChatMessage]
    var n: Int
    var stream: Bool
    var includeUsageInStream: Bool
    var parameters: GenerationParameters

    init(json body: JSONValue) throws(OpenAIError) {
        guard let object = body.object else { throw .invalid("", "the request body must be a JSON object") }
        let fields = RequestFields(object)
        guard let model = try fields.string("model") else { throw .invalid("model", "'model' is required") }
        self.model = model
        guard let list = object["messages"]?.array, !list.isEmpty else {
            throw .invalid("messages", "'messages' must be a non-empty list of {\"role\", \"content\"} objects")
        }
        messages = try list.enumerated().map { (index, value) throws(OpenAIError) in try Self.message(value, index: index) }
        n = try fields.int("n") ?? 1
        guard (1...128).contains(n) else { throw .invalid("n", "'n' must be between 1 and 128, got \(n)") }
        stream = try fields.bool("stream") ?? false
        includeUsageInStream = object["stream_options"]?["include_usage"]?.bool ?? false
        var p = GenerationParameters()
        p.temperature = try fields.double("temperature") ?? 1
        p.topP = try fields.double("top_p") ?? 1
        p.topK = try fields.int("top_k").flatMap { $0 > 0 ? $0 : nil }
        p.minP = try fields.double("min_p").flatMap { $0 > 0 ? $0 : nil }
        p.repetitionPenalty = try fields.double("repetition_penalty")
        p.presencePenalty = try fields.double("presence_penalty") ?? 0
        p.frequencyPenalty = try fields.double("frequency_penalty") ?? 0
        if let seed = try fields.int("seed") { p.seed = UInt64(bitPattern: Int64(seed)) }
        let maxCompletionTokens = try fields.int("max_completion_tokens"), maxTokens = try fields.int("max_tokens")
        p.maxTokens = maxCompletionTokens ?? maxTokens ?? 512
        switch object["stop"] {
        case nil, .null?: break
        case .string(let s)?: p.stop = [s]
        case .array(let items)?:
            p.stop = try items.map { (item) throws(OpenAIError) in
                guard let s = item.string else { throw .invalid("stop", "'stop' must be a string or a list of strings") }
                return s
            }
        default: throw .invalid("stop", "'stop' must be a string or a list of strings")
        }
        p.logprobs = try fields.bool("logprobs") ?? false
        p.topLogprobs = try fields.int("top_logprobs") ?? 0
        if p.topLogprobs > 0 && !p.logprobs { throw .invalid("top_logprobs", "'top_logprobs' needs 'logprobs': true") }
        do { try p.validate() } catch {
            if case .invalidParameter(let field, _, _) = error { throw .invalid(field, error.description) }
            throw .invalid("", error.description)
        }
        parameters = p
    }

    private static func message(_ value: JSONValue, index: Int) throws(OpenAIError) -> ChatMessage {
        let path = "messages[\(index)]"
        guard let object = value.object, let role = object["role"]?.string else {
            throw .invalid(path, "\(path) must be an object with a string 'role'")
        }
        switch object["content"] {
        case .string(let text)?: return ChatMessage(role: role, text)
        case nil, .null?: return ChatMessage(role: role, content: nil)
        case .array(let parts)?:
            var text = ""
            for (k, part) in parts.enumerated() {
                guard part["type"]?.string == "text", let t = part["text"]?.string else {
                    throw .invalid("\(path).content[\(k)]", "\(path).content[\(k)]: only {\"type\": \"text\", \"text\": ...} parts are supported")
                }
                text += t
            }
            return ChatMessage(role: role, text)
        default:
            throw .invalid("\(path).content", "\(path).content must be a string or a list of text parts")
        }
    }
}

/// Typed access to optional request fields; a present field of the wrong type is an error.
private struct RequestFields {
    let object: [String: JSONValue]

    init(_ object: [String: JSONValue]) { self.object = object }

    private func present(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(OpenAIError) -> String? {
        guard let value = present(key) else { return nil }
        guard let s = value.string else { throw .invalid(key, "'\(key)' must be a string, got \(value)") }
        return s
    }

    func int(_ key: String) throws(OpenAIError) -> Int? {
        guard let value = present(key) else { return nil }
        if let i = value.int { return i }
        if let d = value.double, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        throw .invalid(key, "'\(key)' must be an integer, got \(value)")
    }

    func double(_ key: String) throws(OpenAIError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let d = value.double else { throw .invalid(key, "'\(key)' must be a number, got \(value)") }
        return d
    }

    func bool(_ key: String) throws(OpenAIError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let b = value.bool else { throw .invalid(key, "'\(key)' must be true or false, got \(value)") }
        return b
    }
}
