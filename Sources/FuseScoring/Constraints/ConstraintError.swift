/// Errors in a constraint check's request (unknown instruction, missing or ill-typed kwargs).
public enum ConstraintError: Error, CustomStringConvertible, Equatable {
    case unknownInstruction(String)
    case missingArgument(instruction: String, name: String)
    case badArgument(instruction: String, name: String, expected: String)
    case badKwargs(String)

    public var description: String {
        switch self {
        case .unknownInstruction(let id):
            return "unknown instruction id '\(id)'; expected one of: \(InstructionID.allCases.map(\.rawValue).joined(separator: ", "))"
        case .missingArgument(let id, let name): return "\(id): missing kwarg '\(name)'"
        case .badArgument(let id, let name, let expected): return "\(id): kwarg '\(name)' must be \(expected)"
        case .badKwargs(let why): return "kwargs: \(why)"
        }
    }
}
