/// Vectorized transcendental functions for the activation kernels (public for the training layers).
public enum VectorMath {
    /// eˣ per lane (Cephes polynomial after range reduction x = n·ln2 + r; relative error < 2e-7;
    /// 0 below −87.3, clamped above 88.7).
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // Clamped through compares and blends: `clamped(lowerBound:upperBound:)` goes through the
        // generic pointwiseMin/Max, which stay out-of-line calls when inlined into another module.
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.7)
        let xc = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        let t = xc * 1.442_695_04
        @inline(__always) func round(_ i: Int) -> Float { t[i].rounded(.toNearestOrEven) }
        let n = SIMD8<Float>(round(0), round(1), round(2), round(3), round(4), round(5), round(6), round(7))
        let r = xc - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let poly = p * (r * r) + r + 1
        // 2ⁿ built in the exponent field, lane by lane: the generic `SIMD8<Int32>(n)` conversion
        // and SIMD integer shifts are out-of-line per-lane loops (10% of decode time).
        @inline(__always) func pow2(_ i: Int) -> Int32 { (Int32(n[i]) &+ 127) &<< 23 }
        let bits = SIMD8<Int32>(pow2(0), pow2(1), pow2(2), pow2(3), pow2(4), pow2(5), pow2(6), pow2(7))
        let result = poly * unsafeBitCast(bits, to: SIMD8<Float>.self)
        return result.replacing(with: 0, where: x .< -87.3)
    }

    /// tanh(x) = 1 − 2 / (e²ˣ + 1) per lane (absolute error < 3e-7).
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        1 - 2 / (exp(2 * x) + 1)
    }
}
