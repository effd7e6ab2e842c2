import Foundation

/// Forward and backward passes of a decoder's layers, llm.c style: raw row-major Float32 pointers,
/// the forward keeps what the backward needs, the backward accumulates parameter gradients (`+=`)
/// and writes (or, where stated, accumulates) the input gradient.
public enum Layers {
    /// y = x / √(mean(x²) + ε) ⊙ w for each of `rows` rows of `width`; keeps rstd = 1/√(mean(x²) + ε).
    public static func rmsnormForward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, rows: Int, width: Int,
                                      epsilon: Float, output y: UnsafeMutablePointer<Float>,
                                      rstd: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let xr = x + r * width, yr = y + r * width
            var sum: Float = 0
            for i in 0..<width { sum += xr[i] * xr[i] }
            let s = 1 / (sum / Float(width) + epsilon).squareRoot()
            rstd[r] = s
            for i in 0..<width { yr[i] = xr[i] * s * weight[i] }
        }
    }

    /// With x̂ = x·rstd: dw += Σ_rows dy ⊙ x̂ (skipped when `nil`: frozen), dx (+)= rstd · (dy⊙w − x̂ · mean(dy⊙w⊙x̂)).
    public static func rmsnormBackward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                       rstd: UnsafePointer<Float>, rows: Int, width: Int,
                                       dx: UnsafeMutablePointer<Float>, accumulate: Bool,
                                       dweight: UnsafeMutablePointer<Float>?) {
        for r in 0..<rows {
            let xr = x + r * width, dyr = dy + r * width, dxr = dx + r * width
            let s = rstd[r]
            var dot: Float = 0
            for i in 0..<width {
                let xhat = xr[i] * s
                dot += dyr[i] * weight[i] * xhat
                dweight?[i] += dyr[i] * xhat
            }
            let mean = dot / Float(width)
            for i in 0..<width {
                let g = s * (dyr[i] * weight[i] - xr[i] * s * mean)
                dxr[i] = accumulate ? dxr[i] + g : g
            }
        }
    }

    /// h = silu(g) ⊙ u, silu(g) = g·σ(g), over `count` elements.
    public static func swigluForward(gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int,
                                     output h: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let g = gate[i]
            h[i] = g / (1 + exp(-g)) * up[i]
        }
    }

    /// dg = dh ⊙ u ⊙ σ(g)(1 + g(1 − σ(g))), du = dh ⊙ silu(g).
    public static func swigluBackward(_ dh: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                      count: Int, dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let g = gate[i]
            let sigma = 1 / (1 + exp(-g))
            dgate[i] = dh[i] * up[i] * sigma * (1 + g * (1 - sigma))
            dup[i] = dh[i] * g * sigma
        }
    }

    /// x[n] = E[token[n]] for each token.
    public static func embeddingForward(tokens: [Int32], table: UnsafePointer<Float>, width: Int,
                                        output x: UnsafeMutablePointer<Float>) {
        for (n, t) in tokens.enumerated() { (x + n * width).update(from: table + Int(t) * width, count: width) }
    }

    /// dE[token[n]] += dx[n].
    public static func embeddingBackward(_ dx: UnsafePointer<Float>, tokens: [Int32], width: Int,
                                         dtable: UnsafeMutablePointer<Float>) {
        for (n, t) in tokens.enumerated() {
            let row = dtable + Int(t) * width, d = dx + n * width
            for i in 0..<width { row[i] += d[i] }
        }
    }
}
