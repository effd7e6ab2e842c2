import FuseData
import FuseModels

/// A model run in-process by FuseChat's engine. Concurrent requests are batched by the model's
/// engine; `n` samples of one prompt share its prefill.
public struct LocalBackend: ChatBackend {
    public let model: LocalChatModel

    public init(model: LocalChatModel) { self.model = model }

    public var identifier: String { "local:\(model.name)" }
    public var supportsMultipleChoices: Bool { true }
    public var runsOnThisMachine: Bool { true }

    public func complete(messages: [ChatMessage], n: Int, settings: SamplingSettings,
                         seed: UInt64?) async throws(BackendError) -> [Completion] {
        let parameters = GenerationParameters(temperature: settings.temperature, topP: settings.topP, topK: settings.topK,
                                              minP: settings.minP, repetitionPenalty: settings.repetitionPenalty,
                                              seed: seed, maxTokens: settings.maxTokens)
        do {
            return try await model.respond(toTurns: messages.map { ($0.role, $0.content) }, n: n, parameters: parameters).map {
                Completion(text: $0.text, finishReason: $0.finishReason.rawValue, tokenCount: $0.tokens.count)
            }
        } catch {
            // Every local failure is deterministic (bad prompt, template error): retrying cannot help.
            throw .permanent(detail: "local model \(model.name): \(error)")
        }
    }
}
