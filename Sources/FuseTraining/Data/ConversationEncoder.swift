import FuseModels
import FuseText

/// Tokenizes training conversations through the target model's own chat template, and finds the
/// assistant tokens by rendering prefixes: for each assistant message i, the tokens of
/// render(messages[...i]) after those of render(messages[..<i], generation prompt) are the
/// assistant's (content, end-of-turn token and whatever the template writes after it). Both
/// renderings must be token prefixes of the whole conversation's tokens, otherwise the record is
/// refused with `DataError.notAPrefix`.
///
/// Truncation: sequences longer than `maxLength` keep their first `maxLength` tokens; an SFT
/// example left without assistant tokens, or a DPO pair whose prompt takes `maxLength` tokens or
/// more, is refused.
public struct ConversationEncoder {
    public let tokenizer: BPETokenizer
    public let template: ChatTemplate
    /// Special tokens and other template variables (`addGenerationPrompt` is set per rendering).
    public var options: ChatTemplateOptions
    public var maxLength: Int

    public init(tokenizer: BPETokenizer, template: ChatTemplate, options: ChatTemplateOptions, maxLength: Int) {
        self.tokenizer = tokenizer
        self.template = template
        self.options = options
        self.maxLength = maxLength
    }

    /// The encoder of a model's files: its tokenizer, chat template and special tokens.
    public init(files: ModelFiles, maxLength: Int) throws(ModelFilesError) {
        let tokenizer = try files.tokenizer()
        self.init(tokenizer: tokenizer, template: try files.chatTemplate(),
                  options: files.templateOptions(tokenizer: tokenizer, addGenerationPrompt: false), maxLength: maxLength)
    }

    /// The token ids of `messages` rendered by the template (no special tokens added: the template
    /// writes them, as `apply_chat_template(tokenize=True)`).
    public func encode(_ messages: ArraySlice<TrainingMessage>, generationPrompt: Bool) throws(DataError) -> [Int] {
        var o = options
        o.addGenerationPrompt = generationPrompt
        let text: String
        do { text = try template.render(messageValues: messages.map(\.templateValue), options: o) } catch {
            throw .template(error.description)
        }
        return tokenizer.encode(text, addSpecialTokens: false)
    }

    /// The whole conversation's tokens and its assistant-token mask, truncated to `maxLength`.
    public func encodeSFT(_ messages: [TrainingMessage]) throws(DataError) -> SFTExample {
        guard messages.contains(where: { $0.role == "assistant" }) else { throw .noAssistantTurn }
        let full = try encode(messages[...], generationPrompt: false)
        var mask = [Bool](repeating: false, count: full.count)
        for (i, m) in messages.enumerated() where m.role == "assistant" {
            let start = try encode(messages[..<i], generationPrompt: true)
            let end = try encode(messages[...i], generationPrompt: false)
            guard full.starts(with: start) else { throw .notAPrefix(message: i, detail: "prompt tokens") }
            guard full.starts(with: end), end.count >= start.count else {
                throw .notAPrefix(message: i, detail: "tokens up to this message")
            }
            for n in start.count..<end.count { mask[n] = true }
        }
        let kept = min(full.count, maxLength)
        let example = SFTExample(tokens: full[..<kept].map { Int32($0) }, assistantMask: Array(mask[..<kept]))
        guard example.assistantTokenCount > 0 else { throw .nothingToLearn(maxLength: maxLength) }
        return example
    }

    /// The prompt (rendered with the generation prompt) and prompt + chosen / prompt + rejected
    /// rendered as whole conversations, each truncated to `maxLength`.
    public func encodeDPO(_ pair: PreferencePair) throws(DataError) -> DPOExample {
        let prompt = try encode(pair.prompt[...], generationPrompt: true)
        let chosen = try encode((pair.prompt + pair.chosen)[...], generationPrompt: false)
        let rejected = try encode((pair.prompt + pair.rejected)[...], generationPrompt: false)
        guard chosen.starts(with: prompt), chosen.count > prompt.count else {
            throw .notAPrefix(message: pair.prompt.count, detail: "prompt is not a token prefix of prompt + chosen")
        }
        guard rejected.starts(with: prompt), rejected.count > prompt.count else {
            throw .notAPrefix(message: pair.prompt.count, detail: "prompt is not a token prefix of prompt + rejected")
        }
        guard prompt.count < maxLength else { throw .promptTooLong(tokens: prompt.count, maxLength: maxLength) }
        return DPOExample(promptLength: prompt.count, chosen: chosen.prefix(maxLength).map { Int32($0) },
                          rejected: rejected.prefix(maxLength).map { Int32($0) })
    }
}
