/// A parsed mathematical answer: a scalar expression, or a structure of them (tuple, interval,
/// set, bare list, union of intervals, equation chain), or plain text when nothing mathematical
/// was found.
public indirect enum MathNode: Hashable, Sendable {
    /// A number literal; `decimal` is true when it was written with a decimal point, which makes
    /// comparisons use 6-decimal rounding (as math-verify does for floats).
    case number(Rational, decimal: Bool)
    /// A literal too large for `Rational`.
    case real(Double, decimal: Bool)
    case variable(String)
    /// `pi`, `e` (only from `\exp`/`e^`), `infinity`.
    case constant(String)
    case negate(MathNode)
    case sum([MathNode])
    case product([MathNode])
    case quotient(MathNode, MathNode)
    case power(MathNode, MathNode)
    /// `sqrt`, `root` (index, radicand), `sin`, `cos`, `tan`, `log`, `ln`, `exp`, `abs`, `binom`, `factorial`.
    case function(String, [MathNode])
    /// `x%`, whose value is `x / 100`.
    case percent(MathNode)
    /// `(a, b, ...)`; a two-element tuple also matches the open interval `(a, b)`.
    case tuple([MathNode])
    case interval(MathNode, MathNode, leftClosed: Bool, rightClosed: Bool)
    /// `\{a, b\}`.
    case set([MathNode])
    /// `a, b` without brackets; compared as a set, like math-verify.
    case list([MathNode])
    /// `A \cup B`.
    case union([MathNode])
    /// `a = b (= c ...)`.
    case equation([MathNode])
    case text(String)

    /// True for a bare decimal literal, optionally negated or as a percentage.
    var isDecimalLiteral: Bool {
        switch self {
        case .number(_, let d), .real(_, let d): return d
        case .negate(let x), .percent(let x): return x.isDecimalLiteral
        default: return false
        }
    }

    /// True for an integer literal, optionally negated.
    var isIntegerLiteral: Bool {
        switch self {
        case .number(let r, let d): return !d && r.isInteger
        case .negate(let x): return x.isIntegerLiteral
        default: return false
        }
    }

    /// The free variables of the expression.
    var variables: Set<String> {
        switch self {
        case .variable(let v): return [v]
        case .number, .real, .constant, .text: return []
        case .negate(let x), .percent(let x): return x.variables
        case .quotient(let a, let b), .power(let a, let b), .interval(let a, let b, _, _): return a.variables.union(b.variables)
        case .sum(let xs), .product(let xs), .function(_, let xs), .tuple(let xs), .set(let xs), .list(let xs),
             .union(let xs), .equation(let xs):
            return xs.reduce(into: Set<String>()) { $0.formUnion($1.variables) }
        }
    }

    /// A compact, readable rendering used in verdicts.
    public var rendered: String {
        func join(_ xs: [MathNode], _ sep: String) -> String { xs.map(\.rendered).joined(separator: sep) }
        func atom(_ x: MathNode) -> String {
            switch x {
            case .number(let r, _) where r.isInteger && r.numerator >= 0: return x.rendered
            case .variable, .constant, .function, .real: return x.rendered
            default: return "(\(x.rendered))"
            }
        }
        switch self {
        case .number(let r, _): return r.description
        case .real(let d, _): return "\(d)"
        case .variable(let v), .constant(let v): return v
        case .negate(let x): return "-\(atom(x))"
        case .sum(let xs): return "(\(join(xs, " + ")))"
        case .product(let xs): return xs.map(atom).joined(separator: "*")
        case .quotient(let a, let b): return "\(atom(a))/\(atom(b))"
        case .power(let a, let b): return "\(atom(a))^\(atom(b))"
        case .function(let f, let xs): return "\(f)(\(join(xs, ", ")))"
        case .percent(let x): return "\(x.rendered)%"
        case .tuple(let xs): return "(\(join(xs, ", ")))"
        case .interval(let a, let b, let l, let r): return "\(l ? "[" : "(")\(a.rendered), \(b.rendered)\(r ? "]" : ")")"
        case .set(let xs): return "{\(join(xs, ", "))}"
        case .list(let xs): return join(xs, ", ")
        case .union(let xs): return join(xs, " ∪ ")
        case .equation(let xs): return join(xs, " = ")
        case .text(let t): return "\"\(t)\""
        }
    }
}
