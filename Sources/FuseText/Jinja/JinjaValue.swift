/// A value inside a Jinja template, modelled on the Python objects jinja2 sees when
/// transformers renders a chat template (JSON-like data plus a few runtime objects).
public enum JinjaValue {
    /// Jinja's `Undefined`: falsy, prints as "", iterates as empty, raises on most other uses.
    /// `hint` is the message used when it raises (e.g. `'x' is undefined`).
    case undefined(hint: String)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JinjaValue])
    /// A Python tuple: behaves as a list but prints with parentheses.
    case tuple([JinjaValue])
    case object(JinjaObject)
    /// `namespace(...)`: the one mutable object templates may assign attributes to.
    case namespace(JinjaNamespace)
    /// Macros, built-in functions and bound methods.
    case callable(JinjaCallable)

    /// An undefined value for a missing variable `name`.
    static func undefinedName(_ name: String) -> JinjaValue { .undefined(hint: "'\(name)' is undefined") }

    var isUndefined: Bool { if case .undefined = self { return true } else { return false } }
    var isNone: Bool { if case .none = self { return true } else { return false } }

    /// Python truthiness.
    var truthy: Bool {
        switch self {
        case .undefined, .none: return false
        case let .bool(b): return b
        case let .int(i): return i != 0
        case let .double(d): return d != 0
        case let .string(s): return !s.isEmpty
        case let .array(a), let .tuple(a): return !a.isEmpty
        case let .object(o): return !o.isEmpty
        case .namespace, .callable: return true
        }
    }

    /// The Python type name used in error messages (`'dict object' has no attribute ...`).
    var typeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .tuple: return "tuple"
        case .object: return "dict"
        case .namespace: return "Namespace"
        case .callable: return "function"
        }
    }

    /// Elements when the value is a list or tuple.
    var sequence: [JinjaValue]? {
        switch self {
        case let .array(a), let .tuple(a): return a
        default: return nil
        }
    }
}

/// An insertion-ordered string-keyed dictionary, like a Python `dict` built from JSON.
public struct JinjaObject: Equatable {
    public private(set) var keys: [String] = []
    private var storage: [String: JinjaValue] = [:]

    public init() {}
    public init(_ pairs: [(String, JinjaValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }

    public subscript(key: String) -> JinjaValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Key/value pairs in insertion order.
    public var pairs: [(String, JinjaValue)] { keys.map { ($0, storage[$0]!) } }
    public var values: [JinjaValue] { keys.map { storage[$0]! } }

    public static func == (a: JinjaObject, b: JinjaObject) -> Bool {
        guard a.count == b.count else { return false }
        for (k, v) in a.pairs {
            guard let w = b[k], PyOps.equal(v, w) else { return false }
        }
        return true
    }
}

/// The mutable attribute bag made by `namespace()`.
public final class JinjaNamespace {
    var attributes: JinjaObject
    init(_ attributes: JinjaObject) { self.attributes = attributes }
}

/// Something a template can call: a macro, a global function or a bound method.
public final class JinjaCallable {
    let name: String
    let call: (_ args: JinjaArguments, _ interpreter: JinjaInterpreter) throws(JinjaError) -> JinjaValue
    init(name: String, _ call: @escaping (_ args: JinjaArguments, _ interpreter: JinjaInterpreter) throws(JinjaError) -> JinjaValue) {
        self.name = name
        self.call = call
    }
}

/// Positional and keyword arguments of a call, filter or test.
public struct JinjaArguments {
    var positional: [JinjaValue]
    var keywords: [(String, JinjaValue)]
    var line: Int

    /// The argument at `index`, else the keyword `name`, else `defaultValue`.
    func value(_ index: Int, _ name: String, default defaultValue: JinjaValue? = nil) -> JinjaValue? {
        if index < positional.count { return positional[index] }
        if let kw = keywords.last(where: { $0.0 == name }) { return kw.1 }
        return defaultValue
    }
}

extension JinjaValue: Equatable {
    /// Python `==`.
    public static func == (a: JinjaValue, b: JinjaValue) -> Bool { PyOps.equal(a, b) }
}

extension JinjaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .none }
    public init(arrayLiteral elements: JinjaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JinjaValue)...) { self = .object(JinjaObject(elements)) }
}
