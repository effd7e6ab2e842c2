import Testing
@testable import FuseTraining

/// Central differences (x ± h) of a scalar loss at every index of `x`, compared with the analytic
/// gradient; returns max |numeric − analytic| / max |analytic|.
func finiteDifferenceError(_ x: [Float], analytic: [Float], step: Float = 5e-3, loss: ([Float]) -> Double) -> Double {
    var worst = 0.0
    var probe = x
    for i in x.indices {
        probe[i] = x[i] + step
        let up = loss(probe)
        probe[i] = x[i] - step
        let down = loss(probe)
        probe[i] = x[i]
        let numeric = (up - down) / (2 * Double(step))
        worst = max(worst, abs(numeric - Double(analytic[i])))
    }
    let scale = analytic.map { abs(Double($0)) }.max() ?? 1
    return worst / max(scale, 1e-12)
}

/// Σ r ⊙ y in float64.
func weightedSum(_ y: [Float], _ r: [Float]) -> Double { zip(y, r).reduce(0) { $0 + Double($1.0) * Double($1.1) } }

@Suite("Layer backward passes vs finite differences")
struct LayerGradientTests {
    @Test("RMSNorm: dx and dweight")
    func rmsnorm() {
        var rng = SeededRandom(seed: 1)
        let rows = 5, width = 19
        let x = rng.floats(rows * width, scale: 2), w = rng.floats(width).map { 1 + $0 / 2 }, r = rng.floats(rows * width)
        func run(_ x: [Float], _ w: [Float]) -> [Float] {
            var y = [Float](repeating: 0, count: rows * width), rstd = [Float](repeating: 0, count: rows)
            Layers.rmsnormForward(x, weight: w, rows: rows, width: width, epsilon: 1e-5, output: &y, rstd: &rstd)
            return y
        }
        var rstd = [Float](repeating: 0, count: rows), y = [Float](repeating: 0, count: rows * width)
        Layers.rmsnormForward(x, weight: w, rows: rows, width: width, epsilon: 1e-5, output: &y, rstd: &rstd)
        var dx = [Float](repeating: 7, count: rows * width), dw = [Float](repeating: 0, count: width)
        Layers.rmsnormBackward(r, x: x, weight: w, rstd: rstd, rows: rows, width: width, dx: &dx, accumulate: false,
                               dweight: &dw)
        #expect(finiteDifferenceError(x, analytic: dx) { weightedSum(run($0, w), r) } < 1e-3)
        #expect(finiteDifferenceError(w, analytic: dw) { weightedSum(run(x, $0), r) } < 1e-3)
    }

    @Test("Linear: dx, dweight and dbias")
    func linear() {
        var rng = SeededRandom(seed: 2)
        let rows = 5, inputs = 6, outputs = 4
        let x = rng.floats(rows * inputs), w = rng.floats(outputs * inputs), b = rng.floats(outputs)
        let r = rng.floats(rows * outputs)
        func run(_ x: [Float], _ w: [Float], _ b: [Float]) -> [Float] {
            var y = [Float](repeating: 0, count: rows * outputs)
            Layers.linearForward(x, weight: w, bias: b, rows: rows, inputs: inputs, outputs: outputs, output: &y)
            return y
        }
        var dx = [Float](repeating: 0, count: rows * inputs), dw = [Float](repeating: 0, count: outputs * inputs)
        var db = [Float](repeating: 0, count: outputs)
        Layers.linearBackward(r, x: x, weight: w, rows: rows, inputs: inputs, outputs: outputs, dx: &dx,
                              accumulate: false, dweight: &dw, dbias: &db)
        #expect(finiteDifferenceError(x, analytic: dx) { weightedSum(run($0, w, b), r) } < 1e-3)
        #expect(finiteDifferenceError(w, analytic: dw) { weightedSum(run(x, $0, b), r) } < 1e-3)
        #expect(finiteDifferenceError(b, analytic: db) { weightedSum(run(x, w, $0), r) } < 1e-3)
    }

    @Test("SwiGLU: dgate and dup")
    func swiglu() {
        var rng = SeededRandom(seed: 3)
        let n = 37
        let g = rng.floats(n, scale: 3), u = rng.floats(n, scale: 2), r = rng.floats(n)
        func run(_ g: [Float], _ u: [Float]) -> [Float] {
            var h = [Float](repeating: 0, count: n)
            Layers.swigluForward(gate: g, up: u, count: n, output: &h)
            return h
        }
        var dg = [Float](repeating: 0, count: n), du = [Float](repeating: 0, count: n)
        Layers.swigluBackward(r, gate: g, up: u, count: n, dgate: &dg, dup: &du)
        #expect(finiteDifferenceError(g, analytic: dg) { weightedSum(run($0, u), r) } < 1e-3)
        #expect(finiteDifferenceError(u, analytic: du) { weightedSum(run(g, $0), r) } < 1e-3)
    }

