/// A recursive-descent parser from `MathLexer` tokens to a `MathNode`: sums, products (explicit
/// and implicit), quotients, powers, `\frac`, `\sqrt`, functions, percentages, tuples, intervals,
/// sets, bare lists, unions and equation chains. Words that are units (`cm`, `dollars`, ...) or
/// prose are dropped when the answer also has mathematical content.
struct MathParser {
    private var tokens: [MathToken]
    private var pos = 0
    /// Nesting depth, bounded so that pathological input cannot overflow the stack.
    private var depth = 0
    private static let maxDepth = 200

    /// Words dropped as units or filler wherever they appear.
    static let unitWords: Set<String> = [
        "cm", "mm", "km", "m", "kg", "g", "mg", "lb", "lbs", "oz", "ft", "feet", "foot", "inch", "inches", "in",
        "yd", "yards", "mile", "miles", "meter", "meters", "metre", "metres", "units", "unit", "sq", "square",
        "cubic", "dollars", "dollar", "cents", "cent", "hours", "hour", "hrs", "hr", "minutes", "minute", "min",
        "mins", "seconds", "second", "sec", "s", "days", "day", "weeks", "week", "years", "year", "degrees", "degree",
        "mph", "kmh", "liters", "liter", "litres", "l", "ml", "gallons", "gallon", "pounds", "pound", "grams", "gram",
        "people", "students", "apples", "books", "cookies", "marbles", "eggs", "pages", "boxes", "cups", "times",
        "percent", "pct",
    ]
    private static let functions: Set<String> = ["sin", "cos", "tan", "log", "ln", "exp", "sqrt"]

    /// Parses an answer, or returns `nil` when it is not a well-formed expression.
    static func parse(_ text: String) -> MathNode? {
        guard let raw = MathLexer.tokens(text) else { return nil }
        // Words: units and long prose words are dropped; "and" separates like a comma.
        var kept: [MathToken] = []
        var prose: [String] = []
        var k = 0
        while k < raw.count {
            let t = raw[k]
            k += 1
            guard case .word(let w) = t else { kept.append(t); continue }
            let lower = w.lowercased()
            if lower == "percent" || lower == "pct" || lower == "percentage" { kept.append(.symbol(UInt8(ascii: "%"))); continue }
            if lower == "and" { kept.append(.symbol(UInt8(ascii: ","))); continue }
            if functions.contains(lower) || lower == "pi" || lower == "inf" || lower == "infty" { kept.append(t); continue }
            if (w.count > 1 && unitWords.contains(lower)) || w.count > 3 {
                prose.append(w)
                // A rate unit such as km/h: the divisor goes with it.
                if k + 1 < raw.count, raw[k] == .symbol(UInt8(ascii: "/")), case .word = raw[k + 1] { k += 2 }
                continue
            }
            kept.append(t)
        }
        let hasMath = kept.contains { if case .number = $0 { return true }; if case .word = $0 { return true }; if case .command = $0 { return true }; return false }
        if !hasMath { return prose.isEmpty ? nil : .text(prose.joined(separator: " ").lowercased()) }
        var p = MathParser(tokens: kept)
        guard let node = p.parseTop(), p.pos == p.tokens.count else { return nil }
        return node
    }

    private init(tokens: [MathToken]) { self.tokens = tokens }

    private var peek: MathToken? { pos < tokens.count ? tokens[pos] : nil }
    private func isSymbol(_ t: MathToken?, _ c: Character) -> Bool { t == .symbol(c.asciiValue!) }
    private mutating func eat(_ c: Character) -> Bool {
        if isSymbol(peek, c) { pos += 1; return true }
        return false
    }

    /// top := union ('=' union)*
    private mutating func parseTop() -> MathNode? {
        var parts: [MathNode] = []
        repeat { guard let u = parseUnion() else { return nil }; parts.append(u) } while eat("=")
        return parts.count == 1 ? parts[0] : .equation(parts)
    }

    /// union := list ('\cup' list)*
    private mutating func parseUnion() -> MathNode? {
        var parts: [MathNode] = []
        repeat {
            guard let l = parseList() else { return nil }
            parts.append(l)
            guard peek == .command("cup") else { break }
            pos += 1
        } while true
        return parts.count == 1 ? parts[0] : .union(parts)
    }

    /// list := expr (',' expr)*
    private mutating func parseList() -> MathNode? {
        var items: [MathNode] = []
        repeat { guard let e = parseExpr() else { return nil }; items.append(e) } while eat(",")
        return items.count == 1 ? items[0] : .list(items)
    }

    private mutating func parseExpr() -> MathNode? {
        guard var terms = parseTerm().map({ [$0] }) else { return nil }
        while true {
            if eat("+") { guard let t = parseTerm() else { return nil }; terms.append(t) }
            else if eat("-") { guard let t = parseTerm() else { return nil }; terms.append(.negate(t)) }
            else { break }
        }
        return terms.count == 1 ? terms[0] : .sum(terms)
    }

    private func startsPrimary(_ t: MathToken?) -> Bool {
        switch t {
        case .number, .word, .setOpen: return true
        case .command(let c): return c != "cup"
        case .symbol(let s): return s == UInt8(ascii: "(") || s == UInt8(ascii: "[") || s == UInt8(ascii: "{")
        default: return false
        }
    }

    private mutating func parseTerm() -> MathNode? {
        guard var node = parseUnary() else { return nil }
        var factors: [MathNode] = []
        while true {
            if eat("*") { guard let f = parseUnary() else { return nil }; factors.append(node); node = f }
            else if eat("/") { guard let f = parseUnary() else { return nil }; node = .quotient(factors.isEmpty ? node : .product(factors + [node]), f); factors = [] }
            else if startsPrimary(peek) { guard let f = parsePower() else { return nil }; factors.append(node); node = f }
            else { break }
        }
        return factors.isEmpty ? node : .product(factors + [node])
    }

