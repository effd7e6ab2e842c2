import FuseFormats
import FuseText

/// Token ids of a text with their vocabulary spellings (`Ġthe`, `▁the`, `<0x0A>`: what
/// `tokenizer.convert_ids_to_tokens` gives), for `fusechat tokenize`.
public struct TokenizedText: Sendable, Equatable {
    public let ids: [Int]
    public let pieces: [String]

    /// Tokenizes `text`; with `addSpecialTokens`, the BOS/EOS the model's files ask for are added.
    public init(_ text: String, tokenizer: BPETokenizer, addSpecialTokens: Bool) {
        ids = tokenizer.encode(text, addSpecialTokens: addSpecialTokens)
        pieces = ids.map { tokenizer.token(for: $0) ?? "" }
    }

    /// Tokenizes one line of a JSONL stream, which must hold a JSON string.
    public init(jsonLine line: String, lineNumber: Int, tokenizer: BPETokenizer, addSpecialTokens: Bool) throws(TokenToolsError) {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw .notAJSONString(line: lineNumber, detail: error.description) }
        guard case .string(let text) = value else {
            throw .notAJSONString(line: lineNumber, detail: "found \(value)")
        }
        self.init(text, tokenizer: tokenizer, addSpecialTokens: addSpecialTokens)
    }

    /// `{"ids":[...],"pieces":[...]}` on one line.
    public var json: String {
        JSONWriter.compact(.object(["ids": .array(ids.map(JSONValue.int)), "pieces": .array(pieces.map(JSONValue.string))]))
    }

    /// The text of `ids`, after checking each id is in the vocabulary.
    public static func decode(_ ids: [Int], tokenizer: BPETokenizer, skipSpecialTokens: Bool) throws(TokenToolsError) -> String {
        if let bad = ids.first(where: { $0 < 0 || $0 >= tokenizer.vocabularySize }) {
            throw .idOutOfRange(id: bad, vocabularySize: tokenizer.vocabularySize)
        }
        return tokenizer.decode(ids, skipSpecialTokens: skipSpecialTokens)
    }
}

/// Why a tokenize or detokenize request cannot be served.
public enum TokenToolsError: Error, CustomStringConvertible, Equatable {
    /// A JSONL input line is not a JSON string.
    case notAJSONString(line: Int, detail: String)
    /// A token id outside the vocabulary.
    case idOutOfRange(id: Int, vocabularySize: Int)

    public var description: String {
        switch self {
        case .notAJSONString(let line, let detail):
            return "line \(line): expected a JSON string such as \"some text\": \(detail)"
        case .idOutOfRange(let id, let size):
            return "token id \(id) is outside the vocabulary (valid ids: 0...\(size - 1))"
        }
    }
}
