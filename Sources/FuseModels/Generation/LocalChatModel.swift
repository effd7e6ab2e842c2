import Foundation
import FuseText

/// A chat model run in-process: its files, tokenizer, chat template and a generation engine.
/// Conversations are rendered with the model's own template (with the generation prompt) and
/// generation stops at the model's end-of-turn tokens.
public final class LocalChatModel: @unchecked Sendable {
    /// The name it was opened by (demo name or path).
    public let name: String
    public let files: ModelFiles
    public let tokenizer: BPETokenizer
    public let template: ChatTemplate
    public let engine: GenerationEngine

    /// The decode arithmetic models are opened with unless told otherwise.
    public static let defaultActivations = ActivationPrecision.float32

    /// Opens `reference` (a demo model name, a `.gguf` file or a Hugging Face folder).
    /// `chatTemplate` replaces the files' template (or supplies one where they have none);
    /// `activations` chooses the decode arithmetic with quantized weights.
    public init(_ reference: String, contextLength: Int? = nil, maxBatch: Int = 8, chatTemplate: ChatTemplate? = nil,
                activations: ActivationPrecision = LocalChatModel.defaultActivations,
                store: ModelStore = ModelStore()) throws(LocalModelError) {
        name = reference
        do {
            files = try ModelFiles.open(reference, store: store)
            tokenizer = try files.tokenizer()
            if let chatTemplate { template = chatTemplate } else { template = try files.chatTemplate() }
        } catch { throw .files(error) }
        let model: any LanguageModel
        do { model = try ModelLoader.load(files.location, activations: activations) } catch { throw .load(error) }
        engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: Self.endTokens(of: tokenizer),
                                  contextLength: contextLength, maxBatch: maxBatch)
    }

    /// Stops the engine's worker thread (queued requests fail with `cancelled`); call when done.
    public func close() { engine.shutdown() }

    /// The prompt tokens for `messages`, rendered with the generation prompt.
    public func promptTokens(for messages: [ChatMessage]) throws(LocalModelError) -> [Int] {
        let options = files.templateOptions(tokenizer: tokenizer, addGenerationPrompt: true)
        do {
            let text = try template.render(messages, options: options)
            return tokenizer.encode(text, addSpecialTokens: false)
        } catch { throw .template(error) }
    }

    /// The prompt tokens for a conversation read from JSON (messages with any extra fields, tools).
    public func promptTokens(for conversation: ChatConversation) throws(LocalModelError) -> [Int] {
        do {
            return try files.render(conversation, addGenerationPrompt: true, tokenizer: tokenizer, template: template).ids
        } catch { throw .template(error) }
    }

    /// `n` responses to `messages`.
    public func respond(to messages: [ChatMessage], n: Int = 1, parameters: GenerationParameters,
                        onDelta: (@Sendable (GenerationDelta) -> Void)? = nil) async throws(LocalModelError) -> [GeneratedSequence] {
        let prompt = try promptTokens(for: messages)
        do {
            return try await engine.generate(GenerationRequest(prompt: prompt, parameters: parameters, n: n), onDelta: onDelta)
        } catch { throw .generation(error) }
    }

    /// `n` responses to a conversation of plain-text (role, content) turns.
    public func respond(toTurns turns: [(role: String, content: String)], n: Int = 1, parameters: GenerationParameters,
                        onDelta: (@Sendable (GenerationDelta) -> Void)? = nil) async throws(LocalModelError) -> [GeneratedSequence] {
        try await respond(to: turns.map { ChatMessage(role: $0.role, $0.content) }, n: n, parameters: parameters, onDelta: onDelta)
    }

    /// End-of-sequence and end-of-turn ids, plus the end-of-turn markers of common templates
    /// (ChatML `<|im_end|>`, Gemma `<end_of_turn>`, Llama 3 `<|eot_id|>`) when the vocabulary has them.
    static func endTokens(of tokenizer: BPETokenizer) -> Set<Int> {
        var ids = Set([tokenizer.eosTokenID, tokenizer.eotTokenID].compactMap { $0 })
        for marker in ["<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|endoftext|>", "<|end|>"] {
            if let id = tokenizer.id(for: marker) { ids.insert(id) }
        }
        return ids
    }
}

/// Why a local model could not be opened or could not answer.
public enum LocalModelError: Error, CustomStringConvertible {
    case files(ModelFilesError)
    case load(ModelLoader.LoadError)
    case template(JinjaError)
    case generation(GenerationError)

    public var description: String {
        switch self {
        case .files(let e): return e.description
        case .load(let e): return e.description
        case .template(let e): return "chat template failed: \(e)"
        case .generation(let e): return e.description
        }
    }
}