    /// Two sequences of one block of query rows; one of three blocks (64 + 64 + 2 rows, split
    /// over the backward parts).
    @Test("Causal GQA attention: dq, dk and dv", arguments: [(2, 5), (1, 130)])
    func attention(batch: Int, length: Int) {
        var rng = SeededRandom(seed: 4)
        let shape = Layers.AttentionShape(batch: batch, length: length, heads: 4, kvHeads: 2, headSize: 4)
        let n = shape.batch * shape.length
        let q = rng.floats(n * 16, scale: 2), k = rng.floats(n * 8, scale: 2), v = rng.floats(n * 8)
        let r = rng.floats(n * 16)
        var scratch = [Float](repeating: 0, count: shape.scratchCount)
        func run(_ q: [Float], _ k: [Float], _ v: [Float]) -> (out: [Float], statistics: [Float]) {
            var statistics = [Float](repeating: 0, count: shape.statisticsCount)
            var out = [Float](repeating: 0, count: n * 16)
            Layers.attentionForward(q: q, k: k, v: v, shape: shape, statistics: &statistics, scratch: &scratch,
                                    output: &out)
            return (out, statistics)
        }
        let statistics = run(q, k, v).statistics
        var dq = [Float](repeating: 0, count: n * 16), dk = [Float](repeating: 0, count: n * 8)
        var dv = [Float](repeating: 0, count: n * 8)
        Layers.attentionBackward(r, q: q, k: k, v: v, statistics: statistics, shape: shape, dq: &dq, dk: &dk, dv: &dv,
                                 scratch: &scratch)
        #expect(finiteDifferenceError(q, analytic: dq) { weightedSum(run($0, k, v).out, r) } < 2e-3)
        #expect(finiteDifferenceError(k, analytic: dk) { weightedSum(run(q, $0, v).out, r) } < 2e-3)
        #expect(finiteDifferenceError(v, analytic: dv) { weightedSum(run(q, k, $0).out, r) } < 2e-3)
        // Causality: the last token of each sequence does not change the other tokens' outputs.
        var later = k
        for i in 0..<8 { later[(shape.length - 1) * 8 + i] += 1 }
        let before = run(q, k, v).out, after = run(q, later, v).out
        #expect(Array(before[0..<(shape.length - 1) * 16]) == Array(after[0..<(shape.length - 1) * 16]))
    }

    @Test("Cross-entropy: dlogits, ignored targets give zero rows")
    func crossEntropy() {
        var rng = SeededRandom(seed: 5)
        let rows = 4, vocab = 7
        let logits = rng.floats(rows * vocab, scale: 3), c = rng.floats(rows)
        let targets: [Int32] = [3, -1, 0, 6]
        func run(_ z: [Float]) -> [Float] {
            var lp = [Float](repeating: 0, count: rows), lse = [Float](repeating: 0, count: rows)
            Layers.crossEntropyForward(logits: z, targets: targets, vocabulary: vocab, logProbabilities: &lp, logSumExp: &lse)
            return lp
        }
        var lp = [Float](repeating: 0, count: rows), lse = [Float](repeating: 0, count: rows)
        Layers.crossEntropyForward(logits: logits, targets: targets, vocabulary: vocab, logProbabilities: &lp, logSumExp: &lse)
        var d = logits
        Layers.crossEntropyBackward(c, logits: &d, logSumExp: lse, targets: targets, vocabulary: vocab)
        #expect(finiteDifferenceError(logits, analytic: d) { weightedSum(run($0), c) } < 1e-3)
        #expect(d[vocab..<2 * vocab].allSatisfy { $0 == 0 })
    }

    @Test("Whole model (embedding, RoPE, residuals, tied or untied head): every tensor's largest gradient",
          arguments: [false, true])
    func model(tied: Bool) throws {
        let c = tinyConfiguration(bias: !tied, tied: tied)
        let model = randomModel(c, seed: tied ? 11 : 12)
        var rng = SeededRandom(seed: 13)
        let tokens = (0..<12).map { _ in Int32.random(in: 0..<Int32(c.vocabularySize), using: &rng) }
        let targets = shiftedTargets(tokens, batch: 2)
        func loss() throws -> Double {
            SFTLoss.evaluate(logProbabilities: try model.forward(tokens: tokens, targets: targets, batch: 2),
                             targets: targets).loss
        }
        model.zeroGradients()
        let (_, dlogp) = SFTLoss.evaluate(logProbabilities: try model.forward(tokens: tokens, targets: targets, batch: 2),
                                          targets: targets)
        try model.backward(logProbabilityGradients: dlogp)
        let h: Float = 1e-2
        for e in model.layout.entries {
            let g = model.gradient(named: e.name)!, p = model.parameter(named: e.name)!
            let i = g.indices.max { abs(g[$0]) < abs(g[$1]) }!
            let numeric = try centralDifference(p, at: i, h: h, loss: loss)
            #expect(abs(numeric - Double(g[i])) <= 2e-2 * abs(Double(g[i])) + 2e-4, "\(e.name)[\(i)]: \(numeric) vs \(g[i])")
        }
    }
}
