import Foundation
import Testing
@testable import FuseTensor

/// PyTorch / transformers outputs for the elementwise and attention kernels
/// (`scripts/fixtures/kernel_oracles.py` → Fixtures/kernels.json, computed in float64).
struct KernelFixture: Decodable {
    struct Norm: Decodable, Sendable { let rows: Int, dim: Int, addOne: Bool, eps: Float, x: [Float], w: [Float], y: [Float] }
    struct Rope: Decodable, Sendable, CustomTestStringConvertible {
        let style: String, scaling: String, base: Double, positions: [Int], heads: Int, headSize: Int, x: [Float], y: [Float]
        var testDescription: String { "\(style), scaling \(scaling)" }
    }
    struct SoftmaxRow: Decodable, Sendable {
        let x: [FloatOrInf], y: [Float]
    }
    /// A float, or the string "-inf" (JSON has no infinities).
    struct FloatOrInf: Decodable, Sendable {
        let value: Float
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            value = (try? c.decode(Float.self)) ?? -.infinity
        }
    }
    struct Activation: Decodable, Sendable {
        let x: [Float], up: [Float], silu: [Float], swiglu: [Float], geluTanh: [Float], geglu: [Float]
        let softmaxRows: [SoftmaxRow]
    }
    struct Attn: Decodable, Sendable, CustomTestStringConvertible {
        let heads: Int, kvHeads: Int, headSize: Int, queries: Int, keys: Int, firstPosition: Int
        let window: Int?, softCap: Float?
        let q: [Float], k: [Float], v: [Float], out: [Float]
        var testDescription: String {
            "\(heads)/\(kvHeads) heads, \(queries) queries from position \(firstPosition) over \(keys) keys"
                + (window.map { ", window \($0)" } ?? "") + (softCap.map { ", soft cap \($0)" } ?? "")
        }
    }
    let rmsnorm: [Norm], rope: [Rope], activations: Activation, attention: [Attn]
    static let shared: KernelFixture? = try? fixture("kernels", as: KernelFixture.self)
}

@Suite("Elementwise kernels against PyTorch")
struct OpsTests {
    let f: KernelFixture
    init() throws { f = try #require(KernelFixture.shared) }

    @Test("RMSNorm (plain and (1+w)) within 1e-5 relative")
    func rmsnorm() {
        for c in f.rmsnorm {
            var y = [Float](repeating: .nan, count: c.x.count)
            RMSNorm.forward(c.x, weight: c.w, count: c.dim, rows: c.rows, epsilon: c.eps, addOne: c.addOne, into: &y)
            let scale = c.y.map(abs).max()!
            #expect(maxAbsDiff(y, c.y) <= 1e-5 * scale, "rows \(c.rows) dim \(c.dim) addOne \(c.addOne)")
        }
    }

    @Test("RoPE matches transformers (NeoX) and Meta's complex form (interleaved) within 2e-6",
          arguments: KernelFixture.shared?.rope ?? [])
    func rope(_ c: KernelFixture.Rope) {
        let scaling = c.scaling == "llama3"
            ? RoPE.llama3Scaling(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContext: 1024) : nil
        let rope = RoPE(dimensions: c.headSize, base: c.base, style: c.style == "neox" ? .neox : .interleaved,
                        scaling: scaling)
        var x = c.x
        rope.apply(to: &x, positions: c.positions, heads: c.heads, headSize: c.headSize)
        #expect(maxAbsDiff(x, c.y) <= 2e-6 * c.y.map(abs).max()!)
    }

    @Test("SiLU, SwiGLU, GELU-tanh and GeGLU within 1e-6 relative (+1e-7 absolute)")
    func activations() {
        let a = f.activations
        func check(_ got: [Float], _ want: [Float], _ name: String) {
            let worst = zip(got, want).map { abs($0 - $1) / (abs($1) * 1e-6 + 1e-7) }.max()!
            #expect(worst <= 1, "\(name): \(zip(got, want).map { abs($0 - $1) }.max()!)")
        }
        var x = a.x
        Activations.silu(&x, count: x.count)
        check(x, a.silu, "silu")
        x = a.x
        Activations.swiglu(gate: &x, up: a.up, count: x.count)
        check(x, a.swiglu, "swiglu")
        x = a.x
        Activations.geluTanh(&x, count: x.count)
        check(x, a.geluTanh, "gelu")
        x = a.x
        Activations.geglu(gate: &x, up: a.up, count: x.count)
        check(x, a.geglu, "geglu")
    }

    @Test("softmax, with −∞ entries, within 1e-6")
    func softmax() {
        for row in f.activations.softmaxRows {
            var x = row.x.map(\.value)
            Activations.softmax(&x, count: x.count)
            #expect(maxAbsDiff(x, row.y) <= 1e-6)
            #expect(zip(row.x, x).allSatisfy { $0.value != -.infinity || $1 == 0 })
        }
    }

    @Test("attention (GQA, causal, sliding window, soft cap) matches PyTorch SDPA within 2e-6",
          arguments: KernelFixture.shared?.attention ?? [])
    func attention(_ c: KernelFixture.Attn) {
        for threads in [1, 2] {
            var out = [Float](repeating: .nan, count: c.out.count)
            let shape = Attention.Shape(heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize,
                                        window: c.window, softCap: c.softCap)
            Attention.forward(q: c.q, k: c.k, v: c.v, out: &out, queries: c.queries, keys: c.keys,
                              firstPosition: c.firstPosition, shape: shape, threads: threads)
            #expect(maxAbsDiff(out, c.out) <= 2e-6 * max(1, c.out.map(abs).max()!), "threads \(threads)")
        }
    }
}
