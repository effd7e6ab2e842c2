/// How a SentencePiece-style BPE model (Gemma, Llama 2) treats spaces, as Hugging Face describes it
/// with normalizers, a Metaspace pre-tokenizer and decoders.
public struct SentencePieceOptions: Sendable, Equatable {
    /// When the Metaspace pre-tokenizer puts `▁` in front of a piece of text.
    public enum Prepend: String, Sendable {
        case never, first, always
    }

    /// Normalizer `Prepend("▁")`: every non-empty stretch of text between added tokens gets `▁` in front.
    public var normalizerPrependsMeta = false
    /// Normalizer `Replace(" ", "▁")`.
    public var normalizerReplacesSpaces = false
    /// Pre-tokenizer `Metaspace` (spaces become `▁`, `▁` is prepended per `prepend`), or nil if absent.
    public var metaspace: Prepend?
    /// Metaspace `split`: cut words before each `▁`.
    public var metaspaceSplits = false
    /// Characters missing from the vocabulary become `<0xXX>` byte tokens.
    public var byteFallback = true
    /// Consecutive unknown characters become one unknown token.
    public var fuseUnknown = true
    /// Decoding turns runs of `<0xXX>` tokens back into bytes (decoder `ByteFallback`).
    public var decodeByteFallback = true
    /// Decoding drops one leading space (decoder `Strip(" ", 1, 0)` or a Metaspace decoder with a prefix).
    public var decodeStripsLeadingSpace = false

    public init() {}
}
