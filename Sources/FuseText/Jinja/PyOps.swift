import Foundation

/// Python operator semantics on template values (equality, ordering, arithmetic, `in`, slicing).
enum PyOps {
    /// A number as Double when the value is int/float/bool.
    static func number(_ v: JinjaValue) -> Double? {
        switch v {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .bool(b): return b ? 1 : 0
        default: return nil
        }
    }

    /// An integer when the value is int or bool.
    static func integer(_ v: JinjaValue) -> Int? {
        switch v {
        case let .int(i): return i
        case let .bool(b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python `==`.
    static func equal(_ a: JinjaValue, _ b: JinjaValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case let (.string(x), .string(y)): return PyString.equal(x, y)
        case let (.array(x), .array(y)), let (.tuple(x), .tuple(y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)): return x == y
        case let (.namespace(x), .namespace(y)): return x === y
        case let (.callable(x), .callable(y)): return x === y
        default:
            if let i = integer(a), let j = integer(b) { return i == j }
            if let x = number(a), let y = number(b) { return x == y }
            return false
        }
    }

    /// Python `<`; throws for unorderable types.
    static func less(_ a: JinjaValue, _ b: JinjaValue, line: Int) throws(JinjaError) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return PyString.less(x, y)
        case let (.array(x), .array(y)), let (.tuple(x), .tuple(y)):
            for (p, q) in zip(x, y) where !equal(p, q) { return try less(p, q, line: line) }
            return x.count < y.count
        default:
            if let i = integer(a), let j = integer(b) { return i < j }
            if let x = number(a), let y = number(b) { return x < y }
            if case let .undefined(hint) = a { throw .undefined(message: hint, line: line) }
            if case let .undefined(hint) = b { throw .undefined(message: hint, line: line) }
            throw .type(message: "'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'", line: line)
        }
    }

    static func compare(_ op: String, _ a: JinjaValue, _ b: JinjaValue, line: Int) throws(JinjaError) -> Bool {
        switch op {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        case "<": return try less(a, b, line: line)
        case ">": return try less(b, a, line: line)
        case "<=": return try less(a, b, line: line) || equal(a, b)
        case ">=": return try less(b, a, line: line) || equal(a, b)
        case "in": return try contains(b, a, line: line)
        case "notin": return try !contains(b, a, line: line)
        default: throw .type(message: "unknown comparison \(op)", line: line)
        }
    }

    /// Python `item in container`.
    static func contains(_ container: JinjaValue, _ item: JinjaValue, line: Int) throws(JinjaError) -> Bool {
        switch container {
        case .undefined: return false
        case let .string(s):
            guard case let .string(sub) = item else {
                throw .type(message: "'in <string>' requires string as left operand, not \(item.typeName)", line: line)
            }
            return PyString.contains(s, sub)
        case let .array(a), let .tuple(a): return a.contains { equal($0, item) }
        case let .object(o):
            guard JinjaObject.isHashable(item) else { throw .type(message: "unhashable type: '\(item.typeName)'", line: line) }
            return o[value: item] != nil
        case let .namespace(n):
            if case let .string(k) = item { return n.attributes[k] != nil }
            return false
        default:
            throw .type(message: "argument of type '\(container.typeName)' is not iterable", line: line)
        }
    }

    private static func undefinedCheck(_ a: JinjaValue, _ b: JinjaValue, line: Int) throws(JinjaError) {
        if case let .undefined(hint) = a { throw .undefined(message: hint, line: line) }
        if case let .undefined(hint) = b { throw .undefined(message: hint, line: line) }
    }

    private static func unsupported(_ op: String, _ a: JinjaValue, _ b: JinjaValue, line: Int) -> JinjaError {
        .type(message: "unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'", line: line)
    }

    private static func overflow(_ line: Int) -> JinjaError { .type(message: "integer overflow", line: line) }