    private mutating func parseUnary() -> MathNode? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= MathParser.maxDepth else { return nil }
        if eat("-") { return parseUnary().map { .negate($0) } }
        if eat("+") { return parseUnary() }
        return parsePower()
    }

    private mutating func parsePower() -> MathNode? {
        guard let base = parsePostfix() else { return nil }
        guard eat("^") else { return base }
        let exponent: MathNode?
        if eat("-") { exponent = parseArgument().map { .negate($0) } } else { exponent = parseArgument() }
        guard let e = exponent else { return nil }
        var node = MathNode.power(base, e)
        while eat("%") { node = .percent(node) }
        return node
    }

    private mutating func parsePostfix() -> MathNode? {
        guard var node = parsePrimary() else { return nil }
        while true {
            if eat("%") { node = .percent(node) }
            else if eat("!") { node = .function("factorial", [node]) }
            else if isSymbol(peek, "_"), case .variable(let v) = node {
                pos += 1
                guard let sub = parseArgument() else { return nil }
                node = .variable(v + "_" + sub.rendered)
            } else { break }
        }
        return node
    }

    /// A command argument: a `{...}` group, one digit of a digit run (`\frac12`), one letter of a
    /// word (`\frac ab`), or a single primary.
    private mutating func parseArgument() -> MathNode? {
        if eat("{") {
            guard let inner = parseTop(), eat("}") else { return nil }
            return inner
        }
        switch peek {
        case .number(let s, false) where s.count > 1:
            tokens[pos] = .number(String(s.dropFirst()), decimal: false)
            return .number(Rational(Int64(String(s.first!))!)!, decimal: false)
        case .word(let w) where w.count > 1 && !MathParser.functions.contains(w) && w != "pi":
            tokens[pos] = .word(String(w.dropFirst()))
            return .variable(String(w.first!))
        default:
            return parsePrimary()
        }
    }

    private mutating func parsePrimary() -> MathNode? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= MathParser.maxDepth, let t = peek else { return nil }
        pos += 1
        switch t {
        case .number(let s, let decimal):
            if let r = Rational.parseDecimal(Substring(s)) {
                // A mixed number: 2\frac{1}{3} is 2 + 1/3.
                if !decimal, peek == .command("frac") {
                    let save = (pos, tokens)
                    pos += 1
                    if let n = parseArgument(), let d = parseArgument(), n.isIntegerLiteral, d.isIntegerLiteral {
                        return .sum([.number(r, decimal: false), .quotient(n, d)])
                    }
                    (pos, tokens) = save
                }
                return .number(r, decimal: decimal)
            }
            return Double(s).map { .real($0, decimal: decimal) }
        case .word(let w):
            let lower = w.lowercased()
            if lower == "pi" { return .constant("pi") }
            if lower == "inf" || lower == "infty" { return .constant("infinity") }
            if MathParser.functions.contains(lower) { return parseFunction(lower) }
            // Several letters are a product of single-letter variables (`xy`).
            let letters = w.map { MathNode.variable(String($0)) }
            return letters.count == 1 ? letters[0] : .product(letters)
        case .command(let c):
            switch c {
            case "frac":
                guard let n = parseArgument(), let d = parseArgument() else { return nil }
                return .quotient(n, d)
            case "sqrt":
                if eat("[") {
                    guard let index = parseExpr(), eat("]"), let radicand = parseArgument() else { return nil }
                    return .function("root", [index, radicand])
                }
                return parseArgument().map { .function("sqrt", [$0]) }
            case "binom":
                guard let n = parseArgument(), let k = parseArgument() else { return nil }
                return .function("binom", [n, k])
            case "pi": return .constant("pi")
            case "infinity": return .constant("infinity")
            case "emptyset": return .set([])
            default: return parseFunction(c)
            }
        case .setOpen:
            if peek == .setClose { pos += 1; return .set([]) }
            guard let inner = parseList(), peek == .setClose else { return nil }
            pos += 1
            if case .list(let xs) = inner { return .set(xs) }
            return .set([inner])
        case .symbol(let s):
            if s == UInt8(ascii: "{") {
                guard let inner = parseTop(), eat("}") else { return nil }
                return inner
            }
            if s == UInt8(ascii: "|") {
                guard let inner = parseExpr(), eat("|") else { return nil }
                return .function("abs", [inner])
            }
            guard s == UInt8(ascii: "(") || s == UInt8(ascii: "[") else { return nil }
            guard let inner = parseList() else { return nil }
            let leftClosed = s == UInt8(ascii: "[")
            let rightClosed: Bool
            if eat(")") { rightClosed = false } else if eat("]") { rightClosed = true } else { return nil }
            let items: [MathNode]
            if case .list(let xs) = inner { items = xs } else { items = [inner] }
            if items.count == 1 { return (leftClosed == rightClosed) ? items[0] : nil }
            if items.count == 2, leftClosed || rightClosed {
                return .interval(items[0], items[1], leftClosed: leftClosed, rightClosed: rightClosed)
            }
            return leftClosed == rightClosed ? .tuple(items) : nil
        case .setClose:
            return nil
        }
    }

    /// `f x`, `f(x)`, `f{x}`, `f^2 x` is not supported (returns `nil`).
    private mutating func parseFunction(_ name: String) -> MathNode? {
        guard let arg = isSymbol(peek, "(") ? parsePrimary() : parsePower() else { return nil }
        return .function(name, [arg])
    }
}
