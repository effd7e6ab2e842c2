import Foundation

/// A model's chat template, rendered exactly like `transformers`'
/// `tokenizer.apply_chat_template(messages, tokenize=False, ...)`.
///
/// ```swift
/// let template = try ChatTemplate.resolve(embedded: gguf.chatTemplate, architecture: "gemma3")
/// if template.isBuiltin { print("note: using FuseChat's built-in \(template.name) template") }
/// let prompt = try template.render([ChatMessage(role: "user", "Hello")],
///                                  options: .init(addGenerationPrompt: true, bosToken: "<bos>"))
/// ```
public struct ChatTemplate {
    /// The Jinja source.
    public let source: String
    /// True when the model file carried no template and a FuseChat built-in is used instead.
    public let isBuiltin: Bool
    /// A short name for messages: "embedded" or the built-in's name (e.g. "gemma3").
    public let name: String
    private let template: JinjaTemplate

    /// Compiles a template's source (e.g. a GGUF's `tokenizer.chat_template`).
    public init(source: String, limits: JinjaLimits = JinjaLimits()) throws(JinjaError) {
        try self.init(source: source, isBuiltin: false, name: "embedded", limits: limits)
    }

    private init(source: String, isBuiltin: Bool, name: String, limits: JinjaLimits) throws(JinjaError) {
        self.source = source
        self.isBuiltin = isBuiltin
        self.name = name
        template = try JinjaTemplate(source, limits: limits)
    }

    /// The built-in template for a `general.architecture` value, for files that carry none
    /// (currently `gemma3`, the official Gemma 3 instruct template); nil when there is none.
    public static func builtin(forArchitecture architecture: String) -> ChatTemplate? {
        guard let source = BuiltinChatTemplates.source(forArchitecture: architecture) else { return nil }
        // Built-in sources are compiled by the tests; a failure here is a programming error.
        return try! ChatTemplate(source: source, isBuiltin: true, name: architecture, limits: JinjaLimits())
    }

    /// The file's own template when it has one, else the architecture's built-in.
    public static func resolve(embedded: String?, architecture: String) throws(ChatTemplateError) -> ChatTemplate {
        if let embedded, !embedded.isEmpty {
            do { return try ChatTemplate(source: embedded) } catch { throw .invalidTemplate(error) }
        }
        guard let builtin = builtin(forArchitecture: architecture) else { throw .noTemplate(architecture: architecture) }
        return builtin
    }

    /// Renders a conversation.
    public func render(_ messages: [ChatMessage], options: ChatTemplateOptions = ChatTemplateOptions()) throws(JinjaError) -> String {
        try render(messageValues: messages.map(\.templateValue), options: options)
    }

    /// Renders a conversation given as template values (e.g. parsed from JSON); `None`-valued
    /// message fields are dropped first, as transformers does.
    public func render(messageValues: [JinjaValue], options: ChatTemplateOptions = ChatTemplateOptions()) throws(JinjaError) -> String {
        let messages: [JinjaValue] = messageValues.map { m in
            guard case let .object(o) = m else { return m }
            return .object(JinjaObject(o.pairs.filter { !$0.1.isNone }))
        }
        var context: [String: JinjaValue] = [:]
        for (k, v) in options.specialTokens { context[k] = .string(v) }
        if let bos = options.bosToken { context["bos_token"] = .string(bos) }
        if let eos = options.eosToken { context["eos_token"] = .string(eos) }
        for (k, v) in options.extraContext { context[k] = v }
        context["messages"] = .array(messages)
        context["tools"] = options.tools.map { .array($0) } ?? JinjaValue.none
        context["documents"] = options.documents.map { .array($0) } ?? JinjaValue.none
        context["add_generation_prompt"] = .bool(options.addGenerationPrompt)
        return try template.render(context, now: options.now ?? Date(), timeZone: options.timeZone)
    }
}

/// What `apply_chat_template` passes to the template besides the messages.
public struct ChatTemplateOptions {
    /// Append the assistant turn opener (`add_generation_prompt=True`).
    public var addGenerationPrompt: Bool
    public var bosToken: String?
    public var eosToken: String?
    /// Other special tokens by their transformers name (`unk_token`, `pad_token`, ...).
    public var specialTokens: [String: String]
    /// Tool JSON schemas (`tools=`); nil passes `None`.
    public var tools: [JinjaValue]?
    /// RAG documents (`documents=`); nil passes `None`.
    public var documents: [JinjaValue]?
    /// Further template variables (e.g. `date_string`, `enable_thinking`); these override special tokens.
    public var extraContext: [String: JinjaValue]
    /// The moment `strftime_now` formats; nil means now. Set it for reproducible prompts.
    public var now: Date?
    /// The zone `strftime_now` shows `now` in (Python's `datetime.now()` uses the machine's).
    public var timeZone: TimeZone

    public init(addGenerationPrompt: Bool = false, bosToken: String? = nil, eosToken: String? = nil,
                specialTokens: [String: String] = [:], tools: [JinjaValue]? = nil, documents: [JinjaValue]? = nil,
                extraContext: [String: JinjaValue] = [:], now: Date? = nil, timeZone: TimeZone = .current) {
        self.addGenerationPrompt = addGenerationPrompt
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.specialTokens = specialTokens
        self.tools = tools
        self.documents = documents
        self.extraContext = extraContext
        self.now = now
        self.timeZone = timeZone
    }
}

/// Why no usable chat template could be found for a model.
public enum ChatTemplateError: Error, CustomStringConvertible {
    case invalidTemplate(JinjaError)
    case noTemplate(architecture: String)

    public var description: String {
        switch self {
        case let .invalidTemplate(e): return "the model's chat_template does not compile: \(e)"
        case let .noTemplate(a): return "the model carries no chat_template and FuseChat has no built-in template for architecture '\(a)'"
        }
    }
}
