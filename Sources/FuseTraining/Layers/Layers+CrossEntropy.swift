import Foundation
import FuseTensor

extension Layers {
    /// logp[n] = logits[n, target[n]] − log Σ_v exp(logits[n, v]); keeps lse[n]. Targets < 0 are
    /// ignored (logp 0).
    public static func crossEntropyForward(logits: UnsafePointer<Float>, targets: [Int32], vocabulary: Int,
                                           logProbabilities: UnsafeMutablePointer<Float>,
                                           logSumExp: UnsafeMutablePointer<Float>) {
        targets.withUnsafeBufferPointer { tg in
            Parallel.forRanges(tg.count) { range in
                for n in range {
                    let row = logits + n * vocabulary
                    var m = -Float.infinity
                    for j in 0..<vocabulary { m = max(m, row[j]) }
                    var sum: Float = 0
                    for j in 0..<vocabulary { sum += exp(row[j] - m) }
                    let lse = m + log(sum)
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
                    for j in 0..<vocabulary { row[j] = -g * exp(row[j] - lse) }
                    row[Int(tg[n])] += g
                }
            }
        }
    }
}
