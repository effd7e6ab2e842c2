import Foundation
import Testing
@testable import FuseText

/// Token ids and decoded text against Hugging Face (`transformers` loading the same GGUF; SmolLM2
/// with its original digit-splitting pre-tokenizer), for every corpus string and demo model.
@Suite("Tokenizer parity with Hugging Face")
struct TokenizerParityTests {
    @Test("corpus has at least 2,000 strings")
    func corpusSize() {
        #expect(TokenizerFixtures.corpus.count >= 2000)
    }

    @Test("ids identical to HF for every corpus string", arguments: TokenizerFixtures.demoModels)
    func ids(model: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer(model)
        let oracle = try TokenizerFixtures.oracle(model)
        let corpus = TokenizerFixtures.corpus
        try #require(oracle.ids.count == corpus.count)
        var mismatches = 0
        for (i, text) in corpus.enumerated() {
            let ids = tokenizer.encode(text, addSpecialTokens: true)
            if ids != oracle.ids[i] {
                mismatches += 1
                if mismatches <= 5 {
                    let firstDiff = zip(ids, oracle.ids[i]).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(ids.count, oracle.ids[i].count)
                    Issue.record("""
                        \(model) #\(i) \(String(reflecting: String(text.prefix(120)))): first difference at \(firstDiff)
                        got  \(Array(ids[max(0, firstDiff - 3)..<min(ids.count, firstDiff + 6)]))
                        want \(Array(oracle.ids[i][max(0, firstDiff - 3)..<min(oracle.ids[i].count, firstDiff + 6)]))
                        """)
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(corpus.count) strings differ for \(model)")
    }

    @Test("decode(ids) equals HF's decode, with and without special tokens", arguments: TokenizerFixtures.demoModels)
    func decode(model: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer(model)
        let oracle = try TokenizerFixtures.oracle(model)
        var mismatches = 0
        for (i, text) in TokenizerFixtures.corpus.enumerated() {
            let ids = Array(oracle.ids[i].dropFirst(oracle.prefix))
            let full = tokenizer.decode(ids, skipSpecialTokens: false)
            let skipped = tokenizer.decode(ids, skipSpecialTokens: true)
            let wantFull = oracle.decoded[String(i)] ?? text
            let wantSkipped = oracle.decoded_skip[String(i)] ?? text
            if full != wantFull || skipped != wantSkipped {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(model) #\(i): got \(String(reflecting: full)) / \(String(reflecting: skipped)), want \(String(reflecting: wantFull)) / \(String(reflecting: wantSkipped))")
                }
            }
        }
        #expect(mismatches == 0)
    }
}