    /// Binary arithmetic: + - * / // % **.
    static func arithmetic(_ op: String, _ a: JinjaValue, _ b: JinjaValue, line: Int, maxBytes: Int) throws(JinjaError) -> JinjaValue {
        try undefinedCheck(a, b, line: line)
        switch (op, a, b) {
        case let ("+", .string(x), .string(y)):
            guard x.utf8.count + y.utf8.count <= maxBytes else { throw .limit(message: "string longer than \(maxBytes) bytes") }
            return .string(x + y)
        case let ("+", .array(x), .array(y)):
            guard x.count + y.count <= maxBytes else { throw .limit(message: "list longer than \(maxBytes) items") }
            return .array(x + y)
        case let ("+", .tuple(x), .tuple(y)):
            guard x.count + y.count <= maxBytes else { throw .limit(message: "tuple longer than \(maxBytes) items") }
            return .tuple(x + y)
        case ("*", .string, _), ("*", _, .string), ("*", .array, _), ("*", _, .array):
            let seq: JinjaValue, n: Int
            if let k = integer(b), a.sequence != nil || { if case .string = a { return true } else { return false } }() {
                (seq, n) = (a, k)
            } else if let k = integer(a) {
                (seq, n) = (b, k)
            } else {
                throw .type(message: "can't multiply sequence by non-int of type '\(b.typeName)'", line: line)
            }
            let times = max(0, n)
            switch seq {
            case let .string(s):
                let total = s.utf8.count.multipliedReportingOverflow(by: times)
                guard !total.overflow, total.partialValue <= maxBytes else { throw .limit(message: "string longer than \(maxBytes) bytes") }
                return .string(String(repeating: s, count: times))
            case let .array(x):
                let total = x.count.multipliedReportingOverflow(by: times)
                guard !total.overflow, total.partialValue <= maxBytes else { throw .limit(message: "list longer than \(maxBytes) items") }
                return .array(Array([[JinjaValue]](repeating: x, count: times).joined()))
            default:
                throw unsupported("*", a, b, line: line)
            }
        default: break
        }
        if let x = integer(a), let y = integer(b) {
            switch op {
            case "+": let r = x.addingReportingOverflow(y); if r.overflow { throw overflow(line) }; return .int(r.partialValue)
            case "-": let r = x.subtractingReportingOverflow(y); if r.overflow { throw overflow(line) }; return .int(r.partialValue)
            case "*": let r = x.multipliedReportingOverflow(by: y); if r.overflow { throw overflow(line) }; return .int(r.partialValue)
            case "/":
                guard y != 0 else { throw .type(message: "division by zero", line: line) }
                return .double(Double(x) / Double(y))
            case "//":
                guard y != 0 else { throw .type(message: "integer division or modulo by zero", line: line) }
                if x == .min && y == -1 { throw overflow(line) }
                let q = x / y
                return .int((x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q)
            case "%":
                guard y != 0 else { throw .type(message: "integer division or modulo by zero", line: line) }
                if y == -1 { return .int(0) }
                let r = x % y
                return .int((r != 0 && ((r < 0) != (y < 0))) ? r + y : r)
            case "**":
                if y < 0 {
                    guard x != 0 else { throw .type(message: "0.0 cannot be raised to a negative power", line: line) }
                    return .double(Foundation.pow(Double(x), Double(y)))
                }
                var result = 1, base = x, e = y
                while e > 0 {
                    if e & 1 == 1 { let r = result.multipliedReportingOverflow(by: base); if r.overflow { throw overflow(line) }; result = r.partialValue }
                    e >>= 1
                    if e > 0 { let r = base.multipliedReportingOverflow(by: base); if r.overflow { throw overflow(line) }; base = r.partialValue }
                }
                return .int(result)
            default: break
            }
        }
        if let x = number(a), let y = number(b) {
            switch op {
            case "+": return .double(x + y)
            case "-": return .double(x - y)
            case "*": return .double(x * y)
            case "/":
                guard y != 0 else { throw .type(message: "float division by zero", line: line) }
                return .double(x / y)
            case "//":
                guard y != 0 else { throw .type(message: "float floor division by zero", line: line) }
                return .double((x / y).rounded(.down))
            case "%":
                guard y != 0 else { throw .type(message: "float modulo", line: line) }
                var r = fmod(x, y)
                if r != 0 && ((r < 0) != (y < 0)) { r += y }
                return .double(r)
            case "**":
                if x == 0 && y < 0 { throw .type(message: "0.0 cannot be raised to a negative power", line: line) }
                return .double(Foundation.pow(x, y))
            default: break
            }
        }
        if op == "%", case let .string(format) = a { return .string(try percentFormat(format, b, line: line)) }
        throw unsupported(op, a, b, line: line)
    }

    /// Python `format % args` for the conversions templates use: %s %r %d %i %f %%.
    static func percentFormat(_ format: String, _ args: JinjaValue, line: Int) throws(JinjaError) -> String {
        var items: [JinjaValue]
        if case let .tuple(t) = args { items = t } else { items = [args] }
        var out = ""
        var it = format.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "%" else { out.unicodeScalars.append(c); continue }
            guard let k = it.next() else { throw .type(message: "incomplete format", line: line) }
            if k == "%" { out += "%"; continue }
            guard !items.isEmpty else { throw .type(message: "not enough arguments for format string", line: line) }
            let v = items.removeFirst()
            switch k {
            case "s": out += PyRepr.str(v)
            case "r": out += PyRepr.repr(v)
            case "d", "i":
                if let i = integer(v) { out += String(i) } else if let d = number(v) { out += String(Int(d)) } else {
                    throw .type(message: "%d format: a real number is required, not \(v.typeName)", line: line)
                }
            case "f":
                guard let d = number(v) else { throw .type(message: "must be real number, not \(v.typeName)", line: line) }
                out += String(format: "%.6f", d)
            default: throw .type(message: "unsupported format character '\(k)'", line: line)
            }
        }
        if !items.isEmpty { throw .type(message: "not all arguments converted during string formatting", line: line) }
        return out
    }

    /// Python slice `seq[start:stop:step]` index list for a sequence of `count` items.
    static func sliceIndices(count: Int, start: Int?, stop: Int?, step: Int?, line: Int) throws(JinjaError) -> [Int] {
        let step = step ?? 1
        guard step != 0 else { throw .type(message: "slice step cannot be zero", line: line) }
        func clamp(_ v: Int?, _ dflt: Int, lower: Int, upper: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += count; if v < lower { v = lower } } else if v > upper { v = upper }
            return v
        }
        var result: [Int] = []
        if step > 0 {
            let lo = clamp(start, 0, lower: 0, upper: count)
            let hi = clamp(stop, count, lower: 0, upper: count)
            var i = lo
            while i < hi { result.append(i); i += step }
        } else {
            let lo = clamp(start, count - 1, lower: -1, upper: count - 1)
            let hi = clamp(stop, -1, lower: -1, upper: count - 1)
            var i = lo
            while i > hi { result.append(i); i += step }
        }
        return result
    }
}
