import ArgumentParser
import Foundation
import FuseFormats
import FuseModels
import FuseText

/// `fusechat generate MODEL --prompt TEXT`: one or more responses from a local model.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a response from a local model (GGUF file, Hugging Face folder or demo name).",
        discussion: """
            The prompt is sent as one user message (--prompt) or a conversation file (--messages, \
            a JSON list of messages or {"messages": [...]}) and rendered with the model's own chat \
            template; --raw feeds --prompt to the model as plain text instead. Generation stops at \
            the model's end-of-turn token, a --stop string or --max-tokens. Text streams to standard \
            output; --json prints every sample's text, token ids, finish reason and log-probs.
            """)

    @OptionGroup var model: ModelArgument
    @Option(help: "The user message.") var prompt: String?
    @Option(help: "JSON file with the conversation ('-' for standard input).") var messages: String?
    @Flag(help: "Use --prompt as raw text, without the chat template.") var raw = false
    @Option(help: "Number of samples.") var n: Int = 1
    @Option(name: .customLong("context-length"), help: "Tokens of prompt plus output per sample (default: the model's, at most 8192).") var contextLength: Int?
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var arithmetic: ActivationOption
    @OptionGroup var output: JSONOutputOption

    func validate() throws {
        guard (prompt == nil) != (messages == nil) else { throw ValidationError("give exactly one of --prompt and --messages") }
        if raw && prompt == nil { throw ValidationError("--raw needs --prompt") }
    }

    func run() async throws {
        let chat = try LocalChatModel(model.model, contextLength: contextLength, maxBatch: max(1, min(n, 16)),
                                      activations: arithmetic.activations)
        if chat.template.isBuiltin && !raw { printNote("note: no chat template in the model's files; built-in \(chat.template.name) template used") }
        let tokens: [Int]
        if let prompt, raw {
            tokens = chat.tokenizer.encode(prompt, addSpecialTokens: true)
        } else if let prompt {
            tokens = try chat.promptTokens(for: [ChatMessage(role: "user", prompt)])
        } else {
            let source = messages == "-" ? "standard input" : messages!
            tokens = try chat.promptTokens(for: try ChatConversation(json: try readText(messages!), source: source))
        }
        let streams = !output.json && n == 1
        let started = Date()
        let printDelta: @Sendable (GenerationDelta) -> Void = { delta in FileHandle.standardOutput.write(Data(delta.text.utf8)) }
        let request = GenerationRequest(prompt: tokens, parameters: sampling.parameters, n: n)
        let samples = try await chat.engine.generate(request, onDelta: streams ? printDelta : nil)
        let seconds = Date().timeIntervalSince(started)
        if output.json {
            print(JSONWriter.compact(.object([
                "model": .string(model.model), "prompt_tokens": .int(tokens.count),
                "samples": .array(samples.map { Self.json($0, tokenizer: chat.tokenizer) }),
            ])))
            return
        }
        for sample in samples {
            if !streams { print("--- sample \(sample.index) ---\n\(sample.text)") } else { print() }
        }
        let generated = samples.reduce(0) { $0 + $1.tokens.count }
        printNote(String(format: "[%d prompt tokens, %d generated in %.2f s (%.1f tok/s), finish: %@]", tokens.count, generated,
                         seconds, Double(generated) / seconds, samples.map { $0.finishReason.rawValue }.joined(separator: ",")))
    }

    static func json(_ sample: GeneratedSequence, tokenizer: BPETokenizer) -> JSONValue {
        var fields: [String: JSONValue] = [
            "index": .int(sample.index), "text": .string(sample.text), "tokens": .array(sample.tokens.map(JSONValue.int)),
            "finish_reason": .string(sample.finishReason.rawValue), "seed": .string(String(sample.seed)),
        ]
        if let stop = sample.stoppedBy { fields["stop"] = .string(stop) }
        if let logprobs = sample.logprobs {
            fields["logprobs"] = .array(logprobs.map { entry in
                .object([
                    "token": .int(entry.token), "text": .string(tokenizer.decode([entry.token], skipSpecialTokens: false)),
                    "logprob": .double(entry.logprob),
                    "top_logprobs": .array(entry.top.map { .object(["token": .int($0.token), "logprob": .double($0.logprob)]) }),
                ])
            })
        }
        return .object(fields)
    }
}
