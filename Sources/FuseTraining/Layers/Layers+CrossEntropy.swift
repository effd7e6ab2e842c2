import Foundation
import FuseTensor

extension Layers {
    /// logp[n] = logits[n, target[n]] − log Σ_v exp(logits[n, v]); keeps lse[n]. Targets < 0 are
    /// ignored (logp 0). Rows in parallel, 8 lanes at a time.
    public static func crossEntropyForward(logits: UnsafePointer<Float>, targets: [Int32], vocabulary: Int,
                                           logProbabilities: UnsafeMutablePointer<Float>,
                                           logSumExp: UnsafeMutablePointer<Float>) {
        targets.withUnsafeBufferPointer { tg in
            Parallel.forRanges(tg.count) { range in
                for n in range {
                    let row = logits + n * vocabulary
                    var m = F8(repeating: -.infinity)
                    forEachChunk(vocabulary) { j, lanes in
                        m = lanewiseMax(m, load(row + j, lanes).replacing(with: -.infinity, where: laneMask(lanes)))
                    }
                    let top = largest(m)
                    var sum = F8()
                    forEachChunk(vocabulary) { j, lanes in
                        sum += VectorMath.exp(load(row + j, lanes) - top).replacing(with: 0, where: laneMask(lanes))
                    }
                    let lse = top + log(sum.sum())
                    logSumExp[n] = lse
                    logProbabilities[n] = tg[n] < 0 ? 0 : row[Int(tg[n])] - lse
                }
            }
        }
    }

    /// dlogits[n, v] = g[n] · (1[v = target[n]] − softmax(logits[n])_v), in place over the logits;
    /// rows with a negative target become zero.
    public static func crossEntropyBackward(_ dlogp: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>,
                                            logSumExp: UnsafePointer<Float>, targets: [Int32], vocabulary: Int) {
        targets.withUnsafeBufferPointer { tg in
            Parallel.forRanges(tg.count) { range in
                for n in range {
                    let row = logits + n * vocabulary
                    let g = tg[n] < 0 ? 0 : dlogp[n]
                    if g == 0 { row.update(repeating: 0, count: vocabulary); continue }
                    let lse = logSumExp[n]
                    forEachChunk(vocabulary) { j, lanes in
                        store(-g * VectorMath.exp(load(row + j, lanes) - lse), row + j, lanes)
                    }
                    row[Int(tg[n])] += g
                }
            }
        }
    }
}
