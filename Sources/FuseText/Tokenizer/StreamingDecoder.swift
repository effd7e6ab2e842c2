/// Decodes token ids one at a time, as a model generates them, into text pieces that never end in
/// half a UTF-8 character: bytes of an incomplete character are held until the rest arrives.
///
/// The concatenation of all pieces plus `finish()` equals `tokenizer.decode(ids)` whenever that text
/// contains no U+FFFD (invalid byte sequences may be replaced differently).
public struct StreamingDecoder: Sendable {
    public let tokenizer: BPETokenizer
    public let skipSpecialTokens: Bool
    private var pending: [UInt8] = []
    private var atStart = true

    public init(tokenizer: BPETokenizer, skipSpecialTokens: Bool = false) {
        self.tokenizer = tokenizer
        self.skipSpecialTokens = skipSpecialTokens
    }

    /// Adds one token; returns the text that is now complete (often empty, e.g. mid-character).
    public mutating func append(_ id: Int) -> String {
        if skipSpecialTokens && tokenizer.specialTokens.all.contains(id) { return "" }
        pending.append(contentsOf: tokenizer.bytes(of: id))
        if atStart, !pending.isEmpty {
            atStart = false
            if case .sentencePiece(let o) = tokenizer.kind, o.decodeStripsLeadingSpace, pending.first == 0x20 {
                pending.removeFirst()
            }
        }
        let complete = UTF8Scan.completePrefixLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is still held back (an unfinished character becomes U+FFFD) and resets.
    public mutating func finish() -> String {
        defer { pending.removeAll(); atStart = true }
        return String(decoding: pending, as: UTF8.self)
    }
}
