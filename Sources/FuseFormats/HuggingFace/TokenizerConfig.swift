/// The parts of `tokenizer_config.json` a loader needs: chat templates and the special-token
/// settings; everything else stays available as `raw`.
public struct TokenizerConfig: Sendable, Equatable {
    /// Name of the template used when none is asked for.
    public static let defaultTemplateName = "default"

    /// Chat templates by name. A plain string `chat_template` is stored as `"default"`; the list
    /// form `[{"name": ..., "template": ...}]` keeps its names.
    public var chatTemplates: [String: String]
    public var bosToken: String?
    public var eosToken: String?
    public var unkToken: String?
    public var padToken: String?
    /// `add_bos_token` / `add_eos_token` when the file states them.
    public var addBosToken: Bool?
    public var addEosToken: Bool?
    /// The whole file.
    public var raw: [String: JSONValue]

    /// The default chat template (`nil` when the file has none).
    public var chatTemplate: String? { chatTemplates[Self.defaultTemplateName] }

    /// Reads the fields from the file's JSON object; `path` names the file in errors.
    public init(json: [String: JSONValue], path: String) throws(HuggingFaceError) {
        raw = json
        chatTemplates = try Self.templates(json["chat_template"], path: path)
        bosToken = try Self.token(json, "bos_token", path: path)
        eosToken = try Self.token(json, "eos_token", path: path)
        unkToken = try Self.token(json, "unk_token", path: path)
        padToken = try Self.token(json, "pad_token", path: path)
        addBosToken = try Self.flag(json, "add_bos_token", path: path)
        addEosToken = try Self.flag(json, "add_eos_token", path: path)
    }

    static func templates(_ value: JSONValue?, path: String) throws(HuggingFaceError) -> [String: String] {
        switch value {
        case nil, .null?: return [:]
        case .string(let text)?: return [defaultTemplateName: text]
        case .array(let entries)?:
            var templates: [String: String] = [:]
            for entry in entries {
                guard case .string(let name)? = entry["name"], case .string(let text)? = entry["template"] else {
                    throw .invalidField(path: path, field: "chat_template",
                                        detail: "list entries must be {\"name\": string, \"template\": string}, found \(entry)")
                }
                templates[name] = text
            }
            return templates
        case let other?:
            throw .invalidField(path: path, field: "chat_template", detail: "is \(other), expected a string or a list of named templates")
        }
    }

    /// A special token given as a string or as an AddedToken object `{"content": ...}`.
    static func token(_ json: [String: JSONValue], _ field: String, path: String) throws(HuggingFaceError) -> String? {
        switch json[field] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .object(let object)?:
            guard case .string(let content)? = object["content"] else {
                throw .invalidField(path: path, field: field, detail: "is an object without a string 'content'")
            }
            return content
        case let other?: throw .invalidField(path: path, field: field, detail: "is \(other), expected a string or {\"content\": string}")
        }
    }

    static func flag(_ json: [String: JSONValue], _ field: String, path: String) throws(HuggingFaceError) -> Bool? {
        switch json[field] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw .invalidField(path: path, field: field, detail: "is \(other), expected true or false")
        }
    }
}
