/// A typed metadata value as GGUF stores it (and as Hugging Face JSON configs are mapped to).
public enum MetadataValue: Sendable, Equatable, CustomStringConvertible {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case uint64(UInt64)
    case int64(Int64)
    case float32(Float)
    case float64(Double)
    case bool(Bool)
    case string(String)
    /// An array of values, all of one GGUF type (`elementType` is the GGUF type id).
    case array(elementType: UInt32, values: [MetadataValue])

    /// The value as an integer, if it is one of the integer cases.
    public var int: Int? {
        switch self {
        case .uint8(let v): return Int(v)
        case .int8(let v): return Int(v)
        case .uint16(let v): return Int(v)
        case .int16(let v): return Int(v)
        case .uint32(let v): return Int(v)
        case .int32(let v): return Int(v)
        case .uint64(let v): return v <= UInt64(Int.max) ? Int(v) : nil
        case .int64(let v): return Int(v)
        default: return nil
        }
    }

    /// The value as a floating-point number (integers convert too).
    public var double: Double? {
        switch self {
        case .float32(let v): return Double(v)
        case .float64(let v): return v
        default: return int.map(Double.init)
        }
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [MetadataValue]? { if case .array(_, let v) = self { return v } else { return nil } }

    public var description: String {
        switch self {
        case .string(let s): return s.count > 60 ? "\"\(s.prefix(57))...\"" : "\"\(s)\""
        case .array(_, let v): return "[\(v.count) items]"
        case .bool(let b): return String(b)
        case .float32(let f): return String(f)
        case .float64(let d): return String(d)
        default: return int.map(String.init) ?? "?"
        }
    }
}
