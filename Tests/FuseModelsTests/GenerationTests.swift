import Foundation
@testable import FuseModels
import FuseFormats
import FuseText
import Testing

/// A byte-level BPE tokenizer over the tiny models' 100 ids: letters, digits, space, a few
/// punctuation marks and two-letter pieces; id 99 is `<eos>`.
enum TinyTokenizer {
    static let pieces: [String] = {
        var p = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) }
        p += (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { String(UnicodeScalar($0)) }
        p += (0...9).map(String.init)
        p += ["Ġ", ".", ","]
        p += (UInt8(ascii: "a")...UInt8(ascii: "z")).map { "Ġ" + String(UnicodeScalar($0)) }
        p += ["th", "he", "in", "er", "an", "re", "on", "at"]
        return p
    }()

    static func make() throws -> BPETokenizer {
        let vocab = pieces.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ")
        let json = """
            {"model": {"type": "BPE", "vocab": {\(vocab)}, "merges": []},
             "added_tokens": [{"id": 99, "content": "<eos>", "special": true, "normalized": false,
                               "lstrip": false, "rstrip": false, "single_word": false}],
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true}}
            """
        let config = try TokenizerConfig(json: ["eos_token": .string("<eos>")], path: "tokenizer_config.json")
        return try TokenizerLoader.fromHuggingFace(tokenizerJSON: Array(json.utf8), config: config)
    }
}

/// The generation engine on a tiny random Llama: batching, n samples, seeds, limits and stops,
/// checked against the model's own forward pass run step by step.
@Suite("Generation engine")
struct GenerationEngineTests {
    let model: any LanguageModel
    let tokenizer: BPETokenizer

    init() throws {
        model = try TinyModel.make("llama")
        tokenizer = try TinyTokenizer.make()
    }

    /// Greedy tokens by calling `forward` directly, one sequence at a time.
    func referenceGreedy(_ prompt: [Int], steps: Int) throws -> [Int] {
        let cache = model.makeCache(sequences: 1, capacity: 64)
        var logits = try model.forward(.prefill(prompt), cache: cache)
        var out: [Int] = []
        for step in 0..<steps {
            let next = logits.argmax(0)
            out.append(next)
            logits = try model.forward(.decode([next], sequences: [0], positions: [prompt.count + step]), cache: cache)
        }
        return out
    }

