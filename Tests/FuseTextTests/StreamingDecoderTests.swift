import Testing
@testable import FuseText

/// Streaming decoding: pieces never end inside a UTF-8 character, and together equal `decode`.
@Suite("Streaming decoder")
struct StreamingDecoderTests {
    @Test("pieces are whole characters and concatenate to decode(ids)", arguments: TokenizerFixtures.demoModels)
    func matchesDecode(model: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer(model)
        let oracle = try TokenizerFixtures.oracle(model)
        var mismatches = 0
        for ids in oracle.ids {
            let whole = tokenizer.decode(ids, skipSpecialTokens: false)
            guard !whole.unicodeScalars.contains("\u{FFFD}") else { continue }
            var stream = StreamingDecoder(tokenizer: tokenizer)
            var text = ""
            for id in ids {
                let piece = stream.append(id)
                // A piece is valid text on its own: no replacement character from a split sequence.
                if piece.unicodeScalars.contains("\u{FFFD}") { mismatches += 1 }
                text += piece
            }
            text += stream.finish()
            if text != whole { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("a character split over byte tokens is held back until complete")
    func holdsPartialCharacter() throws {
        let tokenizer = try TokenizerFixtures.tokenizer("gemma-3-270m")
        // U+1F600 as four <0xXX> byte-fallback tokens.
        let ids = [0xF0, 0x9F, 0x98, 0x80].map { tokenizer.id(for: BPETokenizer.byteTokenSpelling($0))! }
        var stream = StreamingDecoder(tokenizer: tokenizer)
        #expect(ids.dropLast().map { stream.append($0) } == ["", "", ""])
        #expect(stream.append(ids[3]) == "\u{1F600}")
        #expect(stream.finish() == "")
    }
}
