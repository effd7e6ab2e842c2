import Testing
@testable import FuseTensor

/// C = A·B and A·Wᵀ against a float64 reference on odd shapes that exercise every edge path
/// (row and column tails, several K blocks, thread splits over rows and over columns).
@Suite("GEMM")
struct GEMMTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, k: Int, threads: Int
        var testDescription: String { "\(m)x\(n)x\(k) on \(threads) threads" }
    }
    static let cases: [Case] = [
        Case(m: 1, n: 1, k: 1, threads: 1), Case(m: 7, n: 13, k: 5, threads: 2),
        Case(m: 6, n: 16, k: 320, threads: 1), Case(m: 37, n: 53, k: 700, threads: 2),
        Case(m: 100, n: 9, k: 33, threads: 2), Case(m: 13, n: 200, k: 641, threads: 3),
        Case(m: 203, n: 70, k: 45, threads: 2),
    ]

    /// |c − ref| ≤ 1e-5 · Σₖ |a·b| per element (float32 accumulation error bound with margin).
    func check(_ c: [Float], m: Int, n: Int, k: Int, a: [Float], b: (Int, Int) -> Float, initial: [Float]?) {
        var worst: Double = 0
        for i in 0..<m {
            for j in 0..<n {
                var sum = Double(initial?[i * n + j] ?? 0), mag = abs(sum)
                for p in 0..<k {
                    let t = Double(a[i * k + p]) * Double(b(p, j))
                    sum += t
                    mag += abs(t)
                }
                worst = max(worst, abs(Double(c[i * n + j]) - sum) / max(mag, 1e-30))
            }
        }
        #expect(worst <= 1e-5, "relative error \(worst)")
    }

    @Test("A[M,K]·B[K,N] matches a float64 reference", arguments: cases)
    func plain(_ t: Case) {
        var rng = SeededRandom(seed: UInt64(t.m * 1000 + t.n * 10 + t.k))
        let a = rng.floats(t.m * t.k), b = rng.floats(t.k * t.n)
        var c = [Float](repeating: .nan, count: t.m * t.n)
        GEMM.multiply(m: t.m, n: t.n, k: t.k, a: a, lda: t.k, b: b, ldb: t.n, c: &c, ldc: t.n, threads: t.threads)
        check(c, m: t.m, n: t.n, k: t.k, a: a, b: { b[$0 * t.n + $1] }, initial: nil)
    }

    @Test("C += A·Wᵀ (weights as [out, in] rows) matches a float64 reference", arguments: cases)
    func transposedAccumulate(_ t: Case) {
        var rng = SeededRandom(seed: UInt64(t.m * 7 + t.n * 3 + t.k))
        let a = rng.floats(t.m * t.k), w = rng.floats(t.n * t.k), c0 = rng.floats(t.m * t.n)
        var c = c0
        GEMM.multiplyTransposed(m: t.m, n: t.n, k: t.k, a: a, lda: t.k, w: w, ldw: t.k, c: &c, ldc: t.n,
                                accumulate: true, threads: t.threads)
        check(c, m: t.m, n: t.n, k: t.k, a: a, b: { w[$1 * t.k + $0] }, initial: c0)
    }

    @Test("C += Sᵀ·B (left operand stored as [K, M] rows) matches a float64 reference", arguments: cases)
    func transposedLeftAccumulate(_ t: Case) {
        var rng = SeededRandom(seed: UInt64(t.m * 5 + t.n * 11 + t.k))
        let s = rng.floats(t.k * t.m), b = rng.floats(t.k * t.n), c0 = rng.floats(t.m * t.n)
        let a = (0..<t.m * t.k).map { s[($0 % t.k) * t.m + $0 / t.k] }
        var c = c0
        GEMM.multiplyTransposedLeft(m: t.m, n: t.n, k: t.k, a: s, lda: t.m, b: b, ldb: t.n, c: &c, ldc: t.n,
                                    accumulate: true, threads: t.threads)
        check(c, m: t.m, n: t.n, k: t.k, a: a, b: { b[$0 * t.n + $1] }, initial: c0)
    }

    @Test("the 8×8 register transpose moves every element of a strided block")
    func transposeBlock() {
        let ld = 11, ldo = 13
        let a = (0..<8 * ld).map { Float($0) }
        var out = [Float](repeating: -1, count: 8 * ldo)
        transpose8x8(a, ld: ld, into: &out, ldo: ldo)
        for j in 0..<8 {
            for i in 0..<ldo { #expect(out[j * ldo + i] == (i < 8 ? a[i * ld + j] : -1)) }
        }
    }

    @Test("leading dimensions larger than the logical widths are respected")
    func strided() {
        let m = 9, n = 19, k = 11
        var rng = SeededRandom(seed: 5)
        let a = rng.floats(m * (k + 3)), b = rng.floats(k * (n + 5))
        var c = [Float](repeating: 42, count: m * (n + 2))
        GEMM.multiply(m: m, n: n, k: k, a: a, lda: k + 3, b: b, ldb: n + 5, c: &c, ldc: n + 2, threads: 2)
        for i in 0..<m {
            for j in 0..<(n + 2) {
                if j >= n { #expect(c[i * (n + 2) + j] == 42); continue }
                var s = 0.0
                for p in 0..<k { s += Double(a[i * (k + 3) + p]) * Double(b[p * (n + 5) + j]) }
                #expect(abs(Double(c[i * (n + 2) + j]) - s) < 1e-4)
            }
        }
    }
}
