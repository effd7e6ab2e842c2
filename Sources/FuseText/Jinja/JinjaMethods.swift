/// The Python methods templates call on strings, dicts and lists (`.strip()`, `.items()`, ...).
enum JinjaMethods {
    static let stringMethods: Set<String> = [
        "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower",
        "replace", "title", "capitalize", "find", "count", "join", "isdigit", "isalpha", "isalnum", "isspace",
        "isupper", "islower", "removeprefix", "removesuffix", "format",
    ]

    /// Python `str.format` for plain fields: `{}`, `{0}`, `{name}`, `{!r}`, `{!s}`, `{{`, `}}`.
    static func format(_ template: String, _ args: JinjaArguments) throws(JinjaError) -> String {
        var out = ""
        var auto = 0
        let chars = Array(template.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else { throw .type(message: "Single '}' encountered in format string", line: args.line) }
                out += "}"; i += 2; continue
            }
            guard c == "{" else { out.unicodeScalars.append(c); i += 1; continue }
            if i + 1 < chars.count, chars[i + 1] == "{" { out += "{"; i += 2; continue }
            guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                throw .type(message: "Single '{' encountered in format string", line: args.line)
            }
            var field = PyString.make(chars[(i + 1)..<close])
            var conversion = "s"
            if let bang = field.firstIndex(of: "!") {
                conversion = String(field[field.index(after: bang)...]); field = String(field[..<bang])
            }
            guard !field.contains(":"), !field.contains("."), !field.contains("["), conversion == "s" || conversion == "r" else {
                throw .type(message: "format fields with specs, attributes or indexes are not supported: {\(field)}", line: args.line)
            }
            let value: JinjaValue
            if field.isEmpty {
                guard auto < args.positional.count else { throw .type(message: "Replacement index \(auto) out of range for positional args tuple", line: args.line) }
                value = args.positional[auto]; auto += 1
            } else if let n = Int(field) {
                guard n < args.positional.count else { throw .type(message: "Replacement index \(n) out of range for positional args tuple", line: args.line) }
                value = args.positional[n]
            } else {
                guard let kw = args.keywords.last(where: { $0.0 == field }) else { throw .type(message: "KeyError: \(PyRepr.string(field))", line: args.line) }
                value = kw.1
            }
            out += conversion == "r" ? PyRepr.repr(value) : PyRepr.str(value)
            i = close + 1
        }
        return out
    }

    /// A bound method `value.name` as a callable.
    static func bind(_ value: JinjaValue, _ name: String) -> JinjaValue {
        .callable(JinjaCallable(name: name) { args, interpreter throws(JinjaError) in
            try call(value, name, args, interpreter)
        })
    }

    private static func string(_ v: JinjaValue?, _ what: String, _ line: Int) throws(JinjaError) -> String? {
        guard let v, !v.isNone else { return nil }
        guard case let .string(s) = v else { throw .type(message: "\(what) arg must be None or str", line: line) }
        return s
    }

    private static func requireString(_ v: JinjaValue?, _ method: String, _ line: Int) throws(JinjaError) -> String {
        guard case let .string(s)? = v else {
            throw .type(message: "\(method)() argument must be str, not \(v?.typeName ?? "nothing")", line: line)
        }
        return s
    }

    private static func prefixes(_ v: JinjaValue?, _ method: String, _ line: Int) throws(JinjaError) -> [String] {
        switch v {
        case let .string(s)?: return [s]
        case let .tuple(items)?:
            var out: [String] = []
            for i in items {
                guard case let .string(s) = i else { throw .type(message: "tuple for \(method) must only contain str", line: line) }
                out.append(s)
            }
            return out
        default:
            throw .type(message: "\(method) first arg must be str or a tuple of str, not \(v?.typeName ?? "nothing")", line: line)
        }
    }

    private static func allCharacters(_ s: String, _ test: (Unicode.Scalar) -> Bool) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy(test)
    }

    static func call(_ value: JinjaValue, _ name: String, _ args: JinjaArguments, _ interpreter: JinjaInterpreter) throws(JinjaError) -> JinjaValue {
        let line = args.line
        switch value {
        case let .string(s):
            switch name {
            case "strip", "lstrip", "rstrip":
                let chars = try string(args.value(0, "chars"), name, line)
                return .string(PyString.strip(s, chars: chars, left: name != "rstrip", right: name != "lstrip"))
            case "split", "rsplit":
                let sep = try string(args.value(0, "sep"), name, line)
                let maxsplit = PyOps.integer(args.value(1, "maxsplit") ?? .int(-1)) ?? -1
                if name == "rsplit", let sep { return .array(try PyString.rsplit(s, sep, maxsplit: maxsplit).map { .string($0) }) }
                if name == "rsplit", sep == nil, maxsplit >= 0 {
                    let parts = try PyString.split(s, nil)
                    if parts.count <= maxsplit + 1 { return .array(parts.map { .string($0) }) }
                    throw .type(message: "rsplit on whitespace with maxsplit is not supported", line: line)
                }
                return .array(try PyString.split(s, sep, maxsplit: maxsplit).map { .string($0) })
            case "splitlines": return .array(PyString.splitlines(s).map { .string($0) })
            case "startswith": return .bool(try prefixes(args.value(0, "prefix"), name, line).contains { PyString.hasPrefix(s, $0) })
            case "endswith": return .bool(try prefixes(args.value(0, "suffix"), name, line).contains { PyString.hasSuffix(s, $0) })
            case "upper": return .string(PyString.upper(s))
            case "lower": return .string(PyString.lower(s))
            case "title": return .string(PyString.title(s))
            case "capitalize": return .string(PyString.capitalize(s))
            case "replace":
                let old = try requireString(args.value(0, "old"), name, line)
                let new = try requireString(args.value(1, "new"), name, line)
                let count = PyOps.integer(args.value(2, "count") ?? .int(-1)) ?? -1
                let result = try PyString.replace(s, old, new, count: count)
                if result.utf8.count > interpreter.limits.maxOutputBytes { throw .limit(message: "string longer than \(interpreter.limits.maxOutputBytes) bytes") }
                return .string(result)
            case "find": return .int(PyString.find(s, try requireString(args.value(0, "sub"), name, line)))
            case "count":
                let sub = try requireString(args.value(0, "sub"), name, line)
                if sub.isEmpty { return .int(PyString.length(s) + 1) }
                return .int(PyString.occurrences(Array(s.utf8), Array(sub.utf8)).count)
            case "join":
                var parts: [String] = []
                for item in try interpreter.iterate(args.value(0, "iterable") ?? .undefinedName("iterable"), line) {
                    guard case let .string(p) = item else { throw .type(message: "sequence item: expected str instance, \(item.typeName) found", line: line) }
                    parts.append(p)
                }
                return .string(parts.joined(separator: s))
            case "isdigit": return .bool(allCharacters(s) { $0.properties.numericType == .digit || $0.properties.numericType == .decimal })
            case "isalpha": return .bool(allCharacters(s) { $0.properties.isAlphabetic })
            case "isalnum": return .bool(allCharacters(s) { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            case "isspace": return .bool(allCharacters(s, PyString.isSpace))
            case "isupper": return .bool(s.unicodeScalars.contains { $0.properties.isCased } && PyString.upper(s) == s)
            case "islower": return .bool(s.unicodeScalars.contains { $0.properties.isCased } && PyString.lower(s) == s)
            case "format": return .string(try format(s, args))
            case "removeprefix":
                let p = try requireString(args.value(0, "prefix"), name, line)
                return .string(PyString.hasPrefix(s, p) ? String(decoding: Array(s.utf8).dropFirst(p.utf8.count), as: UTF8.self) : s)
            case "removesuffix":
                let p = try requireString(args.value(0, "suffix"), name, line)
                return .string(PyString.hasSuffix(s, p) && !p.isEmpty ? String(decoding: Array(s.utf8).dropLast(p.utf8.count), as: UTF8.self) : s)
            default: break
            }
        case let .object(o):
            switch name {
            case "items": return .array(o.items.map { .tuple([$0.0, $0.1]) })
            case "keys": return .array(o.keyValues)
            case "values": return .array(o.values)
            case "get":
                let key = args.value(0, "key") ?? JinjaValue.none
                let dflt = args.value(1, "default") ?? JinjaValue.none
                if let v = o[value: key] { return v }
                return dflt
            default: break
            }
        case let .array(a), let .tuple(a):
            let x = args.value(0, "value") ?? JinjaValue.none
            switch name {
            case "count": return .int(a.filter { PyOps.equal($0, x) }.count)
            case "index":
                if let i = a.firstIndex(where: { PyOps.equal($0, x) }) { return .int(i) }
                throw .type(message: "\(PyRepr.repr(x)) is not in list", line: line)
            default: break
            }
        default: break
        }
        throw .type(message: "'\(value.typeName)' object has no method '\(name)'", line: line)
    }
}
