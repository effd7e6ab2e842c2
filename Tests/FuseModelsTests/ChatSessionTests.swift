import FuseModels
import FuseText
import Testing

@Suite("Chat sessions")
struct ChatSessionTests {
    let greedy = GenerationParameters(temperature: 0, maxTokens: 12)

    @Test("each turn renders the whole history with the template and answers as a one-shot request would")
    func historyIsRendered() async throws {
        let model = try LocalChatModel("smollm2-135m-instruct", contextLength: 1024, maxBatch: 1)
        defer { model.close() }
        let session = ChatSession(model: model, parameters: greedy, system: "You are terse.")
        let first = try await session.send("Name a colour.")
        let second = try await session.send("Another one?")
        let history = [ChatMessage(role: "system", "You are terse."), ChatMessage(role: "user", "Name a colour."),
                       ChatMessage(role: "assistant", first.sequence.text), ChatMessage(role: "user", "Another one?")]
        let expectedPrompt = try model.promptTokens(for: history)
        #expect(second.promptTokens == expectedPrompt.count)
        let oneShot = try await model.respond(to: history, parameters: greedy)[0]
        #expect(second.sequence.tokens == oneShot.tokens)
        #expect(session.turns.map(\.role) == ["user", "assistant", "user", "assistant"])
        session.reset()
        #expect(session.turns.isEmpty && session.messages.count == 1)
    }

    @Test("the oldest exchanges are dropped to fit the context, the system message stays")
    func trimsToContext() async throws {
        let model = try LocalChatModel("smollm2-135m-instruct", contextLength: 120, maxBatch: 1)
        defer { model.close() }
        let session = ChatSession(model: model, parameters: greedy, system: "Be brief.")
        var dropped = 0
        for i in 0..<6 {
            let reply = try await session.send("Message number \(i): tell me one short fact about the sea.")
            dropped += reply.droppedTurns
            #expect(reply.promptTokens + session.reserve <= 120)
        }
        #expect(dropped > 0)
        #expect(session.messages.first?.role == "system")
        #expect(session.turns.last?.role == "assistant" && session.turns.count < 12)
        #expect(session.turns.first?.role == "user")
    }

    @Test("a failed turn is taken back: the history stays as it was")
    func failureKeepsHistory() async throws {
        let model = try LocalChatModel("smollm2-135m-instruct", contextLength: 64, maxBatch: 1)
        defer { model.close() }
        let session = ChatSession(model: model, parameters: greedy)
        let long = String(repeating: "The sea is deep and wide. ", count: 40)
        await #expect(throws: LocalModelError.self) { try await session.send(long) }
        #expect(session.turns.isEmpty)
    }
}
