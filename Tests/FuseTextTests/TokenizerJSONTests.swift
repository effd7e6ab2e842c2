import Foundation
import Testing
@testable import FuseText

/// Tokenizers built from `tokenizer.json` (small files trained with HF `tokenizers` by
/// scripts/fixtures/tokenizer_json_oracle.py) give HF's ids and decoded text.
@Suite("tokenizer.json parity with Hugging Face")
struct TokenizerJSONTests {
    struct Oracle: Decodable {
        let indices: [Int]
        let ids: [[Int]]
        let decoded: [String]
    }

    static let pipelines = ["gpt2", "gpt2-prefix", "smollm", "llama3", "qwen2", "llama2", "metaspace", "gemma"]

    static func load(_ name: String) throws -> BPETokenizer {
        let bytes = try Array(Data(contentsOf: TokenizerFixtures.url("json/\(name).tokenizer.json")))
        return try TokenizerLoader.fromHuggingFace(tokenizerJSON: bytes, source: name)
    }

    @Test("ids and decode equal HF tokenizers", arguments: pipelines)
    func parity(name: String) throws {
        let tokenizer = try Self.load(name)
        let oracle = try JSONDecoder().decode(Oracle.self, from: Data(contentsOf: TokenizerFixtures.url("json/\(name).ids.json")))
        var mismatches = 0
        for (k, i) in oracle.indices.enumerated() {
            let text = TokenizerFixtures.corpus[i]
            let ids = tokenizer.encode(text, addSpecialTokens: true)
            let decoded = tokenizer.decode(oracle.ids[k], skipSpecialTokens: false)
            if ids != oracle.ids[k] || decoded != oracle.decoded[k] {
                mismatches += 1
                if mismatches <= 3 { Issue.record("\(name) #\(i) \(String(reflecting: text)): \(ids) vs \(oracle.ids[k])") }
            }
        }
        #expect(mismatches == 0)
    }
}
