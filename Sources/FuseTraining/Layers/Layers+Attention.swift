import Foundation
import FuseTensor

extension Layers {
    /// The shape of one causal self-attention call over `batch` sequences of `length` tokens.
    /// Query head h reads key/value head h / (heads / kvHeads) (grouped-query attention, as
    /// transformers' `repeat_kv`).
    public struct AttentionShape: Sendable {
        public var batch: Int, length: Int, heads: Int, kvHeads: Int, headSize: Int
        public init(batch: Int, length: Int, heads: Int, kvHeads: Int, headSize: Int) {
            precondition(heads % kvHeads == 0, "query heads must be a multiple of key/value heads")
            self.batch = batch; self.length = length; self.heads = heads; self.kvHeads = kvHeads; self.headSize = headSize
        }
        var queryStride: Int { heads * headSize }
        var kvStride: Int { kvHeads * headSize }
        var scale: Float { 1 / Float(headSize).squareRoot() }
        /// Floats of the kept softmax row statistics (max and 1/sum): 2 · batch · heads · length.
        public var statisticsCount: Int { 2 * batch * heads * length }
        /// Floats of scratch `attentionForward` and `attentionBackward` need (one layer's
        /// probabilities in the forward pass; P, dP and a transpose per key/value head backward).
        public var scratchCount: Int { max(batch * heads * length * length, 3 * batch * kvHeads * length * length) }
    }

    /// P = softmax(scale · q·kᵀ + causal mask) per (sequence, head), out = P · v. q, out: [B·T, H·d];
    /// k, v: [B·T, KV·d]. P lives in `scratch` only; each softmax row's max and 1/sum are kept in
    /// `statistics` [B, H, T, 2] so that `attentionBackward` recomputes exactly the same P.
    public static func attentionForward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                        shape s: AttentionShape, statistics: UnsafeMutablePointer<Float>,
                                        scratch: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let t = s.length, group = s.heads / s.kvHeads, qs = s.queryStride, ks = s.kvStride
        Parallel.forEach(s.batch * s.heads) { task in
            let b = task / s.heads, g = (task % s.heads) / group
            let p = scratch + task * t * t
            probabilities(task, q: q, k: k, shape: s, statistics: statistics + task * 2 * t, recompute: false, into: p)
            GEMM.multiply(m: t, n: s.headSize, k: t, a: p, lda: t, b: v + b * t * ks + g * s.headSize, ldb: ks,
                          c: output + b * t * qs + (task % s.heads) * s.headSize, ldc: qs, threads: 1)
        }
    }

    /// The causal softmax probabilities [T, T] of one (sequence, head) task into `p` (zeros above the
    /// diagonal). Stores each row's max and 1/sum in `statistics`, or with `recompute` reads them
    /// back and repeats the forward pass's arithmetic, so the result is bit-identical.
    static func probabilities(_ task: Int, q: UnsafePointer<Float>, k: UnsafePointer<Float>, shape s: AttentionShape,
                              statistics: UnsafeMutablePointer<Float>, recompute: Bool, into p: UnsafeMutablePointer<Float>) {
        let t = s.length, b = task / s.heads, h = task % s.heads, g = h / (s.heads / s.kvHeads)
        let qh = q + b * t * s.queryStride + h * s.headSize, kg = k + b * t * s.kvStride + g * s.headSize
        GEMM.multiplyTransposed(m: t, n: t, k: s.headSize, a: qh, lda: s.queryStride, w: kg, ldw: s.kvStride, c: p,
                                ldc: t, threads: 1)
        for i in 0..<t {
            let row = p + i * t
            var m = -Float.infinity
            for j in 0...i { row[j] *= s.scale; m = max(m, row[j]) }
            if recompute { m = statistics[2 * i] }
            var sum: Float = 0
            for j in 0...i { row[j] = exp(row[j] - m); sum += row[j] }
            let inv = recompute ? statistics[2 * i + 1] : 1 / sum
            for j in 0...i { row[j] *= inv }
            for j in (i + 1)..<t { row[j] = 0 }
            if !recompute { statistics[2 * i] = m; statistics[2 * i + 1] = inv }
        }
    }

    /// From dOut: dP = dOut·vᵀ, dS = P ⊙ (dP − rowsum(P⊙dP)) · scale, dq = dS·k, dk += dSᵀ·q,
    /// dv += Pᵀ·dOut (summed over the query heads of a group), P recomputed from the forward
    /// pass's `statistics`. Writes dq, dk, dv (not accumulated).
    public static func attentionBackward(_ dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                                         v: UnsafePointer<Float>, statistics: UnsafePointer<Float>,
                                         shape s: AttentionShape, dq: UnsafeMutablePointer<Float>,
                                         dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
                                         scratch: UnsafeMutablePointer<Float>) {
        let t = s.length, group = s.heads / s.kvHeads, qs = s.queryStride, ks = s.kvStride, d = s.headSize
        Parallel.forEach(s.batch * s.kvHeads) { task in
            let b = task / s.kvHeads, g = task % s.kvHeads
            let p = scratch + task * 3 * t * t, dS = p + t * t, tr = dS + t * t
            let kg = k + b * t * ks + g * d, vg = v + b * t * ks + g * d
            let dkg = dk + b * t * ks + g * d, dvg = dv + b * t * ks + g * d
            for h in g * group..<(g + 1) * group {
                let ph = b * s.heads + h
                probabilities(ph, q: q, k: k, shape: s, statistics: UnsafeMutablePointer(mutating: statistics + ph * 2 * t),
                              recompute: true, into: p)
                let dOut = dout + b * t * qs + h * d, qh = q + b * t * qs + h * d
                let first = h == g * group
                GEMM.multiplyTransposed(m: t, n: t, k: d, a: dOut, lda: qs, w: vg, ldw: ks, c: dS, ldc: t, threads: 1)
                transpose(p, rows: t, columns: t, into: tr)
                GEMM.multiply(m: t, n: d, k: t, a: tr, lda: t, b: dOut, ldb: qs, c: dvg, ldc: ks,
                              accumulate: !first, threads: 1)
                for i in 0..<t {
                    let pr = p + i * t, dr = dS + i * t
                    var dot: Float = 0
                    for j in 0...i { dot += pr[j] * dr[j] }
                    for j in 0...i { dr[j] = pr[j] * (dr[j] - dot) * s.scale }
                    for j in (i + 1)..<t { dr[j] = 0 }
                }
                GEMM.multiply(m: t, n: d, k: t, a: dS, lda: t, b: kg, ldb: ks, c: dq + b * t * qs + h * d, ldc: qs,
                              threads: 1)
                transpose(dS, rows: t, columns: t, into: tr)
                GEMM.multiply(m: t, n: d, k: t, a: tr, lda: t, b: qh, ldb: qs, c: dkg, ldc: ks,
                              accumulate: !first, threads: 1)
            }
        }
    }
}
