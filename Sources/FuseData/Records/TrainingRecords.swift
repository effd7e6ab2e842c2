/// Where a training example came from: which prompt, source, samples and scores.
public struct Provenance: Codable, Sendable, Hashable {
    public var promptId: String
    public var domain: Domain
    public var source: String
    public var chosenSampleId: String
    public var rejectedSampleId: String?
    public var chosenReward: Double?
    public var rejectedReward: Double?
    /// chosen reward minus rejected reward, when both exist.
    public var margin: Double?

    public init(promptId: String, domain: Domain, source: String, chosenSampleId: String,
                rejectedSampleId: String? = nil, chosenReward: Double? = nil, rejectedReward: Double? = nil,
                margin: Double? = nil) {
        self.promptId = promptId
        self.domain = domain
        self.source = source
        self.chosenSampleId = chosenSampleId
        self.rejectedSampleId = rejectedSampleId
        self.chosenReward = chosenReward
        self.rejectedReward = rejectedReward
        self.margin = margin
    }

    enum CodingKeys: String, CodingKey {
        case domain, source, margin
        case promptId = "prompt_id"
        case chosenSampleId = "chosen_sample_id"
        case rejectedSampleId = "rejected_sample_id"
        case chosenReward = "chosen_reward"
        case rejectedReward = "rejected_reward"
    }
}

/// An SFT example in TRL's conversational format (`{"messages": [...]}`) plus provenance.
public struct SFTRecord: Codable, Sendable, Hashable, Identifiable {
    public var messages: [ChatMessage]
    public var provenance: Provenance
    public var id: String { provenance.promptId }

    public init(messages: [ChatMessage], provenance: Provenance) {
        self.messages = messages
        self.provenance = provenance
    }
}

/// A DPO pair in TRL's conversational preference format (`{"prompt", "chosen", "rejected"}`,
/// each a list of messages) plus provenance.
public struct DPOPair: Codable, Sendable, Hashable, Identifiable {
    public var prompt: [ChatMessage]
    public var chosen: [ChatMessage]
    public var rejected: [ChatMessage]
    public var provenance: Provenance
    public var id: String { provenance.promptId }

    public init(prompt: [ChatMessage], chosen: [ChatMessage], rejected: [ChatMessage], provenance: Provenance) {
        self.prompt = prompt
        self.chosen = chosen
        self.rejected = rejected
        self.provenance = provenance
    }
}
