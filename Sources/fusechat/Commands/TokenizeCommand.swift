import ArgumentParser
import Foundation
import FuseModels

/// `fusechat tokenize MODEL [TEXT]`: token ids and pieces of a text, or of a JSONL stream.
struct TokenizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Tokenize text with a model's tokenizer: ids and pieces.",
        discussion: """
            The text comes from the argument, or from standard input when there is none. With \
            --jsonl, standard input holds one JSON string per line ("text\\nwith escapes"), and \
            each line's {"ids": [...], "pieces": [...]} is written as soon as it is read.
            """)

    @OptionGroup var model: ModelArgument
    @Argument(help: "The text (default: read standard input).") var text: String?
    @Flag(inversion: .prefixedNo, help: "Add the BOS/EOS tokens the model's files ask for.")
    var addSpecialTokens = true
    @Flag(help: "Read one JSON string per line from standard input, write one JSON result per line.")
    var jsonl = false
    @OptionGroup var output: JSONOutputOption

    func validate() throws {
        if jsonl && text != nil { throw ValidationError("--jsonl reads standard input; give no TEXT argument") }
    }

    func run() throws {
        let tokenizer = try model.open().tokenizer()
        if jsonl {
            var number = 0
            while let line = readLine(strippingNewline: true) {
                number += 1
                if line.isEmpty { continue }
                print(try TokenizedText(jsonLine: line, lineNumber: number, tokenizer: tokenizer, addSpecialTokens: addSpecialTokens).json)
                fflush(stdout)
            }
            return
        }
        let tokens = TokenizedText(try text ?? readText("-"), tokenizer: tokenizer, addSpecialTokens: addSpecialTokens)
        if output.json {
            print(tokens.json)
            return
        }
        print("\(tokens.ids.count) tokens")
        let width = max(2, tokens.ids.map { String($0).count }.max() ?? 0)
        for (id, piece) in zip(tokens.ids, tokens.pieces) {
            let idText = String(repeating: " ", count: width - String(id).count) + String(id)
            print("\(idText)  \(piece.padding(toLength: max(piece.count, 16), withPad: " ", startingAt: 0))  \(tokenizer.decode([id]).debugDescription)")
        }
    }
}
