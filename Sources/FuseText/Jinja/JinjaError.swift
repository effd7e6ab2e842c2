/// Errors raised while compiling or rendering a Jinja template.
///
/// `line`/`column` are 1-based positions in the template source (after newline normalisation).
public enum JinjaError: Error, CustomStringConvertible, Equatable {
    /// The template text is not valid Jinja (what was wrong, where).
    case syntax(message: String, line: Int, column: Int)
    /// The template called `raise_exception(message)`; `message` is the template's own text.
    case raised(message: String)
    /// An undefined value was used in a way Jinja forbids (attribute access, arithmetic, call).
    case undefined(message: String, line: Int)
    /// An operation got values of the wrong type (e.g. `1 + "a"`, calling a string).
    case type(message: String, line: Int)
    /// A sandbox rule was broken (mutating methods, underscore attributes, huge ranges).
    case security(message: String, line: Int)
    /// A hard limit (recursion depth, loop iterations, output size) was reached.
    case limit(message: String)

    public var description: String {
        switch self {
        case let .syntax(message, line, column): return "template syntax error at line \(line), column \(column): \(message)"
        case let .raised(message): return "template raised an exception: \(message)"
        case let .undefined(message, line): return "template error at line \(line): undefined value: \(message)"
        case let .type(message, line): return "template error at line \(line): \(message)"
        case let .security(message, line): return "template sandbox error at line \(line): \(message)"
        case let .limit(message): return "template limit reached: \(message)"
        }
    }
}

/// Hard caps that keep any template, however hostile, from hanging or exhausting memory.
public struct JinjaLimits: Sendable, Equatable {
    /// Deepest nesting of expressions/statements while parsing and of macro calls while rendering.
    public var maxDepth: Int
    /// Total loop iterations (all loops together) in one render.
    public var maxIterations: Int
    /// Largest rendered output, in UTF-8 bytes; also caps any single string built by an expression.
    public var maxOutputBytes: Int

    public init(maxDepth: Int = 200, maxIterations: Int = 1_000_000, maxOutputBytes: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxIterations = maxIterations
        self.maxOutputBytes = maxOutputBytes
    }
}
