import Foundation

/// A variable scope: template level, one loop iteration, a macro call or a `with` block.
final class JinjaScope {
    var variables: [String: JinjaValue] = [:]
    let parent: JinjaScope?
    init(parent: JinjaScope?) { self.parent = parent }

    func lookup(_ name: String) -> JinjaValue? {
        var scope: JinjaScope? = self
        while let s = scope {
            if let v = s.variables[name] { return v }
            scope = s.parent
        }
        return nil
    }
}

/// Walks the AST and renders output, with jinja2's scoping rules (loop bodies and macros get
/// their own scope; `if` does not) and the hard limits of `JinjaLimits`.
public final class JinjaInterpreter {
    let limits: JinjaLimits
    /// The time `strftime_now` formats, as wall-clock time in `timeZone`.
    let now: Date
    let timeZone: TimeZone
    private var iterations = 0
    private var depth = 0
    private var output = ""

    init(limits: JinjaLimits, now: Date, timeZone: TimeZone) {
        self.limits = limits
        self.now = now
        self.timeZone = timeZone
    }

    private enum Flow { case normal, breakLoop, continueLoop }

    func render(_ nodes: [JinjaNode], scope: JinjaScope) throws(JinjaError) -> String {
        output = ""
        _ = try execute(nodes, scope)
        return output
    }

    private func write(_ s: String) throws(JinjaError) {
        output += s
        if output.utf8.count > limits.maxOutputBytes { throw .limit(message: "output longer than \(limits.maxOutputBytes) bytes") }
    }

    private func enter() throws(JinjaError) {
        depth += 1
        if depth > limits.maxDepth { throw .limit(message: "recursion deeper than \(limits.maxDepth)") }
    }

    /// Renders `nodes` into a fresh buffer and returns the text (macro bodies, `set` blocks, filters).
    private func capture(_ nodes: [JinjaNode], _ scope: JinjaScope) throws(JinjaError) -> String {
        let saved = output
        output = ""
        defer { output = saved }
        _ = try execute(nodes, scope)
        return output
    }

    private func execute(_ nodes: [JinjaNode], _ scope: JinjaScope) throws(JinjaError) -> Flow {
        try enter(); defer { depth -= 1 }
        for node in nodes {
            switch node {
            case let .text(t):
                try write(t)
            case let .output(expr, _):
                try write(PyRepr.str(try eval(expr, scope)))
            case let .ifBlock(test, body, otherwise):
                let flow = try execute(try eval(test, scope).truthy ? body : otherwise, scope)
                if flow != .normal { return flow }
            case let .forLoop(target, iterable, condition, body, otherwise, recursive, line):
                if recursive { throw .type(message: "recursive for loops are not supported", line: line) }
                try runFor(target, iterable, condition, body, otherwise, scope, line)
            case let .set(target, expr, line):
                try assign(target, try eval(expr, scope), scope, line)
            case let .setBlock(target, filters, body, line):
                var value = JinjaValue.string(try capture(body, JinjaScope(parent: scope)))
                for (name, args) in filters { value = try applyFilter(name, value, args, scope, line) }
                try assign(target, value, scope, line)
            case let .macro(def):
                scope.variables[def.name] = .callable(makeMacro(def, scope))
            case let .callBlock(call, callerDef, line):
                guard case let .call(callee, args, _) = call else { throw .type(message: "expected call", line: line) }
                let caller = makeMacro(callerDef, scope)
                var arguments = try evalArgs(args, scope, line)
                arguments.keywords.append(("caller", .callable(caller)))
                try write(PyRepr.str(try callValue(try eval(callee, scope), arguments)))
            case let .filterBlock(filters, body, line):
                var value = JinjaValue.string(try capture(body, JinjaScope(parent: scope)))
                for (name, args) in filters { value = try applyFilter(name, value, args, scope, line) }
                try write(PyRepr.str(value))
            case let .with(assignments, body, line):
                let inner = JinjaScope(parent: scope)
                for (target, expr) in assignments { try assign(target, try eval(expr, scope), inner, line) }
                let flow = try execute(body, inner)
                if flow != .normal { return flow }
            case .breakLoop: return .breakLoop
            case .continueLoop: return .continueLoop
            }
        }
        return .normal
    }

    private func assign(_ target: JinjaTarget, _ value: JinjaValue, _ scope: JinjaScope, _ line: Int) throws(JinjaError) {
        switch target {
        case let .name(n):
            scope.variables[n] = value
        case let .attribute(ns, attr):
            guard case let .namespace(namespace)? = scope.lookup(ns) else {
                throw .type(message: "cannot assign attribute on non-namespace object", line: line)
            }
            if attr.hasPrefix("_") {
                throw .security(message: "Chat templates cannot store underscore-prefixed attributes on a namespace, but got \(PyRepr.string(attr)). Please rename the attribute.", line: line)
            }
            namespace.attributes[attr] = value
        case let .tuple(targets):
            let items = try iterate(value, line)
            guard items.count == targets.count else {
                throw .type(message: items.count > targets.count ? "too many values to unpack (expected \(targets.count))" : "not enough values to unpack (expected \(targets.count), got \(items.count))", line: line)
            }
            for (t, v) in zip(targets, items) { try assign(t, v, scope, line) }
        }
    }

