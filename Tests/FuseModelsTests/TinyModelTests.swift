import FuseModels
import Testing

/// Invariants of the forward pass and the KV cache on tiny random models built in code: the same
/// tokens give the same logits however they are split into prefill chunks, decode steps and
/// batches of sequences.
@Suite("Tiny random models: caching and batching invariants")
struct TinyModelTests {
    static let architectures = ["llama", "qwen2", "gemma3"]
    static let tokens = [3, 17, 42, 99, 0, 56, 23, 8, 71, 15, 64, 30, 2, 88, 47, 5, 91, 36, 12, 77]
    static let tolerance: Float = 1e-4

    /// Logits of every position from one prefill of all tokens.
    static func fullLogits(_ model: any LanguageModel, _ tokens: [Int]) throws -> Logits {
        let cache = KVCache(configuration: model.configuration, sequences: 1, capacity: 64)
        return try model.forward(.prefill(tokens, allLogits: true), cache: cache)
    }

    static func maxDifference(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test("a full prefill returns one row of vocabulary-size logits per token", arguments: architectures)
    func shapes(architecture: String) throws {
        let model = try TinyModel.make(architecture)
        let logits = try Self.fullLogits(model, Self.tokens)
        #expect(logits.rows == Self.tokens.count)
        #expect(logits.vocabularySize == 100)
        #expect(logits.values.allSatisfy { $0.isFinite })
        let cache = model.makeCache(capacity: 64)
        let last = try model.forward(.prefill(Self.tokens), cache: cache)
        #expect(last.rows == 1)
        #expect(cache.length(of: 0) == Self.tokens.count)
    }

    @Test("decoding token by token with the cache equals recomputing the whole sequence", arguments: architectures)
    func cachedDecodeEqualsRecompute(architecture: String) throws {
        let model = try TinyModel.make(architecture)
        let full = try Self.fullLogits(model, Self.tokens)
        let cache = model.makeCache(capacity: 64)
        var worst: Float = 0
        let prefix = 3
        let first = try model.forward(.prefill(Array(Self.tokens[..<prefix]), allLogits: true), cache: cache)
        for p in 0..<prefix { worst = max(worst, Self.maxDifference(first.row(p), full.row(p))) }
        for p in prefix..<Self.tokens.count {
            let step = try model.forward(.decode([Self.tokens[p]], sequences: [0], positions: [p]), cache: cache)
            worst = max(worst, Self.maxDifference(step.row(0), full.row(p)))
        }
        #expect(worst < Self.tolerance, "max |Δlogit| \(worst)")
    }

    @Test("prefill in small chunks (sliding-window buffers shifting) equals one prefill", arguments: architectures)
    func chunkedPrefill(architecture: String) throws {
        let model = try TinyModel.make(architecture)
        let full = try Self.fullLogits(model, Self.tokens)
        let cache = KVCache(configuration: model.configuration, sequences: 1, capacity: 64, chunk: 3)
        let chunked = try model.forward(.prefill(Self.tokens, allLogits: true), cache: cache)
        #expect(Self.maxDifference(chunked.values[...], full.values[...]) < Self.tolerance)
    }

    @Test("batched decoding of several sequences equals decoding each alone", arguments: architectures)
    func batchedDecode(architecture: String) throws {
        let model = try TinyModel.make(architecture)
        let prompts = [Array(Self.tokens[0..<4]), Array(Self.tokens[4..<11]), Array(Self.tokens[11..<13])]
        let next = [[9, 19, 29, 39, 49, 59, 69], [1, 2, 3, 4, 5, 6, 7], [98, 97, 96, 95, 94, 93, 92]]
        let batched = model.makeCache(sequences: 3, capacity: 64)
        var batchedRows: [[ArraySlice<Float>]] = [[], [], []]
        for (s, prompt) in prompts.enumerated() {
            _ = try model.forward(.prefill(prompt, sequence: s), cache: batched)
        }
        for step in 0..<7 {
            let logits = try model.forward(
                .decode(next.map { $0[step] }, sequences: [0, 1, 2], positions: prompts.map { $0.count + step }),
                cache: batched)
            for s in 0..<3 { batchedRows[s].append(logits.row(s)) }
        }
        for s in 0..<3 {
            let alone = try Self.fullLogits(model, prompts[s] + next[s])
            for step in 0..<7 {
                let d = Self.maxDifference(batchedRows[s][step], alone.row(prompts[s].count + step))
                #expect(d < Self.tolerance, "sequence \(s) step \(step): max |Δlogit| \(d)")
            }
        }
    }

    @Test("the sliding window changes Gemma 3's logits once the sequence is longer than the window")
    func slidingWindowMatters() throws {
        let windowed = try TinyModel.make("gemma3")
        var config = TinyModel.configuration("gemma3")
        // Same layers and RoPE bases, only the window made wider than the sequence.
        config.slidingWindow = 10_000
        let logitsWindowed = try Self.fullLogits(windowed, Self.tokens)
        let global = try TinyModel.make(configuration: config)
        let logitsGlobal = try Self.fullLogits(global, Self.tokens)
        // Positions inside the window (0..<5) see the same keys either way; later ones do not.
        #expect(Self.maxDifference(logitsWindowed.values[..<(5 * 100)], logitsGlobal.values[..<(5 * 100)]) < Self.tolerance)
        #expect(Self.maxDifference(logitsWindowed.row(19), logitsGlobal.row(19)) > 1e-3)
    }

    @Test("a resetted slot gives the same logits as a fresh cache")
    func resetSlot() throws {
        let model = try TinyModel.make("llama")
        let cache = model.makeCache(sequences: 2, capacity: 64)
        _ = try model.forward(.prefill([5, 6, 7, 8], sequence: 1), cache: cache)
        cache.reset(sequence: 1)
        #expect(cache.length(of: 1) == 0)
        let again = try model.forward(.prefill(Self.tokens, sequence: 1, allLogits: true), cache: cache)
        let fresh = try Self.fullLogits(model, Self.tokens)
        #expect(Self.maxDifference(again.values[...], fresh.values[...]) == 0)
    }

    @Test("bad batches are refused with a typed error")
    func refusals() throws {
        let model = try TinyModel.make("llama")
        let cache = model.makeCache(sequences: 1, capacity: 8)
        #expect(throws: ModelError.tokenOutOfRange(token: 100, vocabularySize: 100)) {
            try model.forward(.prefill([100]), cache: cache)
        }
        #expect(throws: ModelError.positionMismatch(sequence: 0, expected: 0, found: 2)) {
            try model.forward(.decode([1], sequences: [0], positions: [2]), cache: cache)
        }
        #expect(throws: ModelError.sequenceOutOfRange(sequence: 1, slots: 1)) {
            try model.forward(.decode([1], sequences: [1], positions: [0]), cache: cache)
        }
        #expect(throws: ModelError.contextFull(sequence: 0, capacity: 8)) {
            try model.forward(.prefill(Array(Self.tokens[..<9])), cache: cache)
        }
        #expect(cache.length(of: 0) == 0)
    }
}
