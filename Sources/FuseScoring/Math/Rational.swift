/// An exact fraction `numerator / denominator` of 64-bit integers, always in lowest terms with a
/// positive denominator. Every operation reports overflow by returning `nil`, so callers can fall
/// back to floating point instead of silently wrapping.
public struct Rational: Hashable, Sendable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    /// `n / d` reduced; `nil` when `d == 0` or the reduction overflows (`Int64.min`).
    public init?(_ n: Int64, _ d: Int64 = 1) {
        guard d != 0, n != .min, d != .min else { return nil }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        let sign: Int64 = (d < 0) ? -1 : 1
        numerator = sign * n / Int64(g)
        denominator = sign * d / Int64(g)
    }

    public static let zero = Rational(0)!
    public static let one = Rational(1)!

    public var isInteger: Bool { denominator == 1 }
    public var doubleValue: Double { Double(numerator) / Double(denominator) }
    public var description: String { isInteger ? "\(numerator)" : "\(numerator)/\(denominator)" }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    private static func mul(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }

    private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? nil : r
    }

    public func adding(_ o: Rational) -> Rational? {
        guard let a = Rational.mul(numerator, o.denominator), let b = Rational.mul(o.numerator, denominator),
              let n = Rational.add(a, b), let d = Rational.mul(denominator, o.denominator) else { return nil }
        return Rational(n, d)
    }

    public func negated() -> Rational { Rational(-numerator, denominator)! }

    public func subtracting(_ o: Rational) -> Rational? { adding(o.negated()) }

    public func multiplied(by o: Rational) -> Rational? {
        // Cross-reduce first so products of already-reduced fractions overflow less often.
        let g1 = Int64(Rational.gcd(numerator.magnitude, o.denominator.magnitude))
        let g2 = Int64(Rational.gcd(o.numerator.magnitude, denominator.magnitude))
        guard let n = Rational.mul(numerator / g1, o.numerator / g2),
              let d = Rational.mul(denominator / g2, o.denominator / g1) else { return nil }
        return Rational(n, d)
    }

    public func divided(by o: Rational) -> Rational? {
        guard o.numerator != 0 else { return nil }
        return multiplied(by: Rational(o.denominator, o.numerator)!)
    }

    /// `self ^ e` for an integer exponent; `nil` on overflow, `0 ^ negative`, or `|e| > 64`.
    public func power(_ e: Int64) -> Rational? {
        guard e.magnitude <= 64 else { return self == .one ? .one : nil }
        var result = Rational.one
        for _ in 0..<e.magnitude { guard let r = result.multiplied(by: self) else { return nil }; result = r }
        return e < 0 ? Rational.one.divided(by: result) : result
    }

    /// The exact square root when numerator and denominator are perfect squares.
    public func exactSquareRoot() -> Rational? {
        guard numerator >= 0, let n = Rational.isqrt(numerator), let d = Rational.isqrt(denominator) else { return nil }
        return Rational(n, d)
    }

    private static func isqrt(_ v: Int64) -> Int64? {
        var r = Int64(Double(v).squareRoot().rounded())
        while r > 0, r.multipliedReportingOverflow(by: r).overflow || r * r > v { r -= 1 }
        while !(r + 1).multipliedReportingOverflow(by: r + 1).overflow, (r + 1) * (r + 1) <= v { r += 1 }
        return r * r == v ? r : nil
    }

    /// Parses a plain decimal literal such as `12`, `-3.25` or `.5` exactly; `nil` if it has too many digits.
    public static func parseDecimal(_ s: Substring) -> Rational? {
        var n: Int64 = 0, d: Int64 = 1, seenDot = false, negative = false, any = false
        for (i, c) in s.utf8.enumerated() {
            if c == UInt8(ascii: "-"), i == 0 { negative = true; continue }
            if c == UInt8(ascii: "."), !seenDot { seenDot = true; continue }
            guard c >= 48, c <= 57, let m = mul(n, 10), let a = add(m, Int64(c - 48)) else { return nil }
            n = a; any = true
            if seenDot { guard let dd = mul(d, 10) else { return nil }; d = dd }
        }
        return any ? Rational(negative ? -n : n, d) : nil
    }
}
