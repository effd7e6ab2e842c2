import ArgumentParser
import FuseFormats
import FuseModels

/// `fusechat detokenize MODEL IDS...`: the text of token ids.
struct DetokenizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detokenize",
        abstract: "Turn token ids back into text with a model's tokenizer.")

    @OptionGroup var model: ModelArgument
    @Argument(help: "Token ids, separated by spaces.") var ids: [Int]
    @Flag(help: "Leave special tokens (BOS, EOS, control tokens) out of the text.") var skipSpecialTokens = false
    @OptionGroup var output: JSONOutputOption

    func run() throws {
        let tokenizer = try model.open().tokenizer()
        let text = try TokenizedText.decode(ids, tokenizer: tokenizer, skipSpecialTokens: skipSpecialTokens)
        print(output.json ? JSONWriter.compact(.object(["text": .string(text)])) : text)
    }
}
