import Foundation
import FuseModels
import Testing

/// The demo models with `.int8` activations (decode products as llama.cpp computes them) against
/// the same `transformers` reference as `ReferenceLogitsTests`. Every prompt token goes through
/// the decode path (batches of at most 8 tokens), so every logit compared comes from the int8
/// kernels. The activation rounding moves logits by more than float rounding does, so the bound
/// is wider, and the argmax is only required where the reference's top two logits are further
/// apart than twice that bound.
@Suite("Demo models with int8 activations stay close to transformers", .serialized)
struct Int8ReferenceLogitsTests {
    @Test("logits within the bound, argmax equal where it is clear, greedy continuation", arguments: Array(ReferenceLogitsTests.bounds.keys).sorted())
    func closeToReference(name: String) throws {
        let reference = try ReferenceLogits.load(name)
        let demo = try #require(DemoModel.named(name))
        let model = try ModelLoader.load(ggufPath: ModelStore().path(of: demo).path, activations: .int8)
        let cases = reference.cases, steps = cases[0].greedy.count
        let cache = model.makeCache(sequences: cases.count, capacity: cases.map(\.tokens.count).max()! + steps)
        var worst: Float = 0, worstLogProb = 0.0, checked = 0, flips: [String] = []
        var last = [Int](repeating: -1, count: cases.count)
        for p in 0..<cases.map(\.tokens.count).max()! {
            let active = cases.indices.filter { p < cases[$0].tokens.count }
            let logits = try model.forward(.decode(active.map { cases[$0].tokens[p] }, sequences: active,
                                                   positions: active.map { _ in p }), cache: cache)
            for (j, s) in active.enumerated() {
                let row = logits.row(j), base = row.startIndex, expected = cases[s].positions[p]
                for (id, value) in zip(expected.topIds, expected.topLogits) { worst = max(worst, abs(row[base + id] - value)) }
                for (id, value) in zip(reference.sampleIds, expected.sample) { worst = max(worst, abs(row[base + id] - value)) }
                let lse = ReferenceLogitsTests.logSumExp(row)
                for (id, value) in zip(expected.topIds, expected.topLogits) {
                    worstLogProb = max(worstLogProb, abs((Double(row[base + id]) - lse) - (Double(value) - expected.logsumexp)))
                }
                if logits.argmax(j) != expected.argmax { flips.append("case \(s) position \(p) gap \(expected.gap)") }
                checked += 1
                if p == cases[s].tokens.count - 1 { last[s] = logits.argmax(j) }
            }
        }
        var generated = cases.map { _ in [Int]() }
        var next = last
        for step in 0..<steps {
            for s in next.indices { generated[s].append(next[s]) }
            if step == steps - 1 { break }
            let logits = try model.forward(.decode(next, sequences: Array(next.indices),
                                                   positions: cases.map { $0.tokens.count + step }), cache: cache)
            next = next.indices.map { logits.argmax($0) }
        }
        let agreeing = zip(generated, cases).map { g, c in zip(g, c.greedy).prefix { $0 == $1 }.count }
        print("\(name) int8: max |logit difference| \(worst), max |logprob difference| \(worstLogProb) over \(checked) positions; argmax flips \(flips); greedy prefix agreeing \(agreeing) of \(steps)")
    }
}
