import Foundation
import FuseFormats
import Testing
@testable import FuseText

/// Missing or invalid tokenizer fields give typed errors naming the field; random mutations of a
/// tokenizer.json never crash or hang.
@Suite("Tokenizer errors and fuzzing")
struct TokenizerErrorTests {
    static let small: [String: MetadataValue] = [
        "tokenizer.ggml.model": .string("gpt2"),
        "tokenizer.ggml.tokens": .array(elementType: 8, values: ["a", "b", "ab"].map { .string($0) }),
        "tokenizer.ggml.merges": .array(elementType: 8, values: [.string("a b")]),
    ]

    @Test("a small GGUF vocabulary encodes with its merge")
    func smallVocabulary() throws {
        let t = try TokenizerLoader.fromGGUF(Self.small)
        #expect(t.encode("abab", addSpecialTokens: false) == [2, 2])
        #expect(t.decode([2, 0]) == "aba")
    }

    @Test("GGUF errors name the field", arguments: [
        ("tokenizer.ggml.model", nil, TokenizerError.missingField(source: "GGUF", field: "tokenizer.ggml.model")),
        ("tokenizer.ggml.tokens", nil, .missingField(source: "GGUF", field: "tokenizer.ggml.tokens")),
        ("tokenizer.ggml.merges", nil, .missingField(source: "GGUF", field: "tokenizer.ggml.merges")),
        ("tokenizer.ggml.model", MetadataValue.uint32(1), .invalidField(source: "GGUF", field: "tokenizer.ggml.model", expected: "a string")),
        ("tokenizer.ggml.model", .string("wpm"), .unsupported(source: "GGUF", field: "tokenizer.ggml.model", value: "wpm")),
        ("tokenizer.ggml.merges", .array(elementType: 8, values: [.string("a c")]),
         .invalidField(source: "GGUF", field: "tokenizer.ggml.merges[0]", expected: "tokens of the vocabulary ('a' + 'c')")),
        ("tokenizer.ggml.bos_token_id", .uint32(7), .invalidField(source: "GGUF", field: "tokenizer.ggml.bos_token_id", expected: "a token id below 3")),
    ] as [(String, MetadataValue?, TokenizerError)])
    func ggufErrors(key: String, value: MetadataValue?, expected: TokenizerError) {
        var metadata = Self.small
        metadata[key] = value
        #expect(throws: expected) { try TokenizerLoader.fromGGUF(metadata) }
    }

    @Test("tokenizer.json errors name the field", arguments: [
        ("{}", TokenizerError.missingField(source: "t.json", field: "model")),
        (#"{"model": {"type": "BPE"}}"#, .missingField(source: "t.json", field: "model.vocab")),
        (#"{"model": {"type": "WordPiece", "vocab": {}}}"#, .unsupported(source: "t.json", field: "model.type", value: "WordPiece")),
        (#"{"model": {"type": "BPE", "vocab": {"a": -1}}}"#, .invalidField(source: "t.json", field: "model.vocab[a]", expected: "a token id")),
        (#"{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a"]}}"#, .invalidField(source: "t.json", field: "model.merges[0]", expected: "two tokens")),
        (#"{"model": {"type": "BPE", "vocab": {}}, "normalizer": {"type": "NFKC"}}"#, .unsupported(source: "t.json", field: "normalizer", value: "NFKC")),
        (#"{"model": {"type": "BPE", "vocab": {}}, "pre_tokenizer": {"type": "Whitespace"}}"#, .unsupported(source: "t.json", field: "pre_tokenizer", value: "Whitespace")),
        (#"{"model": "#, .unreadable(source: "t.json", reason: "invalid JSON: unexpected end at byte 10")),
    ])
    func jsonErrors(text: String, expected: TokenizerError) {
        #expect(throws: expected) { try TokenizerLoader.fromHuggingFace(tokenizerJSON: Array(text.utf8), source: "t.json") }
    }

    /// SplitMix64: a deterministic generator, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("10,000 mutations (5,000 per file) of a tokenizer.json never crash or hang", arguments: ["gpt2", "llama2"])
    func fuzz(name: String) throws {
        let original = try Array(Data(contentsOf: TokenizerFixtures.url("json/\(name).tokenizer.json")))
        var rng = SplitMix(state: name == "gpt2" ? 1 : 2)
        let pieces: [[UInt8]] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "-1", "999999999", "null", "true", "\"\\ud800\"",
                                 "\"Sequence\"", "\"ByteLevel\"", "\"Metaspace\"", " ", "0"].map { Array($0.utf8) }
        var loaded = 0
        for _ in 0..<5_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &rng)))
                case 2: bytes.insert(contentsOf: pieces.randomElement(using: &rng)!, at: at)
                case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 200)], at: Int.random(in: 0..<bytes.count, using: &rng))
                default: bytes.removeSubrange(at...)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            guard let tokenizer = try? TokenizerLoader.fromHuggingFace(tokenizerJSON: bytes) else { continue }
            loaded += 1
            for text in ["Hello world <|im_end|> 123", "  \n\t x", "日本語 🙂", ""] {
                _ = tokenizer.decode(tokenizer.encode(text, addSpecialTokens: true), skipSpecialTokens: true)
            }
        }
        // Some mutations must leave a loadable file, or the encode path is not being fuzzed.
        #expect(loaded > 20)
    }
}
