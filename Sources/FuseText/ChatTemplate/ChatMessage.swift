/// One message of a conversation, as `transformers.apply_chat_template` receives it.
public struct ChatMessage: Equatable {
    /// A message's content: plain text or a list of parts (`{"type": "text", "text": ...}`, images...).
    public enum Content: Equatable {
        case text(String)
        case parts([JinjaValue])
    }

    public var role: String
    public var content: Content?
    /// Optional speaker or tool name.
    public var name: String?
    /// OpenAI-style tool calls (`[{"type": "function", "function": {"name", "arguments"}, "id"}]`).
    public var toolCalls: [JinjaValue]?
    /// The id of the call a `tool` message answers.
    public var toolCallID: String?
    /// Any further fields a template reads (e.g. `reasoning_content`), in order.
    public var extra: [(String, JinjaValue)]

    public init(role: String, content: Content?, name: String? = nil, toolCalls: [JinjaValue]? = nil,
                toolCallID: String? = nil, extra: [(String, JinjaValue)] = []) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.extra = extra
    }

    /// A message with plain-text content.
    public init(role: String, _ text: String) {
        self.init(role: role, content: .text(text))
    }

    /// The dict the template sees; absent fields are left out (transformers drops `None` values).
    public var templateValue: JinjaValue {
        var o = JinjaObject()
        o["role"] = .string(role)
        switch content {
        case let .text(t)?: o["content"] = .string(t)
        case let .parts(p)?: o["content"] = .array(p)
        case nil: break
        }
        if let name { o["name"] = .string(name) }
        if let toolCalls { o["tool_calls"] = .array(toolCalls) }
        if let toolCallID { o["tool_call_id"] = .string(toolCallID) }
        for (k, v) in extra where !v.isNone { o[k] = v }
        return .object(o)
    }

    public static func == (a: ChatMessage, b: ChatMessage) -> Bool { a.templateValue == b.templateValue }
}
