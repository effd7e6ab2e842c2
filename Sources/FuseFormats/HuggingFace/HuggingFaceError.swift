/// Why a Hugging Face model folder could not be read. Every case names the file.
public enum HuggingFaceError: Error, Equatable, CustomStringConvertible {
    /// A required file is missing or unreadable.
    case missingFile(path: String, detail: String)
    /// A JSON file does not parse.
    case invalidJSON(path: String, error: JSONParseError)
    /// A JSON file parses but a field has the wrong type or value.
    case invalidField(path: String, field: String, detail: String)
    /// The safetensors weights could not be read.
    case weights(SafetensorsError)

    public var description: String {
        switch self {
        case .missingFile(let path, let detail): return "\(path): \(detail)"
        case .invalidJSON(let path, let error): return "\(path): \(error)"
        case .invalidField(let path, let field, let detail): return "\(path): field '\(field)' \(detail)"
        case .weights(let error): return error.description
        }
    }
}
