/// An SFT example tokenized through the target's chat template.
public struct SFTExample: Sendable, Equatable {
    /// The whole conversation's token ids (truncated to the maximum length).
    public var tokens: [Int32]
    /// True for tokens the loss counts: every token an assistant turn adds after its generation
    /// prompt (the content, the end-of-turn token and what the template writes after it).
    public var assistantMask: [Bool]

    /// Next-token targets: targets[n] = tokens[n + 1] where that token is an assistant token, else −1.
    public var targets: [Int32] {
        tokens.indices.map { n in n + 1 < tokens.count && assistantMask[n + 1] ? tokens[n + 1] : -1 }
    }

    /// Tokens the loss counts.
    public var assistantTokenCount: Int { assistantMask.dropFirst().reduce(0) { $0 + ($1 ? 1 : 0) } }
}

/// A DPO pair tokenized through the target's chat template: the prompt (with the generation
/// prompt) is a token prefix of both whole conversations.
public struct DPOExample: Sendable, Equatable {
    /// Prompt tokens (rendered with the generation prompt).
    public var promptLength: Int
    /// prompt + chosen, rendered as one conversation (truncated to the maximum length).
    public var chosen: [Int32]
    /// prompt + rejected, rendered as one conversation (truncated to the maximum length).
    public var rejected: [Int32]

    /// Response tokens of the chosen side (after the prompt).
    public var chosenLength: Int { chosen.count - promptLength }
    /// Response tokens of the rejected side.
    public var rejectedLength: Int { rejected.count - promptLength }

    /// Next-token targets of one side: the response tokens, −1 on the prompt.
    static func targets(_ tokens: [Int32], promptLength: Int) -> [Int32] {
        tokens.indices.map { n in n + 1 < tokens.count && n + 1 >= promptLength ? tokens[n + 1] : -1 }
    }
}
