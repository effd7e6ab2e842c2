import Foundation

/// Chooses the next token from one row of logits under `GenerationParameters`, and reports the
/// chosen token's log-probability and the most likely alternatives under the model's raw
/// (unprocessed) distribution, as vLLM's default `raw_logprobs` mode does.
struct TokenChooser {
    let parameters: GenerationParameters

    /// The penalties' view of a sequence: tokens in the prompt or output, and output counts.
    struct History {
        var seen: Set<Int>
        var outputCounts: [Int: Int] = [:]

        init(prompt: [Int]) { seen = Set(prompt) }

        mutating func append(_ token: Int) {
            seen.insert(token)
            outputCounts[token, default: 0] += 1
        }
    }

    /// Picks a token from `row` (left unchanged); `scratch` must hold `row.count` floats.
    func choose(_ row: UnsafeBufferPointer<Float>, history: History, scratch: UnsafeMutableBufferPointer<Float>,
                random: inout SeededRandom) -> Int {
        _ = scratch.initialize(from: row)
        applyPenalties(scratch, history: history)
        if parameters.temperature == 0 { return Self.argmax(UnsafeBufferPointer(scratch)) }
        return sample(scratch, random: &random)
    }

    private func applyPenalties(_ logits: UnsafeMutableBufferPointer<Float>, history: History) {
        if let penalty = parameters.repetitionPenalty, penalty != 1 {
            let p = Float(penalty)
            for token in history.seen {
                logits[token] = logits[token] > 0 ? logits[token] / p : logits[token] * p
            }
        }
        let presence = Float(parameters.presencePenalty), frequency = Float(parameters.frequencyPenalty)
        if presence != 0 || frequency != 0 {
            for (token, count) in history.outputCounts {
                logits[token] -= presence + frequency * Float(count)
            }
        }
    }

    /// Temperature, then min-p, top-k and top-p (vLLM's order), then a draw from what is left.
    private func sample(_ logits: UnsafeMutableBufferPointer<Float>, random: inout SeededRandom) -> Int {
        let (candidates, total) = filtered(logits)
        var u = Float(random.unit()) * total
        for c in candidates {
            u -= c.weight
            if u < 0 { return c.token }
        }
        return candidates.last!.token
    }

    /// The tokens `choose` can draw from `row` and their probabilities (most likely first).
    func distribution(_ row: UnsafeBufferPointer<Float>, history: History) -> [(token: Int, probability: Double)] {
        var copy = Array(row)
        return copy.withUnsafeMutableBufferPointer { logits in
            applyPenalties(logits, history: history)
            if parameters.temperature == 0 { return [(Self.argmax(UnsafeBufferPointer(logits)), 1)] }
            var (candidates, total) = filtered(logits)
            candidates.sort(by: Self.heavierFirst)
            return candidates.map { ($0.token, Double($0.weight / total)) }
        }
    }

    /// Applies temperature (in place), min-p, top-k and top-p; returns the surviving tokens with
    /// weights relative to the most likely one, and their sum.
    private func filtered(_ logits: UnsafeMutableBufferPointer<Float>) -> ([(token: Int, weight: Float)], Float) {
        let inverseT = Float(1 / parameters.temperature)
        var maxLogit = -Float.infinity
        for i in logits.indices {
            logits[i] *= inverseT
            maxLogit = max(maxLogit, logits[i])
        }
        let minWeight = Float(parameters.minP ?? 0)
        var candidates: [(token: Int, weight: Float)] = []
        candidates.reserveCapacity(1024)
        var total: Float = 0
        for i in logits.indices {
            let w = expf(logits[i] - maxLogit)
            if w > 0, w >= minWeight {
                candidates.append((i, w))
                total += w
            }
        }
        if let k = parameters.topK, k > 0, candidates.count > k {
            candidates.sort(by: Self.heavierFirst)
            candidates.removeLast(candidates.count - k)
            total = candidates.reduce(0) { $0 + $1.weight }
        }
        if parameters.topP < 1 {
            // The nucleus never needs a token lighter than (1 − p)·total / count: all of those
            // together weigh less than (1 − p)·total, so the heavier ones already reach p.
            let floor = Float(1 - parameters.topP) * total / Float(candidates.count)
            candidates.removeAll { $0.weight < floor }
            candidates.sort(by: Self.heavierFirst)
            let target = Float(parameters.topP) * total
            var sum: Float = 0, keep = 0
            for c in candidates {
                sum += c.weight
                keep += 1
                if sum >= target { break }
            }
            candidates.removeLast(candidates.count - keep)
            total = sum
        }
        return (candidates, total)
    }

    private static func heavierFirst(_ a: (token: Int, weight: Float), _ b: (token: Int, weight: Float)) -> Bool {
        a.weight != b.weight ? a.weight > b.weight : a.token < b.token
    }

    /// The index of the largest value (the lowest index on ties).
    static func argmax(_ row: UnsafeBufferPointer<Float>) -> Int {
        var best = 0
        var bestValue = row[0]
        for i in 1..<row.count where row[i] > bestValue {
            best = i
            bestValue = row[i]
        }
        return best
    }

    /// log-softmax of `row` at `token`, and the `top` most likely tokens with theirs.
    static func logprobs(_ row: UnsafeBufferPointer<Float>, token: Int, top: Int) -> (Double, [(Int, Double)]) {
        var maxLogit = -Float.infinity
        for v in row { maxLogit = max(maxLogit, v) }
        var sum: Double = 0
        for v in row { sum += Double(expf(v - maxLogit)) }
        let logZ = Double(maxLogit) + log(sum)
        var best: [(Int, Float)] = []
        if top > 0 {
            for i in row.indices where best.count < top || row[i] > best[best.count - 1].1 {
                let at = best.firstIndex { row[i] > $0.1 } ?? best.count
                best.insert((i, row[i]), at: at)
                if best.count > top { best.removeLast() }
            }
        }
        return (Double(row[token]) - logZ, best.map { ($0.0, Double($0.1) - logZ) })
    }
}
