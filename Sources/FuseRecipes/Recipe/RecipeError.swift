/// Why a recipe cannot be read or run.
public enum RecipeError: Error, CustomStringConvertible {
    case unreadable(path: String)
    case decoding(path: String, detail: String)
    case invalid(field: String, expected: String)
    /// A stage failed; `detail` says why.
    case stage(String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the recipe file"
        case .decoding(let path, let detail): return "\(path): \(detail)"
        case .invalid(let field, let expected): return "recipe field \(field): expected \(expected)"
        case .stage(let stage, let detail): return "stage \(stage) failed: \(detail)"
        }
    }

    /// A decoding error as "field a.b[2].c: what was wrong".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context): return "field \(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context): return "field \(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context): return "field \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
