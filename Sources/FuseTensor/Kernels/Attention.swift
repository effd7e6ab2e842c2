/// Scaled dot-product attention of new query tokens over a KV cache, with grouped-query heads,
/// causal and sliding-window masks, split across cores by (head, block of query tokens).
public enum Attention {
    /// The shapes and masking of one attention call.
    public struct Shape: Sendable {
        /// Query heads and key/value heads (`heads` a multiple of `kvHeads`: query head h reads
        /// KV head h / (heads / kvHeads)).
        public var heads: Int, kvHeads: Int, headSize: Int
        /// Multiplier of q·k (usually 1/√headSize).
        public var scale: Float
        /// Key s is visible to a query at position p only when p − s < window (sliding window).
        public var window: Int?
        /// Logits become cap · tanh(logit / cap) (Gemma 2).
        public var softCap: Float?
        /// Mask keys after the query's position.
        public var causal: Bool

        public init(heads: Int, kvHeads: Int, headSize: Int, scale: Float? = nil, window: Int? = nil,
                    softCap: Float? = nil, causal: Bool = true) {
            precondition(heads > 0 && kvHeads > 0 && heads % kvHeads == 0, "heads must be a multiple of kvHeads")
            self.heads = heads
            self.kvHeads = kvHeads
            self.headSize = headSize
            self.scale = scale ?? 1 / Float(headSize).squareRoot()
            self.window = window
            self.softCap = softCap
            self.causal = causal
        }
    }

    /// out[t, h, :] = Σ_s softmax_s(scale · q[t, h, :] · k[s, g(h), :] + mask(p₀ + t, s)) · v[s, g(h), :]
    /// for `queries` tokens at positions p₀ = `firstPosition` …, over cache slots s in 0..<`keys`
    /// (slot s holds position s). Row strides (floats): `qStride` between query tokens (default
    /// heads · headSize), `kvStride` between cache slots (default kvHeads · headSize), `outStride`
    /// between output tokens (default heads · headSize).
    public static func forward(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                               out: UnsafeMutablePointer<Float>, queries: Int, keys: Int, firstPosition: Int,
                               shape: Shape, qStride: Int? = nil, kvStride: Int? = nil, outStride: Int? = nil,
                               threads: Int = Parallel.threadCount) {
        guard queries > 0 else { return }
        let d = shape.headSize
        let ldq = qStride ?? shape.heads * d, ldkv = kvStride ?? shape.kvHeads * d
        let ldo = outStride ?? shape.heads * d
        let group = shape.heads / shape.kvHeads
        let blocks = min(queries, max(1, (4 * threads + shape.heads - 1) / shape.heads))
        let tokenRanges = Parallel.split(queries, parts: blocks)
        Parallel.forEach(shape.heads * tokenRanges.count, threads: threads) { task in
            let h = task % shape.heads, tokens = tokenRanges[task / shape.heads]
            let kvOffset = (h / group) * d
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, keys))
            defer { scores.deallocate() }
            for t in tokens {
                let p = firstPosition + t
                let hi = shape.causal ? min(keys, p + 1) : keys
                let lo = shape.window.map { max(0, p - $0 + 1) } ?? 0
                let o = out + t * ldo + h * d
                o.update(repeating: 0, count: d)
                guard lo < hi else { continue }
                row(q: q + t * ldq + h * d, k: k + kvOffset, v: v + kvOffset, ld: ldkv, keys: lo..<hi, d: d,
                    shape: shape, scores: scores, out: o)
            }
        }
    }

    /// One query row: scores, softmax and the weighted sum of values over `keys`.
    @inline(__always)
    private static func row(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, ld: Int,
                            keys: Range<Int>, d: Int, shape: Shape, scores: UnsafeMutablePointer<Float>,
                            out: UnsafeMutablePointer<Float>) {
        let n = keys.count
        dots(q, k + keys.lowerBound * ld, ld, n, d, scores)
        for i in 0..<n {
            var logit = scores[i] * shape.scale
            if let cap = shape.softCap { logit = cap * VectorMath.tanh(SIMD8(repeating: logit / cap))[0] }
            scores[i] = logit
        }
        Activations.softmax(scores, count: n)
        weightedSum(scores, v + keys.lowerBound * ld, ld, n, d, out)
    }

    /// out[0..<d] = Σᵢ w[i] · x[i · ld ..< i · ld + d] for i in 0..<n, 32 columns at a time held in
    /// registers across all rows (each lane sums the rows in order with one FMA per row, as a
    /// row-by-row `axpy` into `out` does, without storing and reloading `out` for every row).
    @inline(__always)
    static func weightedSum(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ ld: Int, _ n: Int, _ d: Int,
                            _ out: UnsafeMutablePointer<Float>) {
        var j = 0
        while j + 32 <= d {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var p = UnsafeRawPointer(x + j)
            for i in 0..<n {
                let s = SIMD8<Float>(repeating: w[i])
                a0 = a0.addingProduct(s, p.loadUnaligned(as: SIMD8<Float>.self))
                a1 = a1.addingProduct(s, p.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
                a2 = a2.addingProduct(s, p.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
                a3 = a3.addingProduct(s, p.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
                p += 4 * ld
            }
            let o = UnsafeMutableRawPointer(out + j)
            o.storeBytes(of: a0, as: SIMD8<Float>.self)
            o.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            o.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
            o.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            j += 32
        }
        if j < d {
            (out + j).update(repeating: 0, count: d - j)
            for i in 0..<n { axpy(w[i], x + i * ld + j, out + j, d - j) }
        }
    }

    /// out[i] = q · k[i · ld ..< i · ld + d] for i in 0..<n, four keys at a time (four independent
    /// accumulators share each load of q; the rest one key at a time with `dot`).
    @inline(__always)
    static func dots(_ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>, _ ld: Int, _ n: Int, _ d: Int,
                     _ out: UnsafeMutablePointer<Float>) {
        var i = 0
        if d % 8 == 0 {
            let pq = UnsafeRawPointer(q)
            while i + 4 <= n {
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                let p0 = UnsafeRawPointer(k + i * ld), p1 = p0 + 4 * ld, p2 = p1 + 4 * ld, p3 = p2 + 4 * ld
                var o = 0
                while o < 4 * d {
                    let x = pq.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                    a0 = a0.addingProduct(x, p0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
                    a1 = a1.addingProduct(x, p1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
                    a2 = a2.addingProduct(x, p2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
                    a3 = a3.addingProduct(x, p3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
                    o += 32
                }
                out[i] = a0.sum()
                out[i + 1] = a1.sum()
                out[i + 2] = a2.sum()
                out[i + 3] = a3.sum()
                i += 4
            }
        }
        while i < n {
            out[i] = dot(q, k + i * ld, d)
            i += 1
        }
    }

    /// Σᵢ a[i] · b[i] over n floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        var i = 0
        let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b)
        while i + 16 <= n {
            acc0.addProduct(pa.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self),
                            pb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            acc1.addProduct(pa.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self),
                            pb.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self))
            i += 16
        }
        var s = (acc0 + acc1).sum()
        while i < n { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// y ← y + a · x over n floats.
    @inline(__always)
    static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        let av = SIMD8<Float>(repeating: a)
        while i + 8 <= n {
            let py = UnsafeMutableRawPointer(y + i)
            py.storeBytes(of: py.loadUnaligned(as: SIMD8<Float>.self)
                .addingProduct(av, UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { y[i] += a * x[i]; i += 1 }
    }
}
