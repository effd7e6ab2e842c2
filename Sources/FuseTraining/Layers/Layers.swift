import Foundation
import FuseTensor

/// Forward and backward passes of a decoder's layers, llm.c style: raw row-major Float32 pointers,
/// the forward keeps what the backward needs, the backward accumulates parameter gradients (`+=`)
/// and writes (or, where stated, accumulates) the input gradient.
public enum Layers {
    /// y = x / √(mean(x²) + ε) ⊙ w for each of `rows` rows of `width`; keeps rstd = 1/√(mean(x²) + ε).
    /// Rows in parallel.
    public static func rmsnormForward(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, rows: Int, width: Int,
                                      epsilon: Float, output y: UnsafeMutablePointer<Float>,
                                      rstd: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(rows) { range in
            for r in range {
                let xr = x + r * width, yr = y + r * width
                var sum = F8()
                forEachChunk(width) { i, lanes in
                    let v = load(xr + i, lanes)
                    sum += v * v
                }
                let s = 1 / (sum.sum() / Float(width) + epsilon).squareRoot()
                rstd[r] = s
                forEachChunk(width) { i, lanes in store(load(xr + i, lanes) * s * load(weight + i, lanes), yr + i, lanes) }
            }
        }
    }

    /// With x̂ = x·rstd: dw += Σ_rows dy ⊙ x̂ (skipped when `nil`: frozen), dx (+)= rstd · (dy⊙w − x̂ · mean(dy⊙w⊙x̂)).
    /// dx by rows in parallel, then dw by column ranges in parallel (each column summed over the
    /// rows in order).
    public static func rmsnormBackward(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                       rstd: UnsafePointer<Float>, rows: Int, width: Int,
                                       dx: UnsafeMutablePointer<Float>, accumulate: Bool,
                                       dweight: UnsafeMutablePointer<Float>?) {
        Parallel.forRanges(rows) { range in
            for r in range {
                let xr = x + r * width, dyr = dy + r * width, dxr = dx + r * width
                let s = rstd[r]
                var dot = F8()
                forEachChunk(width) { i, lanes in
                    dot += load(dyr + i, lanes) * load(weight + i, lanes) * (load(xr + i, lanes) * s)
                }
                let mean = dot.sum() / Float(width)
                forEachChunk(width) { i, lanes in
                    let g = s * (load(dyr + i, lanes) * load(weight + i, lanes) - load(xr + i, lanes) * s * mean)
                    store(accumulate ? load(dxr + i, lanes) + g : g, dxr + i, lanes)
                }
            }
        }
        guard let dweight else { return }
        Parallel.forRanges(width, granularity: 8) { columns in
            for r in 0..<rows {
                let xr = x + r * width, dyr = dy + r * width, s = rstd[r]
                var i = columns.lowerBound
                while i < columns.upperBound {
                    let lanes = min(8, columns.upperBound - i)
                    store(load(dweight + i, lanes) + load(dyr + i, lanes) * (load(xr + i, lanes) * s), dweight + i, lanes)
                    i += 8
                }
            }
        }
    }

    /// h = silu(g) ⊙ u, silu(g) = g·σ(g), over `count` elements (in parallel).
    public static func swigluForward(gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int,
                                     output h: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(count, granularity: 8) { range in
            forEachChunk(range.count) { j, lanes in
                let i = range.lowerBound + j, g = load(gate + i, lanes)
                store(g / (1 + VectorMath.exp(-g)) * load(up + i, lanes), h + i, lanes)
            }
        }
    }

    /// dg = dh ⊙ u ⊙ σ(g)(1 + g(1 − σ(g))), du = dh ⊙ silu(g) (in parallel).
    public static func swigluBackward(_ dh: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                      count: Int, dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>) {
        Parallel.forRanges(count, granularity: 8) { range in
            forEachChunk(range.count) { j, lanes in
                let i = range.lowerBound + j, g = load(gate + i, lanes), d = load(dh + i, lanes)
                let sigma = 1 / (1 + VectorMath.exp(-g))
                store(d * load(up + i, lanes) * sigma * (1 + g * (1 - sigma)), dgate + i, lanes)
                store(d * g * sigma, dup + i, lanes)
            }
        }
    }

    /// y[i] += x[i] over `count` floats (a residual connection), in parallel.
    public static func addInPlace(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        Parallel.forRanges(count, granularity: 8) { range in
            forEachChunk(range.count) { j, lanes in
                let i = range.lowerBound + j
                store(load(y + i, lanes) + load(x + i, lanes), y + i, lanes)
            }
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
