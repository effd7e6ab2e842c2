import FuseText

/// A multi-turn conversation with a local model: the history is rendered with the model's own
/// chat template at every turn, and the oldest exchanges are dropped (the system message kept)
/// when the conversation no longer leaves `reserve` tokens for the reply in the context.
public final class ChatSession {
    public let model: LocalChatModel
    public var parameters: GenerationParameters
    /// The system message, if any; it survives `reset()` and trimming.
    public var system: String?
    /// User and assistant turns, oldest first.
    public private(set) var turns: [ChatMessage] = []
    /// Tokens kept free for the reply when the history is trimmed to the context (at least 1).
    public var reserve: Int

    public init(model: LocalChatModel, parameters: GenerationParameters, system: String? = nil) {
        self.model = model
        self.parameters = parameters
        self.system = system
        reserve = max(1, min(parameters.maxTokens, model.engine.contextLength / 2))
    }

    /// The messages sent to the template: the system message, then the turns.
    public var messages: [ChatMessage] {
        (system.map { [ChatMessage(role: "system", $0)] } ?? []) + turns
    }

    /// Forgets the turns (keeps the system message).
    public func reset() { turns = [] }

    /// What a call to `send` reports besides the reply.
    public struct Reply {
        public let sequence: GeneratedSequence
        public let promptTokens: Int
        /// User/assistant exchanges dropped from the start of the history to fit the context.
        public let droppedTurns: Int
    }

    /// Adds `text` as a user turn, generates the reply (streamed to `onDelta`) and adds it as an
    /// assistant turn. On failure the user turn is taken back, so the history stays consistent.
    public func send(_ text: String, onDelta: (@Sendable (GenerationDelta) -> Void)? = nil) async throws(LocalModelError) -> Reply {
        turns.append(ChatMessage(role: "user", text))
        var dropped = 0
        do throws(LocalModelError) {
            var prompt = try model.promptTokens(for: messages)
            while prompt.count + reserve > model.engine.contextLength && turns.count > 1 {
                turns.removeFirst(min(2, turns.count - 1))
                dropped += 1
                prompt = try model.promptTokens(for: messages)
            }
            let request = GenerationRequest(prompt: prompt, parameters: parameters, n: 1)
            let sequence: GeneratedSequence
            do { sequence = try await model.engine.generate(request, onDelta: onDelta)[0] } catch { throw LocalModelError.generation(error) }
            turns.append(ChatMessage(role: "assistant", sequence.text))
            return Reply(sequence: sequence, promptTokens: prompt.count, droppedTurns: dropped)
        } catch {
            turns.removeLast()
            throw error
        }
    }
}
