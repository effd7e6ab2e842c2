import FuseText

/// Why a training record could not be tokenized, or a data file read.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// The record has no assistant message to learn from.
    case noAssistantTurn
    /// render(messages[..<i], generation prompt) is not a prefix of render(messages[...i]).
    case notAPrefix(message: Int, detail: String)
    /// The record's prompt fills the maximum length, leaving no response token.
    case promptTooLong(tokens: Int, maxLength: Int)
    /// Truncation to the maximum length left no assistant token.
    case nothingToLearn(maxLength: Int)
    /// The chat template failed.
    case template(String)
    /// A line of a data file is not a record of the expected shape.
    case badRecord(file: String, line: Int, detail: String)
    /// A data file could not be read.
    case unreadable(file: String, detail: String)

    public var description: String {
        switch self {
        case .noAssistantTurn: "no assistant message"
        case .notAPrefix(let i, let detail): "message \(i): the template's prompt is not a prefix of the conversation (\(detail))"
        case .promptTooLong(let tokens, let max): "the prompt takes \(tokens) tokens, --max-length is \(max)"
        case .nothingToLearn(let max): "no assistant token within the first \(max) tokens"
        case .template(let detail): "chat template: \(detail)"
        case .badRecord(let file, let line, let detail): "\(file):\(line): \(detail)"
        case .unreadable(let file, let detail): "\(file): \(detail)"
        }
    }

    /// A short category for skip reports.
    public var category: String {
        switch self {
        case .noAssistantTurn: "no assistant message"
        case .notAPrefix: "prompt not a prefix"
        case .promptTooLong: "prompt too long"
        case .nothingToLearn: "truncated away"
        case .template: "template error"
        case .badRecord, .unreadable: "bad record"
        }
    }
}
