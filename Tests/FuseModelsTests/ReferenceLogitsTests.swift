import Foundation
import FuseModels
import Testing

/// Reference logits made by `scripts/fixtures/model_logits.py`: Hugging Face `transformers`
/// loading the same GGUF file (dequantized to float32).
struct ReferenceLogits: Decodable {
    struct Position: Decodable {
        let argmax: Int
        let topIds: [Int]
        let topLogits: [Float]
        let gap: Float
        let logsumexp: Double
        let sample: [Float]
    }

    struct Case: Decodable {
        let tokens: [Int]
        let positions: [Position]
        let greedy: [Int]
    }

    let model: String
    let reference: String
    let sampleIds: [Int]
    let cases: [Case]

    static func load(_ model: String) throws -> ReferenceLogits {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/logits-\(model)", withExtension: "json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReferenceLogits.self, from: Data(contentsOf: url))
    }
}

/// Exactness of the three demo models against `transformers` on the same GGUF files: the argmax
/// at every prompt position, the top-5 and sampled logits within a stated bound, and the greedy
/// 64-token continuations (decoded as one batch of all prompts) token for token.
@Suite("Demo models match transformers on the same GGUF file", .serialized)
struct ReferenceLogitsTests {
    /// Largest |logit difference| allowed per model. Measured (release build): see each comment.
    static let bounds: [String: Float] = [
        "smollm2-135m-instruct": 2e-3,  // measured 7.1e-5
        "gemma-3-270m": 2e-3,  // measured 4.0e-4
        "qwen2.5-coder-0.5b-instruct": 1e-3,  // measured 6.7e-5
    ]

    static func model(_ name: String) throws -> any LanguageModel {
        let demo = try #require(DemoModel.named(name))
        let path = ModelStore().path(of: demo).path
        try #require(FileManager.default.fileExists(atPath: path), "demo model missing: run `fusechat models fetch \(name)`")
        return try ModelLoader.load(ggufPath: path)
    }

    @Test("argmax at every position, logits close, greedy continuation identical", arguments: Array(bounds.keys).sorted())
    func matchesReference(name: String) throws {
        let reference = try ReferenceLogits.load(name)
        let model = try Self.model(name)
        let steps = reference.cases[0].greedy.count
        let cache = model.makeCache(sequences: reference.cases.count,
                                    capacity: reference.cases.map(\.tokens.count).max()! + steps)
        var worst: Float = 0
        var lastArgmax: [Int] = []
        for (s, c) in reference.cases.enumerated() {
            var start = 0
            while start < c.tokens.count {
                let end = min(c.tokens.count, start + 64)
                let logits = try model.forward(
                    .prefill(Array(c.tokens[start..<end]), sequence: s, start: start, allLogits: true), cache: cache)
                for p in start..<end {
                    let row = logits.row(p - start), expected = c.positions[p]
                    let base = row.startIndex
                    #expect(logits.argmax(p - start) == expected.argmax, "case \(s) position \(p) (reference gap \(expected.gap))")
                    for (id, value) in zip(expected.topIds, expected.topLogits) { worst = max(worst, abs(row[base + id] - value)) }
                    for (id, value) in zip(reference.sampleIds, expected.sample) { worst = max(worst, abs(row[base + id] - value)) }
                    let lse = Self.logSumExp(row)
                    worst = max(worst, Float(abs(lse - expected.logsumexp)))
                }
                if end == c.tokens.count { lastArgmax.append(logits.argmax(end - 1 - start)) }
                start = end
            }
        }
        // Greedy continuations of all prompts at once, each sequence at its own position.
        var generated = reference.cases.map { _ in [Int]() }
        var next = lastArgmax
        for step in 0..<steps {
            for s in next.indices { generated[s].append(next[s]) }
            if step == steps - 1 { break }
            let logits = try model.forward(
                .decode(next, sequences: Array(next.indices),
                        positions: reference.cases.map { $0.tokens.count + step }), cache: cache)
            next = next.indices.map { logits.argmax($0) }
        }
        for (s, c) in reference.cases.enumerated() {
            #expect(generated[s] == c.greedy, "case \(s): greedy continuation differs")
        }
        let bound = try #require(Self.bounds[name])
        #expect(worst < bound, "\(name): max |logit difference| \(worst)")
        print("\(name): max |logit difference| vs transformers = \(worst)")
    }

    static func logSumExp(_ row: ArraySlice<Float>) -> Double {
        let m = Double(row.max()!)
        return m + log(row.reduce(0.0) { $0 + exp(Double($1) - m) })
    }
}
