#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

// The sum of a row's eight accumulator lanes, in one fixed order whether rows are reduced one
// or four at a time: pairs (v0+v1, v2+v3, v4+v5, v6+v7), then (v0+v1)+(v2+v3) and
// (v4+v5)+(v6+v7), then those two. Four rows at once take three `vhaddps` and one add instead of
// four serial chains of seven adds (the standard library's `sum()` adds lane after lane), which
// matters where rows are short: a Qwen2.5 attention or gate row is 28 blocks.

/// The sum of the eight lanes of `v` (the order above).
@inline(__always) func horizontalSum(_ v: F8) -> Float {
    #if arch(x86_64)
    let pairs = _mm256_hadd_ps(v, v)
    return halvesAdded(_mm256_hadd_ps(pairs, pairs))[0]
    #else
    return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
    #endif
}

/// The sums of the eight lanes of each of `a`, `b`, `c` and `d`, each in the order above.
@inline(__always) func horizontalSums(_ a: F8, _ b: F8, _ c: F8, _ d: F8) -> SIMD4<Float> {
    #if arch(x86_64)
    // hadd(a, b) = (a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7).
    let quads = _mm256_hadd_ps(_mm256_hadd_ps(a, b), _mm256_hadd_ps(c, d))
    return halvesAdded(quads)
    #else
    return SIMD4(horizontalSum(a), horizontalSum(b), horizontalSum(c), horizontalSum(d))
    #endif
}

#if arch(x86_64)
/// Lanes 0-3 plus lanes 4-7 (`vextractf128` is a macro clang cannot import; a lane permutation
/// brings the high half down instead).
@inline(__always) private func halvesAdded(_ v: F8) -> SIMD4<Float> {
    let high = _mm256_permutevar8x32_ps(v, _mm256_setr_epi32(4, 5, 6, 7, 4, 5, 6, 7))
    return _mm256_castps256_ps128(v) + _mm256_castps256_ps128(high)
}
#endif
