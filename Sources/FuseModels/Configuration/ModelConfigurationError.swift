/// Why a model configuration or its weights could not be used.
public enum ModelConfigurationError: Error, CustomStringConvertible, Equatable {
    /// A required metadata key or config.json field is absent or has the wrong type.
    case missingField(String, source: String)
    /// A field has a value this implementation cannot use.
    case badValue(field: String, value: String, expected: String)
    /// No architecture is registered under this name.
    case unknownArchitecture(String)
    /// config.json is not valid JSON of the expected shape.
    case badJSON(String)
    /// A weight tensor is missing from the store.
    case missingTensor(String)
    /// A weight tensor has the wrong shape.
    case badTensorShape(name: String, found: [Int], expected: [Int])
    /// A weight tensor's storage type has no kernel.
    case unsupportedTensor(name: String, reason: String)

    public var description: String {
        switch self {
        case .missingField(let field, let source): return "\(source): required field '\(field)' is missing"
        case .badValue(let field, let value, let expected): return "'\(field)' is \(value); expected \(expected)"
        case .unknownArchitecture(let name):
            return "unknown architecture '\(name)'; known: \(ModelRegistry.architectures.joined(separator: ", "))"
        case .badJSON(let reason): return "config.json: \(reason)"
        case .missingTensor(let name): return "weight tensor '\(name)' is missing"
        case .badTensorShape(let name, let found, let expected):
            return "weight tensor '\(name)' has shape \(found); expected \(expected)"
        case .unsupportedTensor(let name, let reason): return "weight tensor '\(name)': \(reason)"
        }
    }
}
