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

/// An insertion-ordered dictionary, like a Python `dict`: keys are usually strings (JSON objects)
/// but may be any hashable template value (ints, floats, bools, None, tuples), with Python's key
/// equality (`1`, `1.0` and `True` are the same key; strings compare by code point).
public struct JinjaObject: Equatable {
    private var entries: [(key: JinjaValue, value: JinjaValue)] = []
    private var index: [Key: Int] = [:]

    /// Python's notion of key identity.
    enum Key: Hashable {
        case string([UInt8])
        case int(Int)
        case double(UInt64)
        case none
        case tuple([Key])

        init?(_ v: JinjaValue) {
            switch v {
            case let .string(s): self = .string(Array(s.utf8))
            case let .int(i): self = .int(i)
            case let .bool(b): self = .int(b ? 1 : 0)
            case let .double(d):
                if d == d.rounded(), abs(d) < 9.2e18 { self = .int(Int(d)) } else { self = .double(d.bitPattern) }
            case .none: self = .none
            case let .tuple(items):
                var keys: [Key] = []
                for i in items { guard let k = Key(i) else { return nil }; keys.append(k) }
                self = .tuple(keys)
            default: return nil
            }
        }
    }

    public init() {}
    public init(_ pairs: [(String, JinjaValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The value for a string key.
    public subscript(key: String) -> JinjaValue? {
        get { self[value: .string(key)] }
        set { self[value: .string(key)] = newValue }
    }

    /// The value for any hashable key (nil for a missing or unhashable key; setting an unhashable key is ignored).
    public subscript(value key: JinjaValue) -> JinjaValue? {
        get { Key(key).flatMap { index[$0] }.map { entries[$0].value } }
        set {
            guard let k = Key(key) else { return }
            if let newValue {
                if let i = index[k] { entries[i].value = newValue } else { index[k] = entries.count; entries.append((key, newValue)) }
            } else if let i = index.removeValue(forKey: k) {
                entries.remove(at: i)
                for (j, e) in entries.enumerated() where j >= i { index[Key(e.key)!] = j }
            }
        }
    }

    /// Whether `key` is hashable in Python terms (lists and dicts are not).
    static func isHashable(_ key: JinjaValue) -> Bool { Key(key) != nil }

    /// Keys in insertion order.
    public var keyValues: [JinjaValue] { entries.map(\.key) }
    /// Key/value pairs in insertion order.
    public var items: [(JinjaValue, JinjaValue)] { entries.map { ($0.key, $0.value) } }
    /// String keys and their values in insertion order (other keys written as Python's `str()`).
    public var pairs: [(String, JinjaValue)] { entries.map { (PyRepr.str($0.key), $0.value) } }
    public var keys: [String] { entries.map { PyRepr.str($0.key) } }
    public var values: [JinjaValue] { entries.map(\.value) }

    public static func == (a: JinjaObject, b: JinjaObject) -> Bool {
        guard a.count == b.count else { return false }
        for (k, v) in a.items {
            guard let w = b[value: k], PyOps.equal(v, w) else { return false }
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
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JinjaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JinjaValue)...) { self = .object(JinjaObject(elements)) }
}
