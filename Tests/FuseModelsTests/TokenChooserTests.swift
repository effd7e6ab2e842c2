import Foundation
@testable import FuseModels
import Testing

/// Reference distributions made by `scripts/fixtures/sampling_warpers.py` with transformers' own
/// logits processors (repetition penalty, temperature, min-p, top-k, top-p).
struct SamplingWarperCases: Decodable {
    struct Params: Decodable {
        let temperature: Double
        let top_p: Double?
        let top_k: Int?
        let min_p: Double?
        let repetition_penalty: Double?
    }

    struct Case: Decodable {
        let logits: [Float]
        let params: Params
        let history: [Int]
        let tokens: [Int]
        let probabilities: [Double]

        var parameters: GenerationParameters {
            GenerationParameters(temperature: params.temperature, topP: params.top_p ?? 1, topK: params.top_k,
                                 minP: params.min_p, repetitionPenalty: params.repetition_penalty)
        }
    }

    let reference: String
    let cases: [Case]

    static func load() throws -> SamplingWarperCases {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/sampling-warpers", withExtension: "json"))
        return try JSONDecoder().decode(SamplingWarperCases.self, from: Data(contentsOf: url))
    }
}

@Suite("Token sampling against transformers' logits processors")
struct TokenChooserTests {
    @Test("the surviving tokens and their probabilities equal transformers' on 48 cases")
    func distributions() throws {
        let fixture = try SamplingWarperCases.load()
        var worst = 0.0
        for (i, c) in fixture.cases.enumerated() {
            let chooser = TokenChooser(parameters: c.parameters)
            let history = TokenChooser.History(prompt: c.history)
            let got = c.logits.withUnsafeBufferPointer { chooser.distribution($0, history: history) }
            let mine = Dictionary(uniqueKeysWithValues: got.map { ($0.token, $0.probability) })
            #expect(Set(mine.keys) == Set(c.tokens), "case \(i): kept tokens differ")
            for (token, p) in zip(c.tokens, c.probabilities) { worst = max(worst, abs((mine[token] ?? 0) - p)) }
        }
        #expect(worst < 1e-5, "largest probability difference \(worst)")
    }

    @Test("draws follow the distribution (20,000 draws, 5 sigma) and never leave its support")
    func drawFrequencies() throws {
        let fixture = try SamplingWarperCases.load()
        for c in fixture.cases.prefix(8) {
            let chooser = TokenChooser(parameters: c.parameters)
            let history = TokenChooser.History(prompt: c.history)
            var random = SeededRandom(seed: 5)
            var counts: [Int: Int] = [:]
            let draws = 20_000
            var scratch = [Float](repeating: 0, count: c.logits.count)
            for _ in 0..<draws {
                let t = c.logits.withUnsafeBufferPointer { row in
                    scratch.withUnsafeMutableBufferPointer { chooser.choose(row, history: history, scratch: $0, random: &random) }
                }
                counts[t, default: 0] += 1
            }
            let support = Set(c.tokens)
            #expect(counts.keys.allSatisfy(support.contains))
            for (token, p) in zip(c.tokens, c.probabilities) {
                let f = Double(counts[token, default: 0]) / Double(draws)
                let sigma = (p * (1 - p) / Double(draws)).squareRoot()
                #expect(abs(f - p) <= 5 * sigma + 1e-4, "token \(token): frequency \(f), probability \(p)")
            }
        }
    }

    @Test("presence and frequency penalties subtract from generated tokens only (OpenAI's formula)")
    func presenceAndFrequency() {
        var p = GenerationParameters(temperature: 1, presencePenalty: 0.5, frequencyPenalty: 0.25)
        p.topP = 1
        var history = TokenChooser.History(prompt: [0])   // prompt tokens are not penalized
        history.append(3)
        history.append(3)
        history.append(1)
        let logits: [Float] = [1, 2, 3, 4]
        let got = logits.withUnsafeBufferPointer { TokenChooser(parameters: p).distribution($0, history: history) }
        let expected: [Double] = [1, 2 - 0.75, 3, 4 - 1.0]
        let z = expected.reduce(0) { $0 + exp($1) }
        for (token, probability) in got { #expect(abs(probability - exp(expected[token]) / z) < 1e-6) }
    }

    @Test("greedy picks the lowest id among equal largest logits")
    func greedyTies() {
        let logits: [Float] = [0, 5, 1, 5]
        let t = logits.withUnsafeBufferPointer { TokenChooser.argmax($0) }
        #expect(t == 1)
    }
}
