import ArgumentParser
import Foundation
import FuseModels

/// `fusechat inspect MODEL`: what a model file or folder holds.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's architecture, parameter count, tensor types, vocabulary, special tokens and chat template.")

    @OptionGroup var model: ModelArgument
    @OptionGroup var output: JSONOutputOption

    func run() throws {
        let files = try model.open()
        let summary = ModelSummary(files, tokenizer: try files.tokenizer())
        if output.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        print(Self.text(summary))
    }

    static func text(_ s: ModelSummary) -> String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append(label.padding(toLength: 15, withPad: " ", startingAt: 0) + value) }
        row("model", s.path)
        row("format", s.format)
        row("architecture", s.architecture + (s.name.map { "  (\($0))" } ?? ""))
        row("parameters", "\(Self.short(s.parameters)) (\(s.parameters.formatted()))")
        row("tensors", "\(s.tensorCount)")
        for t in s.tensorTypes {
            lines.append("  " + t.type.padding(toLength: 6, withPad: " ", startingAt: 0)
                + "\(t.tensors) tensor\(t.tensors == 1 ? "" : "s"), \(Self.short(t.parameters)) parameters, \(Self.bytes(t.bytes))")
        }
        row("vocabulary", "\(s.vocabularySize.formatted()) tokens, \(s.tokenizerType)")
        row("special tokens", s.specialTokens.map { "\($0.role) \($0.id) \($0.text.debugDescription)" }.joined(separator: ", "))
        row("adds", "BOS \(s.addBOS ? "yes" : "no"), EOS \(s.addEOS ? "yes" : "no")")
        switch s.chatTemplate.origin {
        case "embedded": row("chat template", "in file (\(s.chatTemplate.characters) characters)")
        case "builtin": row("chat template", "none in file; built-in \(s.chatTemplate.name ?? s.architecture) template used")
        default: row("chat template", s.chatTemplate.error ?? "none")
        }
        return lines.joined(separator: "\n")
    }

    static func short(_ n: Int) -> String {
        switch n {
        case 1_000_000_000...: return String(format: "%.2fB", Double(n) / 1e9)
        case 1_000_000...: return String(format: "%.1fM", Double(n) / 1e6)
        case 1_000...: return String(format: "%.1fK", Double(n) / 1e3)
        default: return "\(n)"
        }
    }

    static func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MiB", Double(n) / Double(1 << 20)) : String(format: "%.1f KiB", Double(n) / 1024)
    }
}
