/// jinja2's built-in tests (`x is defined`, `x is string`, `x is equalto y`, ...).
enum JinjaTests {
    static let names: Set<String> = [
        "odd", "even", "divisibleby", "defined", "undefined", "none", "boolean", "false", "true", "integer", "float",
        "lower", "upper", "string", "mapping", "number", "sequence", "iterable", "callable", "in", "eq", "equalto",
        "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan", ">", "ge", ">=", "filter", "test",
    ]

    static func apply(_ name: String, _ v: JinjaValue, _ args: JinjaArguments, _ interpreter: JinjaInterpreter) throws(JinjaError) -> Bool {
        let line = args.line
        func arg() throws(JinjaError) -> JinjaValue {
            guard let a = args.positional.first ?? args.keywords.first?.1 else {
                throw .type(message: "test '\(name)' is missing a required argument", line: line)
            }
            return a
        }
        func int(_ x: JinjaValue) throws(JinjaError) -> Int {
            if case let .undefined(hint) = x { throw .undefined(message: hint, line: line) }
            guard let i = PyOps.integer(x) else { throw .type(message: "unsupported operand type(s) for %: '\(x.typeName)' and 'int'", line: line) }
            return i
        }
        switch name {
        case "odd": return try int(v) % 2 != 0
        case "even": return try int(v) % 2 == 0
        case "divisibleby":
            let d = try int(try arg())
            guard d != 0 else { throw .type(message: "integer division or modulo by zero", line: line) }
            return try int(v) % d == 0
        case "defined": return !v.isUndefined
        case "undefined": return v.isUndefined
        case "none": return v.isNone
        case "boolean": if case .bool = v { return true } else { return false }
        case "false": if case .bool(false) = v { return true } else { return false }
        case "true": if case .bool(true) = v { return true } else { return false }
        case "integer": if case .int = v { return true } else { return false }
        case "float": if case .double = v { return true } else { return false }
        case "lower":
            let s = PyRepr.str(v)
            return s.unicodeScalars.contains { $0.properties.isCased } && PyString.lower(s) == s
        case "upper":
            let s = PyRepr.str(v)
            return s.unicodeScalars.contains { $0.properties.isCased } && PyString.upper(s) == s
        case "string": if case .string = v { return true } else { return false }
        case "mapping": if case .object = v { return true } else { return false }
        case "number": return PyOps.number(v) != nil
        case "sequence":
            switch v {
            case .string, .array, .tuple, .object, .undefined: return true
            default: return false
            }
        case "iterable":
            switch v {
            case .string, .array, .tuple, .object, .undefined: return true
            default: return false
            }
        case "callable": if case .callable = v { return true } else { return false }
        case "in": return try PyOps.contains(try arg(), v, line: line)
        case "eq", "equalto", "==": return PyOps.equal(v, try arg())
        case "ne", "!=": return !PyOps.equal(v, try arg())
        case "lt", "lessthan", "<": return try PyOps.less(v, try arg(), line: line)
        case "le", "<=": return try PyOps.compare("<=", v, try arg(), line: line)
        case "gt", "greaterthan", ">": return try PyOps.less(try arg(), v, line: line)
        case "ge", ">=": return try PyOps.compare(">=", v, try arg(), line: line)
        case "filter": if case let .string(s) = v { return JinjaFilters.names.contains(s) } else { return false }
        case "test": if case let .string(s) = v { return names.contains(s) } else { return false }
        default: throw .type(message: "No test named '\(name)' found.", line: line)
        }
    }
}
