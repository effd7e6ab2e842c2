import FuseText

/// One chat message of a training record (`{"role": ..., "content": ...}`), as written by the
/// data pipeline in TRL's conversational format.
public struct TrainingMessage: Codable, Sendable, Hashable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    var templateValue: JinjaValue {
        var o = JinjaObject()
        o["role"] = .string(role)
        o["content"] = .string(content)
        return .object(o)
    }
}

/// An SFT record: `{"messages": [...]}` (other fields, such as provenance, are ignored).
public struct SFTConversation: Codable, Sendable, Hashable {
    public var messages: [TrainingMessage]
    public init(messages: [TrainingMessage]) { self.messages = messages }
}

/// A DPO record in TRL's conversational preference format: `{"prompt": [...], "chosen": [...],
/// "rejected": [...]}` (other fields are ignored).
public struct PreferencePair: Codable, Sendable, Hashable {
    public var prompt: [TrainingMessage]
    public var chosen: [TrainingMessage]
    public var rejected: [TrainingMessage]
    public init(prompt: [TrainingMessage], chosen: [TrainingMessage], rejected: [TrainingMessage]) {
        self.prompt = prompt
        self.chosen = chosen
        self.rejected = rejected
    }
}
