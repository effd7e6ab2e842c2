import Foundation

/// Decides whether two parsed answers are mathematically equivalent, following math-verify's
/// rules where they are stated: floats compare after rounding to 6 decimals, rationals exactly,
/// an integer percentage equals the same integer, sets and bare lists ignore order, tuples do
/// not, a two-element tuple equals the open interval, `x = 5` equals `5`.
enum MathComparer {
    /// Whether `gold` and `pred` are equivalent, and a short reason.
    static func compare(_ gold: MathNode, _ pred: MathNode) -> (equal: Bool, reason: String) {
        var g = gold, p = pred
        // Equations follow the gold's shape: 5 vs x = 5, and x = 5 vs 5.
        if case .equation(let ps) = p, !isEquation(g) { p = ps.last! }
        else if case .equation(let gs) = g, !isEquation(p) {
            guard isAssignment(gs) else { return (false, "gold is an equation, the response is not") }
            g = gs.last!
        }
        if case .equation(let gs) = g, case .equation(let ps) = p {
            if isAssignment(gs), isAssignment(ps) {
                guard gs[0] == ps[0] else { return (false, "assigns \(ps[0].rendered), expected \(gs[0].rendered)") }
                return compare(gs.last!, ps.last!)
            }
            let gd = MathNode.sum([gs[0], .negate(gs.last!)]), pd = MathNode.sum([ps[0], .negate(ps.last!)])
            if scalarsEqual(gd, pd) || scalarsEqual(gd, .negate(pd)) { return (true, "equivalent equations") }
            return (false, "equations differ")
        }
        return equal(g, p) ? (true, "equivalent: \(g.rendered) = \(p.rendered)") : (false, "\(p.rendered) ≠ \(g.rendered)")
    }

    private static func isEquation(_ n: MathNode) -> Bool { if case .equation = n { return true }; return false }

    /// `x = ...`: the left side is a single variable.
    private static func isAssignment(_ parts: [MathNode]) -> Bool {
        if case .variable = parts[0] { return true }
        return false
    }

    static func equal(_ a: MathNode, _ b: MathNode) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): return x == y
        case (.text, _), (_, .text): return false
        case (.set(let x), .set(let y)), (.list(let x), .list(let y)), (.set(let x), .list(let y)),
             (.list(let x), .set(let y)), (.union(let x), .union(let y)), (.list(let x), .tuple(let y)),
             (.tuple(let x), .list(let y)), (.set(let x), .tuple(let y)), (.tuple(let x), .set(let y)):
            return unorderedEqual(x, y)
        case (.tuple(let x), .tuple(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.interval(let a1, let b1, let l1, let r1), .interval(let a2, let b2, let l2, let r2)):
            return l1 == l2 && r1 == r2 && equal(a1, a2) && equal(b1, b2)
        case (.tuple(let x), .interval(let a2, let b2, false, false)), (.interval(let a2, let b2, false, false), .tuple(let x)):
            return x.count == 2 && equal(x[0], a2) && equal(x[1], b2)
        case (.list(let x), .interval(let a2, let b2, false, false)), (.interval(let a2, let b2, false, false), .list(let x)),
             (.set(let x), .interval(let a2, let b2, false, false)), (.interval(let a2, let b2, false, false), .set(let x)):
            return unorderedEqual(x, [a2, b2])
        case (.tuple, _), (_, .tuple), (.interval, _), (_, .interval), (.set, _), (_, .set), (.list, _), (_, .list),
             (.union, _), (_, .union), (.equation, _), (_, .equation):
            return false
        default:
            return scalarsEqual(a, b)
        }
    }

    private static func unorderedEqual(_ x: [MathNode], _ y: [MathNode]) -> Bool {
        // Sets: every element of one has an equal element in the other (duplicates collapse).
        x.allSatisfy { e in y.contains { equal(e, $0) } } && y.allSatisfy { e in x.contains { equal(e, $0) } }
    }

    /// Scalar expressions: exact, rounded or sampled comparison.
    static func scalarsEqual(_ a: MathNode, _ b: MathNode) -> Bool {
        if a == b { return true }
        let vars = a.variables.union(b.variables)
        if vars.isEmpty {
            // 9% vs 9: math-verify compares the integers themselves.
            if case .percent(let x) = a, x.isIntegerLiteral, b.isIntegerLiteral { return scalarsEqual(x, b) }
            if case .percent(let y) = b, y.isIntegerLiteral, a.isIntegerLiteral { return scalarsEqual(a, y) }
            guard let x = MathEvaluator.evaluate(a), let y = MathEvaluator.evaluate(b) else { return false }
            if a.isDecimalLiteral || b.isDecimalLiteral {
                let (dx, dy) = (x.double, y.double)
                if dx.isInfinite || dy.isInfinite { return dx == dy }
                return (dx * 1e6).rounded() == (dy * 1e6).rounded()
            }
            if case .exact(let rx) = x, case .exact(let ry) = y { return rx == ry }
            return close(x.double, y.double)
        }
        // Expressions in variables: equal at several deterministic sample points.
        var generator = SplitMix64(seed: 0x5EED)
        var agreed = 0
        for _ in 0..<12 where agreed < 6 {
            var env: [String: Double] = [:]
            // Points in ±[0.3, 3.5]: negative values tell sqrt(x^2) from x.
            for v in vars.sorted() {
                let r = generator.next()
                env[v] = (r & 1 == 0 ? 1 : -1) * (0.3 + Double((r >> 1) % 1000) / 312.5)
            }
            guard let x = MathEvaluator.evaluate(a, env), let y = MathEvaluator.evaluate(b, env) else { continue }
            guard close(x.double, y.double) else { return false }
            agreed += 1
        }
        return agreed >= 3
    }

    private static func close(_ x: Double, _ y: Double) -> Bool {
        if x == y { return true }
        guard x.isFinite, y.isFinite else { return false }
        return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
    }
}

/// A small deterministic pseudo-random generator (SplitMix64) for sample points.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
