import Foundation

/// jinja2's built-in filters used by chat templates, plus transformers' `tojson`.
enum JinjaFilters {
    static let names: Set<String> = [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "format", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
        "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string", "sum", "title",
        "tojson", "trim", "unique", "upper", "wordcount",
    ]

    static func apply(_ name: String, _ v: JinjaValue, _ args: JinjaArguments, _ it: JinjaInterpreter) throws(JinjaError) -> JinjaValue {
        let line = args.line
        func str(_ x: JinjaValue) -> String { PyRepr.str(x) }
        func bool(_ i: Int, _ n: String, _ d: Bool) -> Bool { args.value(i, n)?.truthy ?? d }
        switch name {
        case "abs":
            switch v {
            case let .int(i): guard i != .min else { throw .type(message: "integer overflow", line: line) }; return .int(abs(i))
            case let .double(d): return .double(abs(d))
            case let .bool(b): return .int(b ? 1 : 0)
            case let .undefined(hint): throw .undefined(message: hint, line: line)
            default: throw .type(message: "bad operand type for abs(): '\(v.typeName)'", line: line)
            }
        case "attr":
            guard case let .string(a)? = args.value(0, "name") else { return .undefined(hint: "attr() needs a string name") }
            return try JinjaMembers.getattr(v, a, line: line)
        case "batch":
            guard let size = PyOps.integer(args.value(0, "linecount") ?? JinjaValue.none), size > 0 else {
                throw .type(message: "batch needs a positive line count", line: line)
            }
            let fill = args.value(1, "fill_with")
            var rows: [JinjaValue] = []
            var row: [JinjaValue] = []
            for x in try it.iterate(v, line) {
                row.append(x)
                if row.count == size { rows.append(.array(row)); row = [] }
            }
            if !row.isEmpty {
                if let fill, !fill.isNone { row += Array(repeating: fill, count: size - row.count) }
                rows.append(.array(row))
            }
            return .array(rows)
        case "capitalize": return .string(PyString.capitalize(str(v)))
        case "center":
            let s = str(v)
            let width = PyOps.integer(args.value(0, "width") ?? .int(80)) ?? 80
            let n = PyString.length(s)
            guard width > n else { return .string(s) }
            guard width <= it.limits.maxOutputBytes else { throw .limit(message: "center width \(width) too large") }
            let marg = width - n
            let left = marg / 2 + (marg & width & 1)
            return .string(String(repeating: " ", count: left) + s + String(repeating: " ", count: marg - left))
        case "count", "length":
            switch v {
            case .undefined: return .int(0)
            case let .string(s): return .int(PyString.length(s))
            case let .array(a), let .tuple(a): return .int(a.count)
            case let .object(o): return .int(o.count)
            default: throw .type(message: "object of type '\(v.typeName)' has no len()", line: line)
            }
        case "d", "default":
            let dflt = args.value(0, "default_value") ?? .string("")
            if v.isUndefined || (bool(1, "boolean", false) && !v.truthy) { return dflt }
            return v
        case "dictsort":
            guard case let .object(o) = v else { throw .type(message: "dictsort expects a mapping", line: line) }
            let caseSensitive = bool(0, "case_sensitive", false)
            let byValue: Bool
            switch args.value(1, "by") ?? .string("key") {
            case .string("key"): byValue = false
            case .string("value"): byValue = true
            default: throw .type(message: "You can only sort by either \"key\" or \"value\"", line: line)
            }
            let sorted = try sortValues(o.items.map { JinjaValue.tuple([$0.0, $0.1]) }, caseSensitive: caseSensitive,
                                        reverse: bool(2, "reverse", false), line: line) { x throws(JinjaError) in
                x.sequence![byValue ? 1 : 0]
            }
            return .array(sorted)
        case "e", "escape":
            var out = ""
            for c in str(v).unicodeScalars {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&#34;"
                case "'": out += "&#39;"
                default: out.unicodeScalars.append(c)
                }
            }
            return .string(out)
        case "first":
            return try it.iterate(v, line).first ?? .undefined(hint: "No first item, sequence was empty.")
        case "last":
            if case .undefined = v { throw .undefined(message: "'Undefined' object is not reversible", line: line) }
            return try it.iterate(v, line).last ?? .undefined(hint: "No last item, sequence was empty.")
        case "float":
            let dflt = args.value(0, "default") ?? .double(0)
            switch v {
            case let .double(d): return .double(d)
            case let .int(i): return .double(Double(i))
            case let .bool(b): return .double(b ? 1 : 0)
            case let .string(s): return parseFloat(s).map { .double($0) } ?? dflt
            default: return dflt
            }
        case "format":
            let formatArgs: JinjaValue = args.keywords.isEmpty ? .tuple(args.positional) : .object(JinjaObject(args.keywords))
            return .string(try PyOps.percentFormat(str(v), formatArgs, line: line))
        case "indent":
            let widthArg = args.value(0, "width") ?? .int(4)
            let indention: String
            if case let .string(w) = widthArg { indention = w } else {
                let n = PyOps.integer(widthArg) ?? 4
                guard n <= it.limits.maxOutputBytes else { throw .limit(message: "indent width \(n) too large") }
                indention = String(repeating: " ", count: max(0, n))
            }
            let first = bool(1, "first", false), blank = bool(2, "blank", false)
            let lines = PyString.splitlines(str(v) + "\n")
            var rv: String
            if blank {
                rv = lines.joined(separator: "\n" + indention)
            } else {
                rv = lines.first ?? ""
                let rest = lines.dropFirst()
                if !rest.isEmpty { rv += "\n" + rest.map { $0.isEmpty ? $0 : indention + $0 }.joined(separator: "\n") }
            }
            if first { rv = indention + rv }
            if rv.utf8.count > it.limits.maxOutputBytes { throw .limit(message: "string longer than \(it.limits.maxOutputBytes) bytes") }
            return .string(rv)
        case "int":
            let dflt = args.value(0, "default") ?? .int(0)
            let base = PyOps.integer(args.value(1, "base") ?? .int(10)) ?? 10
            switch v {
            case let .int(i): return .int(i)
            case let .bool(b): return .int(b ? 1 : 0)
            case let .double(d):
                guard d.isFinite, abs(d) < 9.2e18 else { return dflt }
                return .int(Int(d))
            case let .string(s):
                if let i = parseInt(s, base: base) { return .int(i) }
                if let d = parseFloat(s), d.isFinite, abs(d) < 9.2e18 { return .int(Int(d)) }
                return dflt
            default: return dflt
            }
        case "items":
            switch v {
            case .undefined: return .array([])
            case let .object(o): return .array(o.items.map { .tuple([$0.0, $0.1]) })
            default: throw .type(message: "Can only get item pairs from a mapping.", line: line)
            }
        case "join":
            let sep = str(args.value(0, "d") ?? .string(""))
            var items = try it.iterate(v, line)
            if let attribute = args.value(1, "attribute"), !attribute.isNone {
                items = try items.map { x throws(JinjaError) in try attributeValue(x, attribute, line) }
            }
            let joined = items.map(str).joined(separator: sep)
            if joined.utf8.count > it.limits.maxOutputBytes { throw .limit(message: "string longer than \(it.limits.maxOutputBytes) bytes") }
            return .string(joined)
        case "list": return .array(try it.iterate(v, line))
        case "lower": return .string(PyString.lower(str(v)))
        case "upper": return .string(PyString.upper(str(v)))
        case "map":
            let items = v.truthy ? try it.iterate(v, line) : []
            if let attribute = args.keywords.last(where: { $0.0 == "attribute" })?.1 {
                let dflt = args.keywords.last(where: { $0.0 == "default" })?.1
                return .array(try items.map { x throws(JinjaError) in try attributeValue(x, attribute, line, default: dflt) })
            }
            guard case let .string(filter)? = args.positional.first else { throw .type(message: "map requires a filter argument", line: line) }
            guard names.contains(filter) else { throw .type(message: "No filter named '\(filter)'.", line: line) }
            let rest = JinjaArguments(positional: Array(args.positional.dropFirst()), keywords: args.keywords, line: line)
            return .array(try items.map { x throws(JinjaError) in try apply(filter, x, rest, it) })
        case "max", "min":
            var items = try it.iterate(v, line)
            let caseSensitive = bool(0, "case_sensitive", false)
            if let attribute = args.value(1, "attribute"), !attribute.isNone {
                items = try items.map { x throws(JinjaError) in try attributeValue(x, attribute, line) }
            }
            guard !items.isEmpty else { return .undefined(hint: "No aggregated item, sequence was empty.") }
            let sorted = try sortValues(items, caseSensitive: caseSensitive, line: line) { $0 }
            return name == "min" ? sorted.first! : sorted.last!
        case "reject", "select", "rejectattr", "selectattr":
            // jinja2 skips a falsy input (None, "", []) without iterating it.
            let items = v.truthy ? try it.iterate(v, line) : []
            let byAttribute = name.hasSuffix("attr")
            var rest = args.positional
            var attribute: JinjaValue? = nil
            if byAttribute {
                guard !rest.isEmpty else { throw .type(message: "Missing parameter for attribute name", line: line) }
                attribute = rest.removeFirst()
            }
            var testName: String? = nil
            if !rest.isEmpty {
                guard case let .string(t) = rest.removeFirst() else { throw .type(message: "test name must be a string", line: line) }
                guard JinjaTests.names.contains(t) else { throw .type(message: "No test named '\(t)'.", line: line) }
                testName = t
            }
            let keep = name.hasPrefix("select")
            var out: [JinjaValue] = []
            for x in items {
                let subject = try attribute.map { a throws(JinjaError) in try attributeValue(x, a, line) } ?? x
                let passed: Bool
                if let testName {
                    passed = try JinjaTests.apply(testName, subject, JinjaArguments(positional: rest, keywords: args.keywords, line: line), it)
                } else {
                    passed = subject.truthy
                }
                if passed == keep { out.append(x) }
            }
            return .array(out)
        case "replace":
            let old = str(args.value(0, "old") ?? .string("")), new = str(args.value(1, "new") ?? .string(""))
            let countArg = args.value(2, "count")
            let count = (countArg == nil || countArg!.isNone) ? -1 : (PyOps.integer(countArg!) ?? -1)
            let result = try PyString.replace(str(v), old, new, count: count)
            if result.utf8.count > it.limits.maxOutputBytes { throw .limit(message: "string longer than \(it.limits.maxOutputBytes) bytes") }
            return .string(result)
        case "reverse":
            if case let .string(s) = v { return .string(PyString.make(s.unicodeScalars.reversed())) }
            if case .undefined = v { throw .undefined(message: "'Undefined' object is not reversible", line: line) }
            return .array(try it.iterate(v, line).reversed())
        case "round":
            let precision = PyOps.integer(args.value(0, "precision") ?? .int(0)) ?? 0
            let method = str(args.value(1, "method") ?? .string("common"))
            guard let x = PyOps.number(v) else { throw .type(message: "type \(v.typeName) doesn't define __round__ method", line: line) }
            switch method {
            case "common":
                if case .int = v, precision >= 0 { return v }
                return .double(roundHalfEven(x, precision))
            case "ceil", "floor":
                let scale = Foundation.pow(10.0, Double(precision))
                let y = x * scale
                return .double((method == "ceil" ? y.rounded(.up) : y.rounded(.down)) / scale)
            default: throw .type(message: "method must be common, ceil or floor", line: line)
            }
        case "safe", "string": return .string(str(v))
        case "sort":
            var items = try it.iterate(v, line)
            let reverse = bool(0, "reverse", false), caseSensitive = bool(1, "case_sensitive", false)
            let attribute = args.value(2, "attribute")
            items = try sortValues(items, caseSensitive: caseSensitive, reverse: reverse, line: line) { x throws(JinjaError) in
                guard let attribute, !attribute.isNone else { return x }
                return try attributeValue(x, attribute, line)
            }
            return .array(items)
        case "sum":
            var items = try it.iterate(v, line)
            if let attribute = args.value(0, "attribute"), !attribute.isNone {
                items = try items.map { x throws(JinjaError) in try attributeValue(x, attribute, line) }
            }
            var total = args.value(1, "start") ?? .int(0)
            for x in items { total = try PyOps.arithmetic("+", total, x, line: line, maxBytes: it.limits.maxOutputBytes) }
            return total
        case "title": return .string(PyString.jinjaTitle(str(v)))
        case "tojson":
            var options = JinjaJSON.Options()
            options.ensureASCII = bool(0, "ensure_ascii", false)
            if let indent = args.value(1, "indent"), !indent.isNone {
                if case let .string(s) = indent { options.indent = s } else {
                    let n = PyOps.integer(indent) ?? 0
                    guard n <= 1000 else { throw .limit(message: "tojson indent \(n) too large") }
                    options.indent = String(repeating: " ", count: max(0, n))
                }
            }
            if let seps = args.value(2, "separators")?.sequence, seps.count == 2 {
                options.itemSeparator = str(seps[0]); options.keySeparator = str(seps[1])
            }
            options.sortKeys = bool(3, "sort_keys", false)
            return .string(try JinjaJSON.dumps(v, options, line: line))
        case "trim":
            let chars = args.value(0, "chars")
            let charString: String? = (chars == nil || chars!.isNone) ? nil : str(chars!)
            return .string(PyString.strip(str(v), chars: charString, left: true, right: true))
        case "unique":
            var items = try it.iterate(v, line)
            let caseSensitive = bool(0, "case_sensitive", false)
            let attribute = args.value(1, "attribute")
            var seen: [JinjaValue] = []
            var out: [JinjaValue] = []
            for x in items {
                var key = x
                if let attribute, !attribute.isNone { key = try attributeValue(x, attribute, line) }
                if !caseSensitive, case let .string(s) = key { key = .string(PyString.lower(s)) }
                if !seen.contains(where: { PyOps.equal($0, key) }) { seen.append(key); out.append(x) }
            }
            items = out
            return .array(items)
        case "wordcount":
            var count = 0, inWord = false
            for c in str(v).unicodeScalars {
                let w = c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
                if w && !inWord { count += 1 }
                inWord = w
            }
            return .int(count)
        default:
            throw .type(message: "No filter named '\(name)' found.", line: line)
        }
    }

    /// `attribute` may be dotted (`"function.name"`) or an integer index, as jinja2's `make_attrgetter`.
    /// With a `default`, an undefined step is replaced by it before the next step.
    private static func attributeValue(_ x: JinjaValue, _ attribute: JinjaValue, _ line: Int, default dflt: JinjaValue? = nil) throws(JinjaError) -> JinjaValue {
        let parts: [JinjaValue]
        if let i = PyOps.integer(attribute) { parts = [.int(i)] } else {
            parts = PyRepr.str(attribute).split(separator: ".", omittingEmptySubsequences: false).map { Int($0).map { .int($0) } ?? .string(String($0)) }
        }
        var current = x
        for key in parts {
            current = try JinjaMembers.getitem(current, key, line: line)
            if let dflt, current.isUndefined { current = dflt }
        }
        return current
    }

    /// Python's stable `sorted(key=..., reverse=...)` by `<` on `key(item)`, lower-casing string keys
    /// unless case-sensitive; equal keys keep their order in both directions.
    private static func sortValues(_ items: [JinjaValue], caseSensitive: Bool, reverse: Bool = false, line: Int,
                                   key: (JinjaValue) throws(JinjaError) -> JinjaValue) throws(JinjaError) -> [JinjaValue] {
        var keyed: [(JinjaValue, JinjaValue)] = []
        for x in items {
            var k = try key(x)
            if !caseSensitive, case let .string(s) = k { k = .string(PyString.lower(s)) }
            keyed.append((k, x))
        }
        // Insertion-based merge sort keeps stability and lets comparison errors propagate.
        var failure: JinjaError? = nil
        let sorted = keyed.enumerated().sorted { a, b in
            if failure != nil { return false }
            do throws(JinjaError) {
                let (x, y) = reverse ? (b.element.0, a.element.0) : (a.element.0, b.element.0)
                if try PyOps.less(x, y, line: line) { return true }
                if try PyOps.less(y, x, line: line) { return false }
            } catch { failure = error }
            return a.offset < b.offset
        }
        if let failure { throw failure }
        return sorted.map { $0.element.1 }
    }

    /// Python `int(s, base)`: surrounding whitespace and single underscores between digits allowed.
    private static func parseInt(_ s: String, base: Int) -> Int? {
        var t = PyString.strip(s, chars: nil, left: true, right: true)
        var negative = false
        if t.hasPrefix("-") || t.hasPrefix("+") { negative = t.hasPrefix("-"); t.removeFirst() }
        var base = base
        let prefix = t.prefix(2).lowercased()
        for (p, b) in [("0x", 16), ("0o", 8), ("0b", 2)] where prefix == p && (base == b || base == 0) {
            t.removeFirst(2); base = b
            if t.hasPrefix("_") { t.removeFirst() }
        }
        if base == 0 { base = 10 }
        guard (2...36).contains(base), !t.isEmpty, !t.hasPrefix("_"), !t.hasSuffix("_"), !t.contains("__") else { return nil }
        guard let v = Int(t.replacingOccurrences(of: "_", with: ""), radix: base) else { return nil }
        return negative ? -v : v
    }

    /// Python `float(s)`: whitespace allowed, `inf`/`nan` words, underscores between digits.
    private static func parseFloat(_ s: String) -> Double? {
        let t = PyString.strip(s, chars: nil, left: true, right: true)
        let lower = t.lowercased()
        for (word, value) in [("inf", Double.infinity), ("infinity", .infinity), ("nan", .nan)] {
            if lower == word || lower == "+" + word { return value }
            if lower == "-" + word { return -value }
        }
        guard !t.isEmpty, t.unicodeScalars.allSatisfy({ "0123456789+-.eE_".unicodeScalars.contains($0) }) else { return nil }
        guard !t.contains("__"), !t.hasPrefix("_"), !t.hasSuffix("_") else { return nil }
        return Double(t.replacingOccurrences(of: "_", with: ""))
    }

    /// Python's `round(x, n)` for floats: correctly rounded decimal, ties to even.
    private static func roundHalfEven(_ x: Double, _ n: Int) -> Double {
        guard x.isFinite else { return x }
        if n >= 0 {
            guard n <= 300 else { return x }
            return Double(String(format: "%.\(n)f", x)) ?? x
        }
        let scale = Foundation.pow(10.0, Double(-n))
        return (x / scale).rounded(.toNearestOrEven) * scale
    }
}
