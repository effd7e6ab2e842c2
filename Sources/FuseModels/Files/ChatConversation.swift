import FuseText

/// A conversation read from a JSON file for rendering: a list of messages
/// (`[{"role": "user", "content": "..."}, ...]`), or an object with `messages` and optionally
/// `tools` (the TRL / OpenAI request shape). Messages keep their key order and extra fields.
public struct ChatConversation {
    public var messages: [JinjaValue]
    public var tools: [JinjaValue]?

    public init(messages: [JinjaValue], tools: [JinjaValue]? = nil) {
        self.messages = messages
        self.tools = tools
    }

    /// Parses the JSON text of a conversation; `source` names the file in errors.
    public init(json text: String, source: String) throws(ChatConversationError) {
        let value: JinjaValue
        do { value = try JinjaJSON.parse(text) } catch { throw .invalid(source: source, detail: error.description) }
        var tools: JinjaValue?
        let list: JinjaValue?
        switch value {
        case .array: list = value
        case .object(let object):
            list = object["messages"]
            tools = object["tools"]
        default: list = nil
        }
        guard case .array(let messages)? = list else {
            throw .invalid(source: source, detail: "expected a list of messages or an object with \"messages\": [...]")
        }
        for (index, message) in messages.enumerated() {
            guard case .object(let fields) = message, case .string? = fields["role"] else {
                throw .invalid(source: source, detail: "message \(index) must be an object with a string \"role\"")
            }
        }
        switch tools {
        case nil, .none?: self.tools = nil
        case .array(let list)?: self.tools = list
        default: throw .invalid(source: source, detail: "\"tools\" must be a list")
        }
        self.messages = messages
    }
}

/// Why a conversation file could not be used.
public enum ChatConversationError: Error, CustomStringConvertible, Equatable {
    case invalid(source: String, detail: String)

    public var description: String {
        switch self {
        case .invalid(let source, let detail): return "\(source): \(detail)"
        }
    }
}

/// A conversation rendered by a chat template, and the token ids of that text.
public struct RenderedChat: Sendable, Equatable {
    public let text: String
    /// `tokenizer.encode(text, addSpecialTokens: false)`, as `apply_chat_template(tokenize=True)`.
    public let ids: [Int]
}

extension ModelFiles {
    /// Renders `conversation` with the model's chat template and tokenizes the result without
    /// adding special tokens (the template writes them), as `apply_chat_template` does.
    public func render(_ conversation: ChatConversation, addGenerationPrompt: Bool, tokenizer: BPETokenizer,
                       template: ChatTemplate) throws(JinjaError) -> RenderedChat {
        var options = templateOptions(tokenizer: tokenizer, addGenerationPrompt: addGenerationPrompt)
        options.tools = conversation.tools
        let text = try template.render(messageValues: conversation.messages, options: options)
        return RenderedChat(text: text, ids: tokenizer.encode(text, addSpecialTokens: false))
    }
}
