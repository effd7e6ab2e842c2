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
        /// Query rows per block. Attention works on blocks of query rows, each against the keys up to
        /// its last row only, so the causal mask's upper triangle is (nearly) never computed.
        static let blockRows = 64
        /// Tasks per (sequence, head) in the backward pass, each with its own dk and dv partials.
        static let backwardParts = 2
        var blocks: Int { (length + Self.blockRows - 1) / Self.blockRows }
        /// Floats of the kept softmax row statistics (max and 1/sum): 2 · batch · heads · length.
        public var statisticsCount: Int { 2 * batch * heads * length }
        /// Floats of scratch `attentionForward` and `attentionBackward` need: one block of
        /// probabilities per forward task; probabilities, dS and dk, dv partials per backward task.
        public var scratchCount: Int {
            max(batch * heads * blocks * Self.blockRows * length, batch * heads * Self.backwardParts * backwardTaskFloats)
        }
        var backwardTaskFloats: Int { 2 * Self.blockRows * length + 2 * length * headSize }

        /// The query blocks of each backward part, split so that the parts do about the same work
        /// (a block costs its rows times the keys it sees; largest first, each to the lighter part).
        var backwardBlocks: [[Int]] {
            var parts = [[Int]](repeating: [], count: Self.backwardParts)
            var cost = [Int](repeating: 0, count: Self.backwardParts)
            for block in (0..<blocks).reversed() {
                let rows = rows(of: block), part = cost.indices.min { cost[$0] < cost[$1] }!
                parts[part].append(block)
                cost[part] += rows.count * rows.upperBound
            }
            return parts
        }

        func rows(of block: Int) -> Range<Int> { block * Self.blockRows..<min(length, (block + 1) * Self.blockRows) }
    }

    /// P = softmax(scale · q·kᵀ + causal mask) per (sequence, head), out = P · v. q, out: [B·T, H·d];
    /// k, v: [B·T, KV·d]. P lives in `scratch` only; each softmax row's max and 1/sum are kept in
    /// `statistics` [B, H, T, 2] so that `attentionBackward` recomputes exactly the same P.
    /// One task per (sequence, head, block of query rows), the longest blocks first.
    public static func attentionForward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                        shape s: AttentionShape, statistics: UnsafeMutablePointer<Float>,
                                        scratch: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let t = s.length, group = s.heads / s.kvHeads, qs = s.queryStride, ks = s.kvStride, blocks = s.blocks
        Parallel.forEach(s.batch * s.heads * blocks) { task in
            let head = task / blocks, rows = s.rows(of: blocks - 1 - task % blocks)
            let b = head / s.heads, h = head % s.heads, g = h / group
            let p = scratch + task * AttentionShape.blockRows * t
            probabilities(head, rows: rows, q: q, k: k, shape: s, statistics: statistics + head * 2 * t,
                          recompute: false, into: p)
            GEMM.multiply(m: rows.count, n: s.headSize, k: rows.upperBound, a: p, lda: rows.upperBound,
                          b: v + b * t * ks + g * s.headSize, ldb: ks,
                          c: output + (b * t + rows.lowerBound) * qs + h * s.headSize, ldc: qs, threads: 1)
        }
    }

    /// The causal softmax probabilities of query `rows` of one (sequence, head) against keys
    /// 0..<rows.upperBound, into `p` [rows.count, rows.upperBound] (zeros right of the diagonal).
    /// Stores each row's max and 1/sum in `statistics` (indexed by position), or with `recompute`
    /// reads them back and repeats the forward pass's arithmetic, so the result is bit-identical.
    static func probabilities(_ head: Int, rows: Range<Int>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                              shape s: AttentionShape, statistics: UnsafeMutablePointer<Float>, recompute: Bool,
                              into p: UnsafeMutablePointer<Float>) {
        let t = s.length, b = head / s.heads, h = head % s.heads, g = h / (s.heads / s.kvHeads)
        let width = rows.upperBound
        let qh = q + (b * t + rows.lowerBound) * s.queryStride + h * s.headSize
        let kg = k + b * t * s.kvStride + g * s.headSize
        GEMM.multiplyTransposed(m: rows.count, n: width, k: s.headSize, a: qh, lda: s.queryStride, w: kg,
                                ldw: s.kvStride, c: p, ldc: width, threads: 1)
        for i in rows {
            let row = p + (i - rows.lowerBound) * width
            softmaxRow(row, count: i + 1, scale: s.scale, statistics: statistics + 2 * i, recompute: recompute)
            (row + i + 1).update(repeating: 0, count: width - i - 1)
        }
    }

    /// row[0..<count] ← softmax(scale · row), 8 lanes at a time (max, 1/sum kept or reused).
    @inline(__always)
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                           statistics: UnsafeMutablePointer<Float>, recompute: Bool) {
        var top = F8(repeating: -.infinity)
        forEachChunk(count) { j, lanes in
            let x = load(row + j, lanes) * scale
            store(x, row + j, lanes)
            top = lanewiseMax(top, x.replacing(with: -.infinity, where: laneMask(lanes)))
        }
        let m = recompute ? statistics[0] : largest(top)
        var sum = SIMD8<Float>()
        forEachChunk(count) { j, lanes in
            let e = VectorMath.exp(load(row + j, lanes) - m).replacing(with: 0, where: laneMask(lanes))
            store(e, row + j, lanes)
            sum += e
        }
        let inv = recompute ? statistics[1] : 1 / sum.sum()
        forEachChunk(count) { j, lanes in store(load(row + j, lanes) * inv, row + j, lanes) }
        if !recompute { statistics[0] = m; statistics[1] = inv }
    }

    /// From dOut: dP = dOut·vᵀ, dS = P ⊙ (dP − rowsum(P⊙dP)) · scale, dq = dS·k, dk += dSᵀ·q,
    /// dv += Pᵀ·dOut (summed over the query heads of a group), P recomputed from the forward
    /// pass's `statistics`. Writes dq, dk, dv (not accumulated). Each (sequence, head) is split in
    /// `AttentionShape.backwardParts` tasks over its query blocks; each task keeps its own dk and
    /// dv partials in `scratch`, summed per key/value head at the end (in a fixed order).
    public static func attentionBackward(_ dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                                         v: UnsafePointer<Float>, statistics: UnsafePointer<Float>,
                                         shape s: AttentionShape, dq: UnsafeMutablePointer<Float>,
                                         dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
                                         scratch: UnsafeMutablePointer<Float>) {
        let t = s.length, group = s.heads / s.kvHeads, qs = s.queryStride, ks = s.kvStride, d = s.headSize
        let parts = s.backwardBlocks, taskFloats = s.backwardTaskFloats, rowsPerBlock = AttentionShape.blockRows
        Parallel.forEach(s.batch * s.heads * parts.count) { task in
            let head = task / parts.count, b = head / s.heads, h = head % s.heads, g = h / group
            let p = scratch + task * taskFloats, dS = p + rowsPerBlock * t
            let dkPart = dS + rowsPerBlock * t, dvPart = dkPart + t * d
            dkPart.update(repeating: 0, count: 2 * t * d)
            let kg = k + b * t * ks + g * d, vg = v + b * t * ks + g * d
            for block in parts[task % parts.count] {
                let rows = s.rows(of: block), width = rows.upperBound, n = rows.count
                let dOut = dout + (b * t + rows.lowerBound) * qs + h * d, qh = q + (b * t + rows.lowerBound) * qs + h * d
                probabilities(head, rows: rows, q: q, k: k, shape: s,
                              statistics: UnsafeMutablePointer(mutating: statistics + head * 2 * t), recompute: true, into: p)
                GEMM.multiplyTransposed(m: n, n: width, k: d, a: dOut, lda: qs, w: vg, ldw: ks, c: dS, ldc: width,
                                        threads: 1)
                GEMM.multiplyTransposedLeft(m: width, n: d, k: n, a: p, lda: width, b: dOut, ldb: qs, c: dvPart, ldc: d,
                                            accumulate: true, threads: 1)
                for i in rows {
                    let r = i - rows.lowerBound
                    softmaxRowBackward(p + r * width, dS + r * width, count: i + 1, scale: s.scale)
                    (dS + r * width + i + 1).update(repeating: 0, count: width - i - 1)
                }
                GEMM.multiply(m: n, n: d, k: width, a: dS, lda: width, b: kg, ldb: ks,
                              c: dq + (b * t + rows.lowerBound) * qs + h * d, ldc: qs, threads: 1)
                GEMM.multiplyTransposedLeft(m: width, n: d, k: n, a: dS, lda: width, b: qh, ldb: qs, c: dkPart, ldc: d,
                                            accumulate: true, threads: 1)
            }
        }
        // dk, dv of key/value head g: the sum over its query heads and their parts.
        Parallel.forRanges(s.batch * t) { range in
            for row in range {
                let b = row / t, j = row % t
                for g in 0..<s.kvHeads {
                    let dkRow = dk + row * ks + g * d, dvRow = dv + row * ks + g * d
                    dkRow.update(repeating: 0, count: d)
                    dvRow.update(repeating: 0, count: d)
                    for h in g * group..<(g + 1) * group {
                        for part in 0..<parts.count {
                            let base = scratch + ((b * s.heads + h) * parts.count + part) * taskFloats + 2 * rowsPerBlock * t
                            let dkPart = base + j * d, dvPart = base + t * d + j * d
                            for i in 0..<d { dkRow[i] += dkPart[i]; dvRow[i] += dvPart[i] }
                        }
                    }
                }
            }
        }
    }

    /// ds[j] ← p[j] · (ds[j] − Σ p⊙ds) · scale over `count` entries (softmax backward of one row).
    @inline(__always)
    static func softmaxRowBackward(_ p: UnsafePointer<Float>, _ ds: UnsafeMutablePointer<Float>, count: Int,
                                   scale: Float) {
        var dot = SIMD8<Float>()
        forEachChunk(count) { j, lanes in dot += load(p + j, lanes) * load(ds + j, lanes) }
        let total = dot.sum()
        forEachChunk(count) { j, lanes in
            store(load(p + j, lanes) * (load(ds + j, lanes) - total) * scale, ds + j, lanes)
        }
    }
}
