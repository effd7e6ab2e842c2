import Foundation

/// The value of a scalar expression: exact while every step stays rational, floating point after.
enum MathValue: Equatable {
    case exact(Rational)
    case approx(Double)

    var double: Double {
        switch self {
        case .exact(let r): return r.doubleValue
        case .approx(let d): return d
        }
    }
}

/// Evaluates scalar `MathNode`s, with variables bound to doubles.
enum MathEvaluator {
    /// The value of `node`, or `nil` when it is not a scalar, is undefined (division by zero,
    /// square root of a negative) or has an unbound variable.
    static func evaluate(_ node: MathNode, _ env: [String: Double] = [:]) -> MathValue? {
        switch node {
        case .number(let r, _): return .exact(r)
        case .real(let d, _): return .approx(d)
        case .variable(let v): return env[v].map { .approx($0) }
        case .constant(let c):
            switch c {
            case "pi": return .approx(Double.pi)
            case "e": return .approx(M_E)
            case "infinity": return .approx(.infinity)
            default: return nil
            }
        case .negate(let x):
            switch evaluate(x, env) {
            case .exact(let r): return .exact(r.negated())
            case .approx(let d): return .approx(-d)
            case nil: return nil
            }
        case .sum(let xs):
            var acc = MathValue.exact(.zero)
            for x in xs { guard let v = evaluate(x, env) else { return nil }; acc = combine(acc, v, { $0.adding($1) }, +) }
            return acc
        case .product(let xs):
            var acc = MathValue.exact(.one)
            for x in xs { guard let v = evaluate(x, env) else { return nil }; acc = combine(acc, v, { $0.multiplied(by: $1) }, *) }
            return acc
        case .quotient(let a, let b):
            guard let x = evaluate(a, env), let y = evaluate(b, env), y.double != 0 else { return nil }
            return combine(x, y, { $0.divided(by: $1) }, /)
        case .power(let a, let b):
            guard let x = evaluate(a, env), let y = evaluate(b, env) else { return nil }
            return power(x, y)
        case .percent(let x):
            guard let v = evaluate(x, env) else { return nil }
            return combine(v, .exact(Rational(100)!), { $0.divided(by: $1) }, /)
        case .function(let f, let args):
            let values = args.compactMap { evaluate($0, env) }
            guard values.count == args.count else { return nil }
            return apply(f, values)
        case .tuple, .interval, .set, .list, .union, .equation, .text:
            return nil
        }
    }

    private static func combine(_ a: MathValue, _ b: MathValue, _ exact: (Rational, Rational) -> Rational?,
                                _ approx: (Double, Double) -> Double) -> MathValue {
        if case .exact(let x) = a, case .exact(let y) = b, let r = exact(x, y) { return .exact(r) }
        return .approx(approx(a.double, b.double))
    }

    private static func power(_ x: MathValue, _ y: MathValue) -> MathValue? {
        if case .exact(let b) = x, case .exact(let e) = y {
            if e.isInteger, let r = b.power(e.numerator) { return .exact(r) }
            if e.denominator == 2, let root = b.exactSquareRoot(), let r = root.power(e.numerator) { return .exact(r) }
        }
        let r = Foundation.pow(x.double, y.double)
        return r.isNaN ? nil : .approx(r)
    }

    private static func apply(_ f: String, _ v: [MathValue]) -> MathValue? {
        let d = v.map(\.double)
        switch f {
        case "sqrt":
            if case .exact(let r) = v[0], let s = r.exactSquareRoot() { return .exact(s) }
            return d[0] < 0 ? nil : .approx(d[0].squareRoot())
        case "root":
            guard d[0] != 0 else { return nil }
            if d[1] < 0 {
                guard case .exact(let n) = v[0], n.isInteger, n.numerator % 2 != 0 else { return nil }
                return .approx(-Foundation.pow(-d[1], 1 / d[0]))
            }
            return .approx(Foundation.pow(d[1], 1 / d[0]))
        case "abs":
            if case .exact(let r) = v[0] { return .exact(r.numerator < 0 ? r.negated() : r) }
            return .approx(abs(d[0]))
        case "sin": return .approx(Foundation.sin(d[0]))
        case "cos": return .approx(Foundation.cos(d[0]))
        case "tan": return .approx(Foundation.tan(d[0]))
        case "exp": return .approx(Foundation.exp(d[0]))
        case "ln", "log": return d[0] <= 0 ? nil : .approx(Foundation.log(d[0]))
        case "factorial":
            guard case .exact(let n) = v[0], n.isInteger, n.numerator >= 0, n.numerator <= 20 else { return nil }
            return .exact(Rational((1...max(1, n.numerator)).reduce(1, *))!)
        case "binom":
            guard case .exact(let n) = v[0], case .exact(let k) = v[1], n.isInteger, k.isInteger,
                  k.numerator >= 0, k.numerator <= n.numerator else { return nil }
            var r = Rational.one
            for i in 0..<k.numerator {
                guard let m = r.multiplied(by: Rational(n.numerator - i, i + 1)!) else { return .approx(Double.nan) }
                r = m
            }
            return .exact(r)
        default: return nil
        }
    }
}
