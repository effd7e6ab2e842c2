/// jinja2's compile-time check for unknown filters and tests: an unknown name is a syntax error,
/// except inside `if` statements and inline `x if c else y` expressions ("soft" frames), where
/// jinja2 defers the error to the moment the filter is actually called.
enum JinjaValidator {
    static func check(_ nodes: [JinjaNode]) throws(JinjaError) {
        for n in nodes { try check(n, soft: false) }
    }

    private static func check(_ node: JinjaNode, soft: Bool) throws(JinjaError) {
        switch node {
        case .text, .breakLoop, .continueLoop: break
        case let .output(e, _), let .set(_, e, _): try check(e, soft: soft)
        case let .ifBlock(test, body, otherwise):
            try check(test, soft: true)
            for n in body + otherwise { try check(n, soft: true) }
        case let .forLoop(_, iterable, condition, body, otherwise, _, _):
            try check(iterable, soft: soft)
            if let condition { try check(condition, soft: false) }
            for n in body { try check(n, soft: false) }
            for n in otherwise { try check(n, soft: soft) }
        case let .setBlock(_, filters, body, line), let .filterBlock(filters, body, line):
            for (name, args) in filters { try checkName(name, filter: true, soft: false, line: line); try check(args, soft: false) }
            for n in body { try check(n, soft: false) }
        case let .macro(def):
            for (_, d) in def.parameters { if let d { try check(d, soft: false) } }
            for n in def.body { try check(n, soft: false) }
        case let .callBlock(call, caller, _):
            try check(call, soft: soft)
            for n in caller.body { try check(n, soft: false) }
        case let .with(assignments, body, _):
            for (_, e) in assignments { try check(e, soft: false) }
            for n in body { try check(n, soft: false) }
        }
    }

    private static func checkName(_ name: String, filter: Bool, soft: Bool, line: Int) throws(JinjaError) {
        guard !soft else { return }
        if filter, !JinjaFilters.names.contains(name) { throw .syntax(message: "No filter named '\(name)'.", line: line, column: 0) }
        if !filter, !JinjaTests.names.contains(name) { throw .syntax(message: "No test named '\(name)'.", line: line, column: 0) }
    }

    private static func check(_ args: JinjaCallArgs, soft: Bool) throws(JinjaError) {
        for e in args.positional { try check(e, soft: soft) }
        for (_, e) in args.keywords { try check(e, soft: soft) }
        if let e = args.starArgs { try check(e, soft: soft) }
        if let e = args.starKwargs { try check(e, soft: soft) }
    }

    private static func check(_ expr: JinjaExpr, soft: Bool) throws(JinjaError) {
        switch expr {
        case .constant, .name: break
        case let .list(items), let .tuple(items), let .concat(items): for e in items { try check(e, soft: soft) }
        case let .dict(pairs): for (k, v) in pairs { try check(k, soft: soft); try check(v, soft: soft) }
        case let .getattr(e, _, _), let .not(e), let .negate(e, _), let .plus(e, _): try check(e, soft: soft)
        case let .getitem(e, i, _): try check(e, soft: soft); try check(i, soft: soft)
        case let .slice(a, b, c): for e in [a, b, c] { if let e { try check(e, soft: soft) } }
        case let .call(f, args, _): try check(f, soft: soft); try check(args, soft: soft)
        case let .filter(e, name, args, line):
            try checkName(name, filter: true, soft: soft, line: line)
            try check(e, soft: soft); try check(args, soft: soft)
        case let .test(e, name, args, line):
            try checkName(name, filter: false, soft: soft, line: line)
            try check(e, soft: soft); try check(args, soft: soft)
        case let .binary(_, l, r, _), let .and(l, r), let .or(l, r): try check(l, soft: soft); try check(r, soft: soft)
        case let .compare(e, ops, _): try check(e, soft: soft); for (_, o) in ops { try check(o, soft: soft) }
        case let .conditional(test, then, otherwise):
            try check(test, soft: true); try check(then, soft: true)
            if let otherwise { try check(otherwise, soft: true) }
        }
    }
}
