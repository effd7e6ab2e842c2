/// Why a generation request was refused or failed.
public enum GenerationError: Error, CustomStringConvertible, Equatable {
    /// A sampling parameter is out of range (`field` as the API spells it).
    case invalidParameter(field: String, value: String, expected: String)
    /// The prompt plus at least one generated token does not fit the context.
    case promptTooLong(tokens: Int, contextLength: Int)
    case emptyPrompt
    /// The model's forward pass failed.
    case model(ModelError)
    /// The engine was shut down before the request finished.
    case cancelled

    public var description: String {
        switch self {
        case .invalidParameter(let field, let value, let expected):
            return "invalid value for '\(field)': \(value) (expected \(expected))"
        case .promptTooLong(let tokens, let context):
            return "the prompt has \(tokens) tokens, but the model's context is \(context) tokens (prompt plus at least one generated token must fit)"
        case .emptyPrompt: return "the prompt has no tokens"
        case .model(let error): return "model forward pass failed: \(error)"
        case .cancelled: return "generation was cancelled"
        }
    }
}
