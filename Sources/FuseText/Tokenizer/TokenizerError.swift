/// Why a tokenizer could not be built from its description (GGUF metadata or tokenizer.json).
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// A required field is absent.
    case missingField(source: String, field: String)
    /// A field is present but has the wrong type or an invalid value.
    case invalidField(source: String, field: String, expected: String)
    /// The description asks for something this implementation does not do.
    case unsupported(source: String, field: String, value: String)
    /// The file is not valid JSON / could not be read.
    case unreadable(source: String, reason: String)

    public var description: String {
        switch self {
        case .missingField(let source, let field):
            return "\(source): missing tokenizer field '\(field)'"
        case .invalidField(let source, let field, let expected):
            return "\(source): invalid tokenizer field '\(field)': expected \(expected)"
        case .unsupported(let source, let field, let value):
            return "\(source): unsupported \(field) '\(value)'"
        case .unreadable(let source, let reason):
            return "\(source): cannot read tokenizer: \(reason)"
        }
    }
}
