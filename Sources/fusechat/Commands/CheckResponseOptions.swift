import ArgumentParser
import Foundation

/// Where a `check` subcommand reads the response from: `--response TEXT`, `--response-file PATH`,
/// or standard input with `--response -` / `--response-file -`.
struct CheckResponseOptions: ParsableArguments {
    @Option(help: "The response text ('-' reads standard input).") var response: String?
    @Option(help: "A file holding the response ('-' reads standard input).") var responseFile: String?

    func text() throws -> String {
        switch (response, responseFile) {
        case ("-"?, nil), (nil, "-"?):
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        case (let text?, nil):
            return text
        case (nil, let path?):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--response-file: cannot read '\(path)'")
            }
            return String(decoding: data, as: UTF8.self)
        case (nil, nil):
            throw ValidationError("give the response with --response TEXT, --response-file PATH, or '-' for standard input")
        case (_?, _?):
            throw ValidationError("give either --response or --response-file, not both")
        }
    }
}

/// Prints an `Encodable` verdict as pretty, key-sorted JSON on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
