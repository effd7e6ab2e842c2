/// Recursive-descent parser following jinja2's `Parser` (same precedence, same statement forms).
struct JinjaParser {
    private var tokens: [JinjaToken]
    private var index = 0
    private var depth = 0
    private let maxDepth: Int
    /// How many `for` bodies enclose the current position (reset inside macros).
    private var loopDepth = 0

    static func parse(_ tokens: [JinjaToken], maxDepth: Int) throws(JinjaError) -> [JinjaNode] {
        var parser = JinjaParser(tokens: tokens, maxDepth: maxDepth)
        let body = try parser.subparse(endTokens: [])
        try JinjaValidator.check(body)
        return body
    }

    private init(tokens: [JinjaToken], maxDepth: Int) {
        var t = tokens
        let last = t.last.map { ($0.line, $0.column) } ?? (1, 1)
        t.append(JinjaToken(kind: .eof, line: last.0, column: last.1))
        self.tokens = t
        self.maxDepth = maxDepth
    }

    // MARK: token stream

    private var current: JinjaToken { tokens[index] }
    private func look() -> JinjaToken { tokens[min(index + 1, tokens.count - 1)] }
    private mutating func advance() -> JinjaToken {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private func fail(_ message: String, _ token: JinjaToken? = nil) -> JinjaError {
        let t = token ?? current
        return .syntax(message: message, line: t.line, column: t.column)
    }

    private func describe(_ t: JinjaToken) -> String {
        switch t.kind {
        case let .data(s): return "template data \(PyRepr.string(s))"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case let .name(n): return n
        case let .string(s): return PyRepr.string(s)
        case let .integer(i): return String(i)
        case let .float(d): return PyRepr.float(d)
        case let .op(o): return o
        case .eof: return "end of template"
        }
    }

    private func isOp(_ op: String) -> Bool { if case let .op(o) = current.kind { return o == op } else { return false } }
    private func isName(_ n: String) -> Bool { if case let .name(x) = current.kind { return x == n } else { return false } }
    private var isBlockEnd: Bool { current.kind == .blockEnd }

    private mutating func skipOp(_ op: String) -> Bool { if isOp(op) { _ = advance(); return true } else { return false } }
    private mutating func skipName(_ n: String) -> Bool { if isName(n) { _ = advance(); return true } else { return false } }

    private mutating func expectOp(_ op: String) throws(JinjaError) {
        guard skipOp(op) else { throw fail("expected token '\(op)', got '\(describe(current))'") }
    }
    private mutating func expectName() throws(JinjaError) -> String {
        guard case let .name(n) = current.kind else { throw fail("expected token 'name', got '\(describe(current))'") }
        _ = advance()
        return n
    }
    private mutating func expectBlockEnd() throws(JinjaError) {
        guard current.kind == .blockEnd else { throw fail("expected token 'end of statement block', got '\(describe(current))'") }
        _ = advance()
    }

    private mutating func enter() throws(JinjaError) {
        depth += 1
        if depth > maxDepth { throw fail("template nesting deeper than \(maxDepth)") }
    }

    // MARK: statements

    private mutating func subparse(endTokens: [String]) throws(JinjaError) -> [JinjaNode] {
        try enter(); defer { depth -= 1 }
        var body: [JinjaNode] = []
        while true {
            let token = current
            switch token.kind {
            case let .data(text):
                _ = advance()
                body.append(.text(text))
            case .variableBegin:
                _ = advance()
                let expr = try parseTuple(withCondexpr: true)
                guard current.kind == .variableEnd else { throw fail("expected token 'end of print statement', got '\(describe(current))'") }
                _ = advance()
                body.append(.output(expr, line: token.line))
            case .blockBegin:
                _ = advance()
                if case let .name(n) = current.kind, endTokens.contains(n) { return body }
                body.append(try parseStatement())
                try expectBlockEnd()
            case .eof:
                return body
            default:
                throw fail("internal parser error: unexpected \(describe(token))")
            }
        }
    }

    /// `parse_statements`: optional colon, block end, body up to one of `endTokens`.
    private mutating func parseStatements(_ endTokens: [String], dropNeedle: Bool) throws(JinjaError) -> [JinjaNode] {
        _ = skipOp(":")
        try expectBlockEnd()
        let body = try subparse(endTokens: endTokens)
        if current.kind == .eof {
            let expected = endTokens.map { "'\($0)'" }.joined(separator: " or ")
            throw fail("Unexpected end of template. Jinja was looking for the following tags: \(expected).")
        }
        if dropNeedle { _ = advance() }
        return body
    }

    private mutating func parseStatement() throws(JinjaError) -> JinjaNode {
        let token = current
        guard case let .name(tag) = token.kind else { throw fail("tag name expected") }
        switch tag {
        case "for": return try parseFor()
        case "if": return try parseIf()
        case "set": return try parseSet()
        case "macro": return try parseMacro()
        case "call": return try parseCallBlock()
        case "filter":
            _ = advance()
            let filters = try parseFilterChain(startInline: true)
            let body = try parseStatements(["endfilter"], dropNeedle: true)
            return .filterBlock(filters: filters, body: body, line: token.line)
        case "with": return try parseWith()
        case "print":
            _ = advance()
            return .output(try parseTuple(withCondexpr: true), line: token.line)
        case "break", "continue":
            guard loopDepth > 0 else { throw fail("'\(tag)' outside loop") }
            _ = advance()
            return tag == "break" ? .breakLoop(line: token.line) : .continueLoop(line: token.line)
        case "generation":
            _ = advance()
            let body = try parseStatements(["endgeneration"], dropNeedle: true)
            return .ifBlock(test: .constant(.bool(true)), body: body, otherwise: [])
        default:
            throw fail("Encountered unknown tag '\(tag)'.")
        }
    }

    private mutating func parseFor() throws(JinjaError) -> JinjaNode {
        let line = advance().line
        let target = try parseAssignTarget(extraEnd: ["in"], withNamespace: false)
        guard skipName("in") else { throw fail("expected token 'in', got '\(describe(current))'") }
        let iterable = try parseTuple(withCondexpr: false, extraEnd: ["recursive"])
        var condition: JinjaExpr? = nil
        if skipName("if") { condition = try parseExpression() }
        let recursive = skipName("recursive")
        loopDepth += 1
        let body = try parseStatements(["endfor", "else"], dropNeedle: false)
        loopDepth -= 1
        var otherwise: [JinjaNode] = []
        if case .name("else") = advance().kind {
            otherwise = try parseStatements(["endfor"], dropNeedle: true)
        }
        return .forLoop(target: target, iterable: iterable, condition: condition, body: body, otherwise: otherwise, recursive: recursive, line: line)
    }

    private mutating func parseIf() throws(JinjaError) -> JinjaNode {
        _ = advance()
        return try parseIfBranch()
    }

    /// The test and body of an `if` or `elif`; an `elif` nests as the else branch, and the single
    /// `endif` closes the whole chain.
    private mutating func parseIfBranch() throws(JinjaError) -> JinjaNode {
        try enter(); defer { depth -= 1 }
        let test = try parseTuple(withCondexpr: false)
        let body = try parseStatements(["elif", "else", "endif"], dropNeedle: false)
        switch advance().kind {
        case .name("elif"):
            return .ifBlock(test: test, body: body, otherwise: [try parseIfBranch()])
        case .name("else"):
            return .ifBlock(test: test, body: body, otherwise: try parseStatements(["endif"], dropNeedle: true))
        default:
            return .ifBlock(test: test, body: body, otherwise: [])
        }
    }

    private mutating func parseSet() throws(JinjaError) -> JinjaNode {
        let line = advance().line
        let target = try parseAssignTarget(extraEnd: [], withNamespace: true)
        if skipOp("=") {
            return .set(target, try parseTuple(withCondexpr: true), line: line)
        }
        let filters = try parseFilterChain(startInline: false)
        let body = try parseStatements(["endset"], dropNeedle: true)
        return .setBlock(target, filters: filters, body: body, line: line)
    }

    private mutating func parseSignature() throws(JinjaError) -> [(String, JinjaExpr?)] {
        try expectOp("(")
        var params: [(String, JinjaExpr?)] = []
        var sawDefault = false
        while !isOp(")") {
            if !params.isEmpty { try expectOp(",") }
            let name = try expectName()
            if skipOp("=") {
                params.append((name, try parseExpression())); sawDefault = true
            } else {
                if sawDefault { throw fail("non-default argument follows default argument") }
                params.append((name, nil))
            }
        }
        try expectOp(")")
        return params
    }

    private mutating func parseMacro() throws(JinjaError) -> JinjaNode {
        _ = advance()
        let name = try expectName()
        let params = try parseSignature()
        let outerLoops = loopDepth
        loopDepth = 0
        let body = try parseStatements(["endmacro"], dropNeedle: true)
        loopDepth = outerLoops
        return .macro(JinjaMacroDefinition(name: name, parameters: params, body: body))
    }

    private mutating func parseCallBlock() throws(JinjaError) -> JinjaNode {
        let line = advance().line
        let params = isOp("(") ? try parseSignature() : []
        let call = try parseExpression()
        guard case .call = call else { throw fail("expected call") }
        let outerLoops = loopDepth
        loopDepth = 0
        let body = try parseStatements(["endcall"], dropNeedle: true)
        loopDepth = outerLoops
        return .callBlock(call: call, caller: JinjaMacroDefinition(name: "caller", parameters: params, body: body), line: line)
    }

    private mutating func parseWith() throws(JinjaError) -> JinjaNode {
        let line = advance().line
        var assignments: [(JinjaTarget, JinjaExpr)] = []
        while !isBlockEnd {
            if !assignments.isEmpty { try expectOp(",") }
            let target = try parseAssignTarget(extraEnd: [], withNamespace: false)
            try expectOp("=")
            assignments.append((target, try parseExpression()))
        }
        let body = try parseStatements(["endwith"], dropNeedle: true)
        return .with(assignments: assignments, body: body, line: line)
    }

    private mutating func parseAssignTarget(extraEnd: [String], withNamespace: Bool) throws(JinjaError) -> JinjaTarget {
        if withNamespace, case .op(".") = look().kind {
            let ns = try expectName()
            _ = advance()
            return .attribute(ns, try expectName())
        }
        let expr = try parseTuple(simplified: true, withCondexpr: true, extraEnd: extraEnd)
        return try target(from: expr)
    }

    private func target(from expr: JinjaExpr) throws(JinjaError) -> JinjaTarget {
        switch expr {
        case let .name(n, _):
            if ["true", "false", "none", "True", "False", "None"].contains(n) { throw fail("Can't assign to constant") }
            return .name(n)
        case let .tuple(items):
            var targets: [JinjaTarget] = []
            for item in items { targets.append(try target(from: item)) }
            return .tuple(targets)
        default:
            throw fail("can't assign to \(expr)")
        }
    }

    // MARK: expressions

    private func isTupleEnd(_ extraEnd: [String]) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .op(")"): return true
        case let .name(n): return extraEnd.contains(n)
        default: return false
        }
    }

    private mutating func parseTuple(simplified: Bool = false, withCondexpr: Bool = true, extraEnd: [String] = [], explicitParentheses: Bool = false) throws(JinjaError) -> JinjaExpr {
        var args: [JinjaExpr] = []
        var isTuple = false
        while true {
            if !args.isEmpty { try expectOp(",") }
            if isTupleEnd(extraEnd) { break }
            if simplified { args.append(try parsePrimary()) }
            else if withCondexpr { args.append(try parseExpression()) }
            else { args.append(try parseOr()) }
            if isOp(",") { isTuple = true } else { break }
        }
        if !isTuple {
            if let first = args.first { return first }
            if !explicitParentheses { throw fail("Expected an expression, got '\(describe(current))'") }
        }
        return .tuple(args)
    }

    private mutating func parseExpression() throws(JinjaError) -> JinjaExpr {
        try enter(); defer { depth -= 1 }
        var expr = try parseOr()
        while skipName("if") {
            let test = try parseOr()
            let otherwise: JinjaExpr? = skipName("else") ? try parseExpression() : nil
            expr = .conditional(test: test, then: expr, otherwise: otherwise)
        }
        return expr
    }

    private mutating func parseOr() throws(JinjaError) -> JinjaExpr {
        var left = try parseAnd()
        while skipName("or") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(JinjaError) -> JinjaExpr {
        var left = try parseNot()
        while skipName("and") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(JinjaError) -> JinjaExpr {
        if isName("not") {
            _ = advance()
            try enter(); defer { depth -= 1 }
            return .not(try parseNot())
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(JinjaError) -> JinjaExpr {
        let line = current.line
        let expr = try parseMath1()
        var ops: [(op: String, JinjaExpr)] = []
        while true {
            if case let .op(o) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(o) {
                _ = advance(); ops.append((o, try parseMath1()))
            } else if skipName("in") {
                ops.append(("in", try parseMath1()))
            } else if isName("not"), case .name("in") = look().kind {
                _ = advance(); _ = advance(); ops.append(("notin", try parseMath1()))
            } else {
                break
            }
        }
        return ops.isEmpty ? expr : .compare(expr, ops, line: line)
    }

    private mutating func parseMath1() throws(JinjaError) -> JinjaExpr {
        var left = try parseConcat()
        while case let .op(o) = current.kind, o == "+" || o == "-" {
            let line = advance().line
            left = .binary(op: o, left, try parseConcat(), line: line)
        }
        return left
    }

    private mutating func parseConcat() throws(JinjaError) -> JinjaExpr {
        var args = [try parseMath2()]
        while skipOp("~") { args.append(try parseMath2()) }
        return args.count == 1 ? args[0] : .concat(args)
    }

    private mutating func parseMath2() throws(JinjaError) -> JinjaExpr {
        var left = try parsePow()
        while case let .op(o) = current.kind, ["*", "/", "//", "%"].contains(o) {
            let line = advance().line
            left = .binary(op: o, left, try parsePow(), line: line)
        }
        return left
    }

    private mutating func parsePow() throws(JinjaError) -> JinjaExpr {
        var left = try parseUnary()
        while isOp("**") {
            let line = advance().line
            left = .binary(op: "**", left, try parseUnary(), line: line)
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool = true) throws(JinjaError) -> JinjaExpr {
        try enter(); defer { depth -= 1 }
        let line = current.line
        var node: JinjaExpr
        if skipOp("-") {
            node = .negate(try parseUnary(withFilter: false), line: line)
        } else if skipOp("+") {
            node = .plus(try parseUnary(withFilter: false), line: line)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpr(node) }
        return node
    }

    private mutating func parsePrimary() throws(JinjaError) -> JinjaExpr {
        try enter(); defer { depth -= 1 }
        let token = current
        switch token.kind {
        case let .name(n):
            _ = advance()
            switch n {
            case "true", "True": return .constant(.bool(true))
            case "false", "False": return .constant(.bool(false))
            case "none", "None": return .constant(.none)
            default: return .name(n, line: token.line)
            }
        case let .string(s):
            _ = advance()
            var value = s
            while case let .string(more) = current.kind { value += more; _ = advance() }
            return .constant(.string(value))
        case let .integer(i): _ = advance(); return .constant(.int(i))
        case let .float(d): _ = advance(); return .constant(.double(d))
        case .op("("):
            _ = advance()
            let inner = try parseTuple(explicitParentheses: true)
            try expectOp(")")
            return inner
        case .op("["):
            _ = advance()
            var items: [JinjaExpr] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("]") { break }
                items.append(try parseExpression())
            }
            try expectOp("]")
            return .list(items)
        case .op("{"):
            _ = advance()
            var items: [(JinjaExpr, JinjaExpr)] = []
            while !isOp("}") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("}") { break }
                let key = try parseExpression()
                try expectOp(":")
                items.append((key, try parseExpression()))
            }
            try expectOp("}")
            return .dict(items)
        default:
            throw fail("unexpected '\(describe(token))'")
        }
    }

    private mutating func parsePostfix(_ start: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        var node = start
        while true {
            if isOp(".") || isOp("[") {
                node = try parseSubscript(node)
            } else if isOp("(") {
                let line = current.line
                node = .call(node, try parseCallArgs(), line: line)
            } else {
                return node
            }
        }
    }

    private mutating func parseFilterExpr(_ start: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        var node = start
        while true {
            if isOp("|") {
                let line = current.line
                for (name, args) in try parseFilterChain(startInline: false) {
                    node = .filter(node, name: name, args, line: line)
                }
            } else if isName("is") {
                node = try parseTest(node)
            } else if isOp("(") {
                let line = current.line
                node = .call(node, try parseCallArgs(), line: line)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ node: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        let token = advance()
        if token.kind == .op(".") {
            let attr = advance()
            switch attr.kind {
            case let .name(n): return .getattr(node, n, line: token.line)
            case let .integer(i): return .getitem(node, .constant(.int(i)), line: token.line)
            default: throw fail("expected name or number", attr)
            }
        }
        var args: [JinjaExpr] = []
        while !isOp("]") {
            if !args.isEmpty { try expectOp(",") }
            args.append(try parseSubscribed())
        }
        try expectOp("]")
        return .getitem(node, args.count == 1 ? args[0] : .tuple(args), line: token.line)
    }

    private mutating func parseSubscribed() throws(JinjaError) -> JinjaExpr {
        var parts: [JinjaExpr?] = []
        if skipOp(":") {
            parts = [nil]
        } else {
            let expr = try parseExpression()
            if !isOp(":") { return expr }
            _ = advance()
            parts = [expr]
        }
        if isOp(":") { parts.append(nil) }
        else if !isOp("]") && !isOp(",") { parts.append(try parseExpression()) }
        else { parts.append(nil) }
        if skipOp(":") {
            if !isOp("]") && !isOp(",") { parts.append(try parseExpression()) } else { parts.append(nil) }
        } else {
            parts.append(nil)
        }
        return .slice(start: parts[0], stop: parts[1], step: parts[2])
    }

    private mutating func parseCallArgs() throws(JinjaError) -> JinjaCallArgs {
        let open = current
        try expectOp("(")
        var args = JinjaCallArgs()
        var requireComma = false
        while !isOp(")") {
            if requireComma {
                try expectOp(",")
                if isOp(")") { break }
            }
            if skipOp("*") {
                guard args.starArgs == nil, args.starKwargs == nil else { throw fail("invalid syntax for function call expression", open) }
                args.starArgs = try parseExpression()
            } else if skipOp("**") {
                guard args.starKwargs == nil else { throw fail("invalid syntax for function call expression", open) }
                args.starKwargs = try parseExpression()
            } else if case let .name(key) = current.kind, case .op("=") = look().kind {
                guard args.starKwargs == nil else { throw fail("invalid syntax for function call expression", open) }
                _ = advance(); _ = advance()
                args.keywords.append((key, try parseExpression()))
            } else {
                guard args.starArgs == nil, args.starKwargs == nil, args.keywords.isEmpty else {
                    throw fail("invalid syntax for function call expression", open)
                }
                args.positional.append(try parseExpression())
            }
            requireComma = true
        }
        try expectOp(")")
        return args
    }

    private mutating func dottedName() throws(JinjaError) -> String {
        var name = try expectName()
        while skipOp(".") { name += "." + (try expectName()) }
        return name
    }

    private mutating func parseFilterChain(startInline: Bool) throws(JinjaError) -> [(String, JinjaCallArgs)] {
        var chain: [(String, JinjaCallArgs)] = []
        var inline = startInline
        while isOp("|") || inline {
            if !inline { _ = advance() }
            let name = try dottedName()
            chain.append((name, isOp("(") ? try parseCallArgs() : JinjaCallArgs()))
            inline = false
        }
        return chain
    }

    private mutating func parseTest(_ node: JinjaExpr) throws(JinjaError) -> JinjaExpr {
        let line = advance().line
        let negated = skipName("not")
        let name = try dottedName()
        var args = JinjaCallArgs()
        if isOp("(") {
            args = try parseCallArgs()
        } else {
            switch current.kind {
            case .name("else"), .name("or"), .name("and"): break
            case .name("is"): throw fail("You cannot chain multiple tests with is")
            case .name, .string, .integer, .float, .op("("), .op("["), .op("{"):
                args.positional = [try parsePostfix(try parsePrimary())]
            default: break
            }
        }
        let test = JinjaExpr.test(node, name: name, args, line: line)
        return negated ? .not(test) : test
    }
}
