import Foundation
import FuseFormats
import FuseText
import Testing
@testable import FuseModels

@Suite("Toolchain command parts: conversation files, JSONL tokenization, id checks")
struct ToolchainPartsTests {
    @Test("a conversation file is a list of messages or an object with messages and tools")
    func conversationForms() throws {
        let list = try ChatConversation(json: #"[{"role": "user", "content": "Hi", "name": "bob"}]"#, source: "m.json")
        #expect(list.messages.count == 1 && list.tools == nil)
        guard case .object(let message) = list.messages[0] else { Issue.record("not an object"); return }
        #expect(message.keys == ["role", "content", "name"])
        let object = try ChatConversation(json: #"{"messages": [{"role": "user", "content": "Hi"}], "tools": [{"type": "function"}]}"#, source: "m.json")
        #expect(object.messages.count == 1 && object.tools?.count == 1)
    }

    @Test("malformed conversation files are rejected with the file name", arguments: [
        "[{\"role\": \"user\",}]", "{\"msgs\": []}", "[{\"content\": \"no role\"}]", "[\"text\"]", "{\"messages\": [], \"tools\": 3}", "3",
    ])
    func conversationErrors(_ text: String) {
        do { _ = try ChatConversation(json: text, source: "m.json"); Issue.record("accepted \(text)") } catch {
            #expect(error.description.hasPrefix("m.json: "))
        }
    }

    /// SmolLM2's tokenizer (a demo model; `fusechat models fetch` puts it in the cache).
    static func smolTokenizer() throws -> BPETokenizer {
        try ModelFiles.open("smollm2-135m-instruct").tokenizer()
    }

    @Test("a JSONL line holding a JSON string tokenizes like the string itself; anything else names the line")
    func jsonLines() throws {
        let tokenizer = try Self.smolTokenizer()
        let direct = TokenizedText("héllo\nworld", tokenizer: tokenizer, addSpecialTokens: true)
        let fromLine = try TokenizedText(jsonLine: #""h\u00e9llo\nworld""#, lineNumber: 1, tokenizer: tokenizer, addSpecialTokens: true)
        #expect(fromLine == direct)
        #expect(try JSONParser.parse(direct.json) == .object(["ids": .array(direct.ids.map(JSONValue.int)), "pieces": .array(direct.pieces.map(JSONValue.string))]))
        #expect(direct.json.hasPrefix("{\"ids\":["))
        for bad in ["hello", "3", "[\"a\"]", "\"unterminated"] {
            #expect(throws: TokenToolsError.self) { try TokenizedText(jsonLine: bad, lineNumber: 7, tokenizer: tokenizer, addSpecialTokens: true) }
            do { _ = try TokenizedText(jsonLine: bad, lineNumber: 7, tokenizer: tokenizer, addSpecialTokens: true) } catch {
                #expect(error.description.hasPrefix("line 7: "))
            }
        }
    }

    @Test("detokenizing checks ids against the vocabulary and gives the tokenizer's text")
    func detokenize() throws {
        let tokenizer = try Self.smolTokenizer()
        let ids = tokenizer.encode("the quick brown fox", addSpecialTokens: false)
        #expect(try TokenizedText.decode(ids, tokenizer: tokenizer, skipSpecialTokens: false) == "the quick brown fox")
        #expect(throws: TokenToolsError.idOutOfRange(id: tokenizer.vocabularySize, vocabularySize: tokenizer.vocabularySize)) {
            try TokenizedText.decode([1, tokenizer.vocabularySize], tokenizer: tokenizer, skipSpecialTokens: false)
        }
        #expect(throws: TokenToolsError.idOutOfRange(id: -1, vocabularySize: tokenizer.vocabularySize)) {
            try TokenizedText.decode([-1], tokenizer: tokenizer, skipSpecialTokens: false)
        }
    }
}
