import ArgumentParser
import Foundation
import FuseModels
import FuseServer

/// `fusechat serve MODEL... --port N`: an OpenAI-compatible server over local models.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve local models over an OpenAI-compatible HTTP API (chat completions, streaming).",
        discussion: """
            Each MODEL is a demo name, a .gguf file or a Hugging Face folder, optionally as NAME=MODEL; \
            clients choose it with the request's "model" field (default name: the demo name, or the \
            file name without .gguf). Endpoints: GET /v1/models, POST /v1/chat/completions \
            (n, temperature, top_p, top_k, min_p, repetition/presence/frequency penalties, seed, \
            max_tokens, stop, logprobs/top_logprobs, stream), GET /health. Concurrent requests to one \
            model are decoded together in batches of up to --batch samples.
            """)

    @Argument(help: "Models to serve: MODEL or NAME=MODEL.") var models: [String]
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8000
    @Option(help: "Samples decoded together per model.") var batch = 8
    @OptionGroup var arithmetic: ActivationOption
    @Option(name: .customLong("context-length"), help: "Tokens of prompt plus output per sample (default: the model's, at most 8192).") var contextLength: Int?

    func run() async throws {
        var served: [String: LocalChatModel] = [:]
        for entry in models {
            let (name, reference) = Self.split(entry)
            guard served[name] == nil else { throw ValidationError("two models are named '\(name)'; use NAME=MODEL") }
            let chat = try LocalChatModel(reference, contextLength: contextLength, maxBatch: batch,
                                          activations: arithmetic.activations)
            if chat.template.isBuiltin { printNote("note: \(name): no chat template in the model's files; built-in \(chat.template.name) template used") }
            served[name] = chat
        }
        let server = OpenAIServer(models: served, host: host, port: port)
        let names = served.keys.sorted().joined(separator: ", "), host = host
        try await server.run { port in
            printNote("serving \(names) at http://\(host):\(port)/v1")
        }
    }

    /// `NAME=MODEL`, or MODEL named by its demo name or file name.
    static func split(_ entry: String) -> (String, String) {
        if let eq = entry.firstIndex(of: "="), !entry[..<eq].contains("/") {
            return (String(entry[..<eq]), String(entry[entry.index(after: eq)...]))
        }
        var name = (entry as NSString).lastPathComponent
        if name.hasSuffix(".gguf") { name.removeLast(5) }
        return (name, entry)
    }
}
