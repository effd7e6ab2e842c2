import ArgumentParser
import Foundation
import FuseFormats
import FuseModels

/// `fusechat template MODEL --messages FILE`: a conversation rendered with the model's chat template.
struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a conversation with a model's chat template, and show its token ids.",
        discussion: """
            FILE holds a JSON list of messages ([{"role": "user", "content": "Hi"}]) or an object \
            {"messages": [...], "tools": [...]}; '-' reads standard input. The text is rendered as \
            transformers' apply_chat_template does, and tokenized without adding special tokens. \
            When the model file carries no template, FuseChat's built-in one for its architecture is \
            used and a note says so on standard error.
            """)

    @OptionGroup var model: ModelArgument
    @Option(help: "JSON file with the conversation ('-' for standard input).") var messages: String
    @Flag(help: "End with the opening of an assistant turn, ready for generation.") var addGenerationPrompt = false
    @OptionGroup var output: JSONOutputOption

    func run() throws {
        let files = try model.open()
        let source = messages == "-" ? "standard input" : messages
        let conversation = try ChatConversation(json: try readText(messages), source: source)
        let tokenizer = try files.tokenizer()
        let template = try files.chatTemplate()
        if template.isBuiltin { printNote("note: no chat template in the model's files; built-in \(template.name) template used") }
        let rendered = try files.render(conversation, addGenerationPrompt: addGenerationPrompt, tokenizer: tokenizer, template: template)
        if output.json {
            let origin: JSONValue = .string(template.isBuiltin ? "builtin:\(template.name)" : "embedded")
            print(JSONWriter.compact(.object(["text": .string(rendered.text), "ids": .array(rendered.ids.map(JSONValue.int)), "template": origin])))
            return
        }
        print(rendered.text)
        print("--- \(rendered.ids.count) tokens ---")
        print(rendered.ids.map(String.init).joined(separator: " "))
    }
}
