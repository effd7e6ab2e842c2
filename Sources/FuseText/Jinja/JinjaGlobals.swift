import Foundation

/// The global functions transformers gives chat templates: `range`, `dict`, `namespace`,
/// `raise_exception`, `strftime_now`.
enum JinjaGlobals {
    static func value(named name: String) -> JinjaValue? {
        switch name {
        case "range": return .callable(JinjaCallable(name: name, range))
        case "dict": return .callable(JinjaCallable(name: name) { args, _ throws(JinjaError) in
            var o = JinjaObject()
            if let first = args.positional.first {
                guard case let .object(base) = first else { throw .type(message: "dict() argument must be a mapping", line: args.line) }
                o = base
            }
            for (k, v) in args.keywords { o[k] = v }
            return .object(o)
        })
        case "namespace": return .callable(JinjaCallable(name: name) { args, _ throws(JinjaError) in
            var o = JinjaObject()
            if let first = args.positional.first {
                guard case let .object(base) = first else { throw .type(message: "namespace() argument must be a mapping", line: args.line) }
                o = base
            }
            for (k, v) in args.keywords { o[k] = v }
            for k in o.keys where k.hasPrefix("_") {
                throw .security(message: "Chat templates cannot store underscore-prefixed attributes on a namespace, but got \(PyRepr.string(k)). Please rename the attribute.", line: args.line)
            }
            return .namespace(JinjaNamespace(o))
        })
        case "raise_exception": return .callable(JinjaCallable(name: name) { args, _ throws(JinjaError) in
            throw .raised(message: PyRepr.str(args.value(0, "message") ?? JinjaValue.none))
        })
        case "strftime_now": return .callable(JinjaCallable(name: name) { args, interpreter throws(JinjaError) in
            guard case let .string(format)? = args.value(0, "format") else {
                throw .type(message: "strftime() argument 1 must be str", line: args.line)
            }
            return .string(strftime(format, interpreter.now, interpreter.timeZone))
        })
        default: return nil
        }
    }

    private static func range(_ args: JinjaArguments, _ interpreter: JinjaInterpreter) throws(JinjaError) -> JinjaValue {
        var ints: [Int] = []
        for a in args.positional {
            guard let i = PyOps.integer(a) else { throw .type(message: "'\(a.typeName)' object cannot be interpreted as an integer", line: args.line) }
            ints.append(i)
        }
        let (start, stop, step): (Int, Int, Int)
        switch ints.count {
        case 1: (start, stop, step) = (0, ints[0], 1)
        case 2: (start, stop, step) = (ints[0], ints[1], 1)
        case 3: (start, stop, step) = (ints[0], ints[1], ints[2])
        default: throw .type(message: "range expected at most 3 arguments, got \(ints.count)", line: args.line)
        }
        guard step != 0 else { throw .type(message: "range() arg 3 must not be zero", line: args.line) }
        let count = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0) : (start > stop ? (start - stop - 1) / (-step) + 1 : 0)
        guard count <= 100_000 else {
            throw .security(message: "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).", line: args.line)
        }
        return .array((0..<count).map { .int(start + $0 * step) })
    }

    /// C `strftime` of `date` as wall-clock time in `zone` (Python's `datetime.now().strftime`).
    static func strftime(_ format: String, _ date: Date, _ zone: TimeZone) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down)) + time_t(zone.secondsFromGMT(for: date))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 1024)
        let n = Foundation.strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