    /// The items a `for` loop (or `list`) sees: list items, dict keys, string characters.
    func iterate(_ v: JinjaValue, _ line: Int) throws(JinjaError) -> [JinjaValue] {
        switch v {
        case .undefined: return []
        case let .array(a), let .tuple(a): return a
        case let .object(o): return o.keyValues
        case let .string(s): return s.unicodeScalars.map { .string(String($0)) }
        default: throw .type(message: "'\(v.typeName)' object is not iterable", line: line)
        }
    }

    private func countIteration() throws(JinjaError) {
        iterations += 1
        if iterations > limits.maxIterations { throw .limit(message: "more than \(limits.maxIterations) loop iterations") }
    }

    private func runFor(_ target: JinjaTarget, _ iterable: JinjaExpr, _ condition: JinjaExpr?, _ body: [JinjaNode],
                        _ otherwise: [JinjaNode], _ scope: JinjaScope, _ line: Int) throws(JinjaError) {
        var items = try iterate(try eval(iterable, scope), line)
        if let condition {
            var kept: [JinjaValue] = []
            for item in items {
                try countIteration()
                let probe = JinjaScope(parent: scope)
                try assign(target, item, probe, line)
                if try eval(condition, probe).truthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            _ = try execute(otherwise, scope)
            return
        }
        let n = items.count
        for (i, item) in items.enumerated() {
            try countIteration()
            let inner = JinjaScope(parent: scope)
            try assign(target, item, inner, line)
            var loop = JinjaObject()
            loop["index"] = .int(i + 1)
            loop["index0"] = .int(i)
            loop["revindex"] = .int(n - i)
            loop["revindex0"] = .int(n - i - 1)
            loop["first"] = .bool(i == 0)
            loop["last"] = .bool(i == n - 1)
            loop["length"] = .int(n)
            loop["depth"] = .int(1)
            loop["depth0"] = .int(0)
            loop["previtem"] = i > 0 ? items[i - 1] : .undefined(hint: "there is no previous item")
            loop["nextitem"] = i + 1 < n ? items[i + 1] : .undefined(hint: "there is no next item")
            loop["cycle"] = .callable(JinjaCallable(name: "cycle") { args, _ throws(JinjaError) in
                guard !args.positional.isEmpty else { throw .type(message: "no items for cycling given", line: line) }
                return args.positional[i % args.positional.count]
            })
            inner.variables["loop"] = .object(loop)
            let flow = try execute(body, inner)
            if flow == .breakLoop { break }
        }
    }

    private func makeMacro(_ def: JinjaMacroDefinition, _ scope: JinjaScope) -> JinjaCallable {
        JinjaCallable(name: def.name) { [unowned self] args, _ throws(JinjaError) in
            try self.enter(); defer { self.depth -= 1 }
            let inner = JinjaScope(parent: scope)
            guard args.positional.count <= def.parameters.count else {
                throw .type(message: "macro '\(def.name)' takes not more than \(def.parameters.count) argument(s)", line: args.line)
            }
            for (i, (name, dflt)) in def.parameters.enumerated() {
                if i < args.positional.count {
                    inner.variables[name] = args.positional[i]
                } else if let kw = args.keywords.last(where: { $0.0 == name }) {
                    inner.variables[name] = kw.1
                } else if let dflt {
                    inner.variables[name] = try self.eval(dflt, inner)
                } else {
                    inner.variables[name] = .undefined(hint: "parameter '\(name)' was not provided")
                }
            }
            for (k, v) in args.keywords where !def.parameters.contains(where: { $0.0 == k }) {
                guard k == "caller" else { throw .type(message: "macro '\(def.name)' takes no keyword argument '\(k)'", line: args.line) }
                inner.variables[k] = v
            }
            return .string(try self.capture(def.body, inner))
        }
    }

    // MARK: expressions

    func eval(_ expr: JinjaExpr, _ scope: JinjaScope) throws(JinjaError) -> JinjaValue {
        try enter(); defer { depth -= 1 }
        switch expr {
        case let .constant(v): return v
        case let .name(n, _):
            return scope.lookup(n) ?? JinjaGlobals.value(named: n) ?? .undefinedName(n)
        case let .list(items):
            var out: [JinjaValue] = []
            for e in items { out.append(try eval(e, scope)) }
            return .array(out)
        case let .tuple(items):
            var out: [JinjaValue] = []
            for e in items { out.append(try eval(e, scope)) }
            return .tuple(out)
        case let .dict(pairs):
            var o = JinjaObject()
            for (k, v) in pairs {
                let key = try eval(k, scope)
                guard JinjaObject.isHashable(key) else { throw .type(message: "unhashable type: '\(key.typeName)'", line: 0) }
                o[value: key] = try eval(v, scope)
            }
            return .object(o)
        case let .getattr(obj, name, line):
            return try JinjaMembers.getattr(try eval(obj, scope), name, line: line)
        case let .getitem(obj, index, line):
            let base = try eval(obj, scope)
            if case let .slice(start, stop, step) = index {
                return try JinjaMembers.slice(base, try evalOptional(start, scope), try evalOptional(stop, scope), try evalOptional(step, scope), line: line)
            }
            return try JinjaMembers.getitem(base, try eval(index, scope), line: line)
        case .slice:
            throw .type(message: "slice outside of a subscript", line: 0)
        case let .call(callee, args, line):
            let f = try eval(callee, scope)
            return try callValue(f, try evalArgs(args, scope, line))
        case let .filter(value, name, args, line):
            return try applyFilter(name, try eval(value, scope), args, scope, line)
        case let .test(value, name, args, line):
            let v = try eval(value, scope)
            return .bool(try JinjaTests.apply(name, v, try evalArgs(args, scope, line), self))
        case let .not(e):
            return .bool(!(try eval(e, scope).truthy))
        case let .negate(e, line):
            switch try eval(e, scope) {
            case let .int(i): guard i != .min else { throw .type(message: "integer overflow", line: line) }; return .int(-i)
            case let .double(d): return .double(-d)
            case let .bool(b): return .int(b ? -1 : 0)
            case let .undefined(hint): throw .undefined(message: hint, line: line)
            case let v: throw .type(message: "bad operand type for unary -: '\(v.typeName)'", line: line)
            }
        case let .plus(e, line):
            switch try eval(e, scope) {
            case let .bool(b): return .int(b ? 1 : 0)
            case let v where PyOps.number(v) != nil: return v
            case let .undefined(hint): throw .undefined(message: hint, line: line)
            case let v: throw .type(message: "bad operand type for unary +: '\(v.typeName)'", line: line)
            }
        case let .binary(op, l, r, line):
            return try PyOps.arithmetic(op, try eval(l, scope), try eval(r, scope), line: line, maxBytes: limits.maxOutputBytes)
        case let .and(l, r):
            let a = try eval(l, scope)
            return a.truthy ? try eval(r, scope) : a
        case let .or(l, r):
            let a = try eval(l, scope)
            return a.truthy ? a : try eval(r, scope)
        case let .concat(parts):
            var s = ""
            for p in parts {
                s += PyRepr.str(try eval(p, scope))
                if s.utf8.count > limits.maxOutputBytes { throw .limit(message: "string longer than \(limits.maxOutputBytes) bytes") }
            }
            return .string(s)
        case let .compare(first, ops, line):
            var left = try eval(first, scope)
            for (op, e) in ops {
                let right = try eval(e, scope)
                if !(try PyOps.compare(op, left, right, line: line)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case let .conditional(test, then, otherwise):
            if try eval(test, scope).truthy { return try eval(then, scope) }
            if let otherwise { return try eval(otherwise, scope) }
            return .undefined(hint: "the inline if-expression evaluated to false and no else section was defined.")
        }
    }

    private func evalOptional(_ e: JinjaExpr?, _ scope: JinjaScope) throws(JinjaError) -> JinjaValue? {
        guard let e else { return nil }
        return try eval(e, scope)
    }

    func evalArgs(_ args: JinjaCallArgs, _ scope: JinjaScope, _ line: Int) throws(JinjaError) -> JinjaArguments {
        var result = JinjaArguments(positional: [], keywords: [], line: line)
        for e in args.positional { result.positional.append(try eval(e, scope)) }
        for (k, e) in args.keywords { result.keywords.append((k, try eval(e, scope))) }
        if let star = args.starArgs { result.positional += try iterate(try eval(star, scope), line) }
        if let star = args.starKwargs {
            guard case let .object(o) = try eval(star, scope) else { throw .type(message: "argument after ** must be a mapping", line: line) }
            result.keywords += o.pairs
        }
        return result
    }

    func callValue(_ f: JinjaValue, _ args: JinjaArguments) throws(JinjaError) -> JinjaValue {
        switch f {
        case let .callable(c): return try c.call(args, self)
        case let .undefined(hint): throw .undefined(message: hint, line: args.line)
        default: throw .type(message: "'\(f.typeName)' object is not callable", line: args.line)
        }
    }

    private func applyFilter(_ name: String, _ value: JinjaValue, _ args: JinjaCallArgs, _ scope: JinjaScope, _ line: Int) throws(JinjaError) -> JinjaValue {
        try JinjaFilters.apply(name, value, try evalArgs(args, scope, line), self)
    }
}
