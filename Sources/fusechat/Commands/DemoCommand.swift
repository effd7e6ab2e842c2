import ArgumentParser
import Foundation
import FuseModels

/// `fusechat demo`: the built-in default job.
///
/// Today it fetches the three demo models and shows what makes their fusion heterogeneous: the
/// same conversation through each model's own architecture, tokenizer and chat template. The
/// full miniature FuseChat-3.0 run (sample, score, pairs, SFT, DPO, evaluation table) replaces
/// this once the engine and training stages are wired into `recipes/demo.yaml` (issue 6).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fetch the demo models and show one conversation through each model's own tokenizer and chat template.")

    @Option(help: "The user message shown to every model.")
    var prompt = "Write a Python function that returns the n-th Fibonacci number. 斐波那契 🙂"

    static let roles = [
        ("qwen2.5-coder-0.5b-instruct", "source"),
        ("gemma-3-270m", "source"),
        ("smollm2-135m-instruct", "target"),
    ]

    func run() throws {
        let store = ModelStore()
        for (name, _) in Self.roles {
            try store.fetch(DemoModel.named(name)!, verifyExisting: false) { line in
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        let conversation = try ChatConversation(
            json: String(decoding: try JSONSerialization.data(withJSONObject: [["role": "user", "content": prompt]]), as: UTF8.self),
            source: "--prompt")
        print("FuseChat demo: one conversation, three heterogeneous models (fusion happens through text).\n")
        for (name, role) in Self.roles {
            let files = try ModelFiles.open(name, store: store)
            let tokenizer = try files.tokenizer()
            let summary = ModelSummary(files, tokenizer: tokenizer)
            let template = try files.chatTemplate()
            let rendered = try files.render(conversation, addGenerationPrompt: true, tokenizer: tokenizer, template: template)
            let millions = Double(summary.parameters) / 1e6
            print("== \(name) (\(role)): \(summary.architecture), \(String(format: "%.0f", millions))M parameters, "
                  + "\(summary.tokenizerType) vocabulary of \(summary.vocabularySize)")
            print("   chat template: \(template.isBuiltin ? "none in the file; FuseChat's built-in \(template.name) template" : "the model's own")")
            print("   prompt as the model sees it (\(rendered.ids.count) tokens):")
            for line in rendered.text.split(separator: "\n", omittingEmptySubsequences: false) { print("   | \(line)") }
            print("   first ids: \(rendered.ids.prefix(16).map(String.init).joined(separator: " "))\n")
        }
        print("Next stages of the fusion run: `fusechat sample`, `fusechat score`, `fusechat pairs` (see README).")
    }
}
