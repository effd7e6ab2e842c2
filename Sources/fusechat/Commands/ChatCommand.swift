import ArgumentParser
import Foundation
import FuseModels
import FuseText

/// `fusechat chat MODEL`: an interactive conversation, streamed token by token.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Talk with a local model (GGUF file, Hugging Face folder or demo name), streaming its replies.",
        discussion: """
            Each line read from standard input is a user message; the reply streams to standard \
            output. The conversation is rendered with the model's own chat template; when it no \
            longer fits the context, the oldest exchanges are dropped (the system message stays). \
            Commands: /reset (forget the conversation), /system TEXT (set the system message), \
            /exit or end of input (quit). Input may be piped: `printf 'Hi\\n' | fusechat chat MODEL`.
            """)

    @OptionGroup var model: ModelArgument
    @Option(help: "System message.") var system: String?
    @Option(name: .customLong("context-length"), help: "Tokens of conversation plus reply (default: the model's, at most 8192).") var contextLength: Int?
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var arithmetic: ActivationOption

    func run() async throws {
        let chat = try LocalChatModel(model.model, contextLength: contextLength, maxBatch: 1, activations: arithmetic.activations)
        defer { chat.close() }
        if chat.template.isBuiltin { printNote("note: no chat template in the model's files; built-in \(chat.template.name) template used") }
        let session = ChatSession(model: chat, parameters: sampling.parameters, system: system)
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive { printNote("\(model.model): /reset, /system TEXT, /exit") }
        while true {
            if interactive { FileHandle.standardError.write(Data("> ".utf8)) }
            guard let line = readLine() else { break }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            switch text {
            case "/exit", "/quit": return
            case "/reset": session.reset(); printNote("(conversation cleared)"); continue
            case _ where text.hasPrefix("/system"):
                let value = text.dropFirst("/system".count).trimmingCharacters(in: .whitespaces)
                session.system = value.isEmpty ? nil : value
                printNote(value.isEmpty ? "(system message removed)" : "(system message set)")
                continue
            default: break
            }
            let started = Date()
            let reply: ChatSession.Reply
            do {
                reply = try await session.send(text) { delta in FileHandle.standardOutput.write(Data(delta.text.utf8)) }
            } catch {
                printNote("error: \(error) (message not sent; the conversation goes on)")
                continue
            }
            FileHandle.standardOutput.write(Data("\n".utf8))
            if reply.droppedTurns > 0 { printNote("(dropped the \(reply.droppedTurns) oldest exchange(s) to fit the context)") }
            if interactive {
                let seconds = Date().timeIntervalSince(started), count = reply.sequence.tokens.count
                printNote(String(format: "[%d tokens, %.1f tok/s, %@]", count, Double(count) / seconds, reply.sequence.finishReason.rawValue))
            }
        }
    }
}
