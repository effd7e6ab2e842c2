/// A parsed JSON value, as found in Hugging Face files (`config.json`, `tokenizer_config.json`,
/// `generation_config.json`, `model.safetensors.index.json`, safetensors headers).
///
/// Integers that fit in `Int` stay exact (`.int`); every other number is a `.double`.
public indirect enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value if this is a string.
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The value if this is a boolean.
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The value if this is an integer (a double with an integral value does not count).
    public var int: Int? { if case .int(let i) = self { return i } else { return nil } }
    /// The value as a floating-point number (integers convert too).
    public var double: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }
    /// The elements if this is an array.
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The members if this is an object.
    public var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The member `key` of an object (`nil` for other values or a missing key).
    public subscript(key: String) -> JSONValue? { object?[key] }

    /// Compact JSON text (object members sorted by key).
    public var description: String { JSONWriter.compact(self) }
}
