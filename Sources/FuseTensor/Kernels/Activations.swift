/// Elementwise activations and softmax over contiguous Float buffers (8 lanes at a time).
public enum Activations {
    /// x ← x · σ(x) = x / (1 + e⁻ˣ)  (SiLU), for `count` floats.
    public static func silu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        map(x, count) { $0 / (1 + VectorMath.exp(-$0)) }
    }

    /// gate ← silu(gate) · up  (SwiGLU), for `count` floats.
    public static func swiglu(gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        zip(gate, up, count) { g, u in g / (1 + VectorMath.exp(-g)) * u }
    }

    /// x ← ½x(1 + tanh(√(2/π)(x + 0.044715x³)))  (GELU, tanh approximation), for `count` floats.
    public static func geluTanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
        map(x, count, gelu)
    }

    /// gate ← geluTanh(gate) · up  (GeGLU, Gemma's MLP), for `count` floats.
    public static func geglu(gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        zip(gate, up, count) { g, u in gelu(g) * u }
    }

    /// x ← eˣ⁻ᵐᵃˣ / Σ eˣ⁻ᵐᵃˣ over `count` floats (a row); −∞ entries get probability 0.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var m = -Float.infinity
        for i in 0..<count { m = max(m, x[i]) }
        let shift = m == -.infinity ? 0 : m
        var sum: Float = 0
        var i = 0
        var acc = SIMD8<Float>()
        while i + 8 <= count {
            let p = UnsafeMutableRawPointer(x + i)
            let e = VectorMath.exp(p.loadUnaligned(as: SIMD8<Float>.self) - shift)
            p.storeBytes(of: e, as: SIMD8<Float>.self)
            acc += e
            i += 8
        }
        sum = acc.sum()
        while i < count {
            let e = VectorMath.exp(SIMD8(repeating: x[i] - shift))[0]
            x[i] = e
            sum += e
            i += 1
        }
        let inv = sum > 0 ? 1 / sum : 0
        for j in 0..<count { x[j] *= inv }
    }

    @inline(__always)
    static func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> {
        // ½x(1 + tanh u) = x · σ(2u): no cancellation for large negative x.
        let u = 0.797_884_56 * (x + 0.044_715 * x * x * x)
        return x / (1 + VectorMath.exp(-2 * u))
    }

    @inline(__always)
    private static func map(_ x: UnsafeMutablePointer<Float>, _ count: Int, _ f: (SIMD8<Float>) -> SIMD8<Float>) {
        var i = 0
        while i + 8 <= count {
            let p = UnsafeMutableRawPointer(x + i)
            p.storeBytes(of: f(p.loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            x[i] = f(SIMD8(repeating: x[i]))[0]
            i += 1
        }
    }

    @inline(__always)
    private static func zip(_ a: UnsafeMutablePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int,
                            _ f: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) {
        var i = 0
        while i + 8 <= count {
            let p = UnsafeMutableRawPointer(a + i)
            let q = UnsafeRawPointer(b + i)
            p.storeBytes(of: f(p.loadUnaligned(as: SIMD8<Float>.self), q.loadUnaligned(as: SIMD8<Float>.self)),
                         as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            a[i] = f(SIMD8(repeating: a[i]), SIMD8(repeating: b[i]))[0]
            i += 1
        }
    }
}
