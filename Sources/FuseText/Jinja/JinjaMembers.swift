/// Attribute and item access as jinja2's `ImmutableSandboxedEnvironment` does it: Python attributes
/// (str/dict/list methods) first for `.name`, items first for `[key]`, underscore and mutating
/// attributes refused, missing members give `Undefined`.
enum JinjaMembers {
    private static let dictMethods: Set<String> = ["items", "keys", "values", "get"]
    private static let dictMutating: Set<String> = ["pop", "popitem", "update", "clear", "setdefault"]
    private static let listMethods: Set<String> = ["index", "count"]
    private static let listMutating: Set<String> = ["append", "extend", "insert", "pop", "remove", "sort", "reverse", "clear"]

    private static func typeDescription(_ v: JinjaValue) -> String {
        if case .none = v { return "None" }
        return "\(v.typeName) object"
    }

    private static func missingAttribute(_ v: JinjaValue, _ name: String) -> JinjaValue {
        .undefined(hint: "'\(typeDescription(v))' has no attribute \(PyRepr.string(name))")
    }

    /// The Python attribute `name` of `v`, or nil when it has none.
    private static func attribute(_ v: JinjaValue, _ name: String, line: Int) throws(JinjaError) -> JinjaValue? {
        if name.hasPrefix("_") {
            return .undefined(hint: "access to attribute \(PyRepr.string(name)) of '\(v.typeName)' object is unsafe.")
        }
        switch v {
        case .string:
            if JinjaMethods.stringMethods.contains(name) { return JinjaMethods.bind(v, name) }
        case .object:
            if dictMethods.contains(name) { return JinjaMethods.bind(v, name) }
            if dictMutating.contains(name) { return .undefined(hint: "access to attribute \(PyRepr.string(name)) of 'dict' object is unsafe.") }
        case .array:
            if listMethods.contains(name) { return JinjaMethods.bind(v, name) }
            if listMutating.contains(name) { return .undefined(hint: "access to attribute \(PyRepr.string(name)) of 'list' object is unsafe.") }
        case .tuple:
            if listMethods.contains(name) { return JinjaMethods.bind(v, name) }
        case let .namespace(ns):
            return ns.attributes[name]
        default: break
        }
        return nil
    }

    static func getattr(_ v: JinjaValue, _ name: String, line: Int) throws(JinjaError) -> JinjaValue {
        if case let .undefined(hint) = v { throw .undefined(message: hint, line: line) }
        if let a = try attribute(v, name, line: line) { return a }
        if case let .object(o) = v, let item = o[name] { return item }
        return missingAttribute(v, name)
    }

    static func getitem(_ v: JinjaValue, _ key: JinjaValue, line: Int) throws(JinjaError) -> JinjaValue {
        if case let .undefined(hint) = v { throw .undefined(message: hint, line: line) }
        switch (v, key) {
        case let (.object(o), _):
            if let item = o[value: key] { return item }
        case let (.array(a), _), let (.tuple(a), _):
            if let i = PyOps.integer(key) {
                let j = i < 0 ? i + a.count : i
                if j >= 0 && j < a.count { return a[j] }
            }
        case let (.string(s), _):
            if let i = PyOps.integer(key) {
                let chars = Array(s.unicodeScalars)
                let j = i < 0 ? i + chars.count : i
                if j >= 0 && j < chars.count { return .string(String(chars[j])) }
            }
        default: break
        }
        if case let .string(name) = key {
            if let a = try attribute(v, name, line: line) { return a }
            return missingAttribute(v, name)
        }
        return .undefined(hint: "\(typeDescription(v)) has no element \(PyRepr.repr(key))")
    }

    static func slice(_ v: JinjaValue, _ start: JinjaValue?, _ stop: JinjaValue?, _ step: JinjaValue?, line: Int) throws(JinjaError) -> JinjaValue {
        if case let .undefined(hint) = v { throw .undefined(message: hint, line: line) }
        func bound(_ b: JinjaValue?) throws(JinjaError) -> Int? {
            guard let b, !b.isNone else { return nil }
            guard let i = PyOps.integer(b) else { throw .type(message: "slice indices must be integers or None", line: line) }
            return i
        }
        let (s, e, st) = (try bound(start), try bound(stop), try bound(step))
        switch v {
        case let .array(a):
            return .array(try PyOps.sliceIndices(count: a.count, start: s, stop: e, step: st, line: line).map { a[$0] })
        case let .tuple(a):
            return .tuple(try PyOps.sliceIndices(count: a.count, start: s, stop: e, step: st, line: line).map { a[$0] })
        case let .string(str):
            let chars = Array(str.unicodeScalars)
            return .string(PyString.make(try PyOps.sliceIndices(count: chars.count, start: s, stop: e, step: st, line: line).map { chars[$0] }))
        default:
            return .undefined(hint: "\(typeDescription(v)) has no element slice")
        }
    }
}