    @Test("greedy output equals step-by-step argmax, alone and batched with other requests")
    func greedyMatchesForward() async throws {
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 4)
        let prompts = [[5, 6, 7], [1, 2, 3, 4, 5, 6, 7, 8], [42], [10, 20, 30, 40], [77, 3]]
        let expected = try prompts.map { try referenceGreedy($0, steps: 12) }
        let results = try await withThrowingTaskGroup(of: (Int, [GeneratedSequence]).self) { group in
            for (i, prompt) in prompts.enumerated() {
                group.addTask { (i, try await engine.generate(GenerationRequest(prompt: prompt, parameters: .greedy(maxTokens: 12)))) }
            }
            var all = [[GeneratedSequence]](repeating: [], count: prompts.count)
            for try await (i, r) in group { all[i] = r }
            return all
        }
        for (i, r) in results.enumerated() {
            #expect(r.count == 1)
            #expect(r[0].tokens == expected[i], "prompt \(i)")
            #expect(r[0].finishReason == .length)
            #expect(r[0].text == tokenizer.decode(expected[i], skipSpecialTokens: true))
        }
    }

    @Test("a seeded sampled request gives the same tokens alone and batched with other requests")
    func batchInvariantSampling() async throws {
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 8)
        let parameters = GenerationParameters(temperature: 1.0, seed: 77, maxTokens: 20)
        let request = GenerationRequest(prompt: [9, 8, 7, 6], parameters: parameters, n: 2)
        let alone = try engine.generateBlocking(request).map(\.tokens)
        let crowded = try await withThrowingTaskGroup(of: [[Int]]?.self) { group in
            group.addTask { try await engine.generate(request).map(\.tokens) }
            for k in 0..<5 {
                let other = GenerationRequest(prompt: [k + 1, k + 2], parameters: GenerationParameters(temperature: 0.9, seed: UInt64(k), maxTokens: 7 + k))
                group.addTask { _ = try await engine.generate(other); return nil }
            }
            var mine: [[Int]] = []
            for try await result in group { if let result { mine = result } }
            return mine
        }
        #expect(crowded == alone)
    }

    @Test("n samples: the same seed gives the same samples, different indices differ, another seed differs")
    func seeds() throws {
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 3)
        let parameters = GenerationParameters(temperature: 1.5, seed: 1234, maxTokens: 16)
        let request = GenerationRequest(prompt: [3, 4, 5], parameters: parameters, n: 5)
        let a = try engine.generateBlocking(request)
        let b = try engine.generateBlocking(request)
        #expect(a.map(\.tokens) == b.map(\.tokens))
        #expect(a.map(\.index) == [0, 1, 2, 3, 4])
        #expect(Set(a.map(\.tokens)).count > 1, "five samples at temperature 1.5 should not all be equal")
        var other = parameters
        other.seed = 99
        let c = try engine.generateBlocking(GenerationRequest(prompt: [3, 4, 5], parameters: other, n: 5))
        #expect(c.map(\.tokens) != a.map(\.tokens))
    }

    @Test("end tokens and stop tokens end a sample with 'stop'; max tokens with 'length'")
    func endings() throws {
        let greedy = try referenceGreedy([9, 8, 7], steps: 10)
        let stopAt = greedy[4]
        let firstIndex = greedy.firstIndex(of: stopAt)!
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [stopAt], maxBatch: 2)
        let ended = try engine.generateBlocking(GenerationRequest(prompt: [9, 8, 7], parameters: .greedy(maxTokens: 10)))[0]
        #expect(ended.tokens == Array(greedy[...firstIndex]))
        #expect(ended.finishReason == .stop)

        let plain = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 2)
        var p = GenerationParameters.greedy(maxTokens: 10)
        p.stopTokens = [stopAt]
        let stopped = try plain.generateBlocking(GenerationRequest(prompt: [9, 8, 7], parameters: p))[0]
        #expect(stopped.tokens == Array(greedy[...firstIndex]))
        #expect(stopped.finishReason == .stop)

        let short = try plain.generateBlocking(GenerationRequest(prompt: [9, 8, 7], parameters: .greedy(maxTokens: 3)))[0]
        #expect(short.tokens == Array(greedy.prefix(3)))
        #expect(short.finishReason == .length)
    }

    @Test("a stop string cuts the text before it; streamed deltas add up to the final text")
    func stopStrings() throws {
        let plain = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 2)
        let full = try plain.generateBlocking(GenerationRequest(prompt: [1, 2], parameters: .greedy(maxTokens: 30)))[0].text
        let bytes = Array(full.utf8)
        try #require(bytes.count > 8)
        let stop = String(decoding: bytes[5..<8], as: UTF8.self)
        let cut = full.range(of: stop)!.lowerBound
        var p = GenerationParameters.greedy(maxTokens: 30)
        p.stop = [stop, "this-never-appears"]
        let pieces = DeltaLog()
        let r = try plain.generateBlocking(GenerationRequest(prompt: [1, 2], parameters: p)) { pieces.add($0.text) }[0]
        #expect(r.text == String(full[..<cut]))
        #expect(r.finishReason == .stop)
        #expect(r.stoppedBy == stop)
        #expect(pieces.joined == r.text)
    }

    @Test("refusals: prompt too long, empty prompt, bad parameters, out-of-range token")
    func refusals() throws {
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], contextLength: 16, maxBatch: 2)
        #expect(throws: GenerationError.promptTooLong(tokens: 16, contextLength: 16)) {
            try engine.generateBlocking(GenerationRequest(prompt: Array(repeating: 1, count: 16), parameters: .greedy()))
        }
        #expect(throws: GenerationError.emptyPrompt) { try engine.generateBlocking(GenerationRequest(prompt: [], parameters: .greedy())) }
        var bad = GenerationParameters()
        bad.topP = 0
        #expect(throws: GenerationError.invalidParameter(field: "top_p", value: "0.0", expected: "a number in (0, 1]")) {
            try engine.generateBlocking(GenerationRequest(prompt: [1], parameters: bad))
        }
        #expect(throws: GenerationError.model(.tokenOutOfRange(token: 100, vocabularySize: 100))) {
            try engine.generateBlocking(GenerationRequest(prompt: [100], parameters: .greedy()))
        }
        // A full context ends the sample with 'length' instead of overflowing the cache.
        let r = try engine.generateBlocking(GenerationRequest(prompt: Array(repeating: 1, count: 10), parameters: .greedy(maxTokens: 50)))[0]
        #expect(r.tokens.count == 6)
        #expect(r.finishReason == .length)
    }

    @Test("log-probs equal the log-softmax of the model's logits, alternatives sorted")
    func logprobs() throws {
        let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [], maxBatch: 1)
        var p = GenerationParameters.greedy(maxTokens: 3)
        p.logprobs = true
        p.topLogprobs = 3
        let r = try engine.generateBlocking(GenerationRequest(prompt: [4, 5, 6], parameters: p))[0]
        let cache = model.makeCache(sequences: 1, capacity: 64)
        let logits = try model.forward(.prefill([4, 5, 6]), cache: cache)
        let row = logits.row(0).map(Double.init)
        let m = row.max()!
        let logZ = m + log(row.reduce(0) { $0 + exp($1 - m) })
        let first = try #require(r.logprobs?.first)
        #expect(abs(first.logprob - (row[r.tokens[0]] - logZ)) < 1e-5)
        let order = row.indices.sorted { row[$0] > row[$1] }
        #expect(first.top.map(\.token) == Array(order.prefix(3)))
        #expect(first.top[0].token == r.tokens[0])
    }
}

final class DeltaLog: @unchecked Sendable {
    private let lock = NSLock()
    private var pieces: [String] = []
    func add(_ s: String) { lock.lock(); pieces.append(s); lock.unlock() }
    var joined: String { lock.lock(); defer { lock.unlock() }; return pieces.joined() }
}
