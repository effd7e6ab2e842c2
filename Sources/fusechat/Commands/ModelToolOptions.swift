import ArgumentParser
import Foundation
import FuseModels

/// The MODEL argument shared by the model-toolchain commands.
struct ModelArgument: ParsableArguments {
    @Argument(help: "A demo model name (see `fusechat models list`), a .gguf file, or a Hugging Face folder.")
    var model: String

    /// Resolves and opens the model's files.
    func open() throws -> ModelFiles { try ModelFiles.open(model) }
}

extension ActivationPrecision: ExpressibleByArgument {}

/// `--activations`, shared by the commands that run a model in-process.
struct ActivationOption: ParsableArguments {
    @Option(help: """
        Decode arithmetic with quantized weights: int8 (activations quantized per block of 32, as \
        llama.cpp does; faster) or float32 (logits match transformers on the same GGUF file).
        """)
    var activations: ActivationPrecision = LocalChatModel.defaultActivations
}

/// `--json`, shared by the commands that print for people by default.
struct JSONOutputOption: ParsableArguments {
    @Flag(help: "Print JSON for scripts instead of text for people.")
    var json = false
}

/// A failure while running a command, told to the user as is.
struct CommandError: Error, CustomStringConvertible {
    let description: String
}

/// The UTF-8 text of a file, or of standard input for "-".
func readText(_ path: String) throws -> String {
    let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
    guard let data else { throw CommandError(description: "\(path): cannot read the file") }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CommandError(description: "\(path == "-" ? "standard input" : path): not valid UTF-8 text")
    }
    return text
}

/// Writes a line to standard error (notes and progress; standard output carries only results).
func printNote(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
