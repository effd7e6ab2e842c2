/// Turns text into token ids and back, exactly as the model's reference tokenizer does.
///
/// Implementations are immutable after construction and safe to share between threads.
public protocol Tokenizer: Sendable {
    /// Token ids for `text`; with `addSpecialTokens`, the BOS/EOS ids the model's metadata asks for.
    func encode(_ text: String, addSpecialTokens: Bool) -> [Int]
    /// The text of `ids`; with `skipSpecialTokens`, special tokens (BOS, EOS, control tokens) are left out.
    func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String
    /// The number of token ids (the model's vocabulary size, added tokens included).
    var vocabularySize: Int { get }
    /// The token's spelling in the vocabulary (e.g. `Ġthe`, `▁the`, `<0x0A>`), or nil if `id` is out of range.
    func token(for id: Int) -> String?
    /// The id of a token spelled as in the vocabulary, or nil if there is none.
    func id(for token: String) -> Int?
    /// The model's special token ids.
    var specialTokens: SpecialTokens { get }
}

extension Tokenizer {
    /// Token ids for `text`, with the BOS/EOS ids the model's metadata asks for.
    public func encode(_ text: String) -> [Int] { encode(text, addSpecialTokens: true) }
    /// The text of `ids`, special tokens included.
    public func decode(_ ids: [Int]) -> String { decode(ids, skipSpecialTokens: false) }
    public var bosTokenID: Int? { specialTokens.bos }
    public var eosTokenID: Int? { specialTokens.eos }
    /// The end-of-turn token of chat models (`<|im_end|>`, `<end_of_turn>`, `<|eot_id|>`), if any.
    public var eotTokenID: Int? { specialTokens.eot }
}

/// The special token ids of a model, and whether encoding adds BOS/EOS.
public struct SpecialTokens: Sendable, Equatable {
    public var bos: Int?
    public var eos: Int?
    /// End of turn: the token a chat model ends its answer with (may equal `eos`).
    public var eot: Int?
    public var unknown: Int?
    public var padding: Int?
    public var addBOS: Bool
    public var addEOS: Bool
    /// Ids of every token that is special (control tokens): skipped by `decode(skipSpecialTokens: true)`.
    public var all: Set<Int>

    public init(bos: Int? = nil, eos: Int? = nil, eot: Int? = nil, unknown: Int? = nil, padding: Int? = nil,
                addBOS: Bool = false, addEOS: Bool = false, all: Set<Int> = []) {
        self.bos = bos
        self.eos = eos
        self.eot = eot
        self.unknown = unknown
        self.padding = padding
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.all = all
    }
}
