/// A BPE tokenizer equal to Hugging Face `tokenizers`' BPE model with its pipeline: added tokens
/// matched first, then normalization and pre-tokenization, then merges by rank.
///
/// Two families: byte-level BPE (GPT-2 alphabet; SmolLM, Qwen2, Llama 3) and SentencePiece-style
/// BPE over characters with byte fallback (Gemma, Llama 2). Build one with `TokenizerLoader`.
public final class BPETokenizer: Tokenizer {
    /// The tokenizer family and its text pipeline.
    public enum Kind: Sendable, Equatable {
        case byteLevel(PreTokenizer, addPrefixSpace: Bool)
        case sentencePiece(SentencePieceOptions)
    }

    public let kind: Kind
    /// Normalizer `NFC` (Qwen2): each stretch of text between raw-matched added tokens is put in
    /// Unicode normalization form C before anything else.
    public let normalizesNFC: Bool
    public let specialTokens: SpecialTokens
    public let addedTokens: [AddedToken]
    /// Spelling of each id in the vocabulary (byte-level: GPT-2 alphabet; SentencePiece: with `▁`).
    let vocabulary: [String]
    let ids: TokenIndex
    let merges: MergeTable
    let rawAdded: AddedTokenMatcher
    let normalizedAdded: AddedTokenMatcher
    /// What each id decodes to (SentencePiece: `▁` already turned into a space).
    let decodedBytes: [[UInt8]]
    /// SentencePiece: the byte of a `<0xXX>` token, else -1.
    let byteOfToken: [Int16]
    /// Byte-level: the token of each single byte; SentencePiece: the `<0xXX>` fallback tokens (-1 if absent).
    let byteTokens: [Int32]
    /// SentencePiece: the token of each single BMP scalar (-1 if absent), and of the others.
    let bmpTokens: [Int32]
    let astralTokens: [UInt32: Int32]
    let unknownID: Int32
    /// HF `ignore_merges`: a word that is itself a token is not merged (byte-level only).
    let wholeWords: TokenIndex?

    public var vocabularySize: Int { vocabulary.count }

    /// - Parameters:
    ///   - vocabulary: the BPE vocabulary, spelled as the model stores it; added tokens that are not in it get ids after it.
    ///   - ids: spelling -> id as the BPE model looks tokens up (the last id wins for a repeated spelling).
    ///   - merges: the ranked merges over ids.
    ///   - normalizesNFC: the normalizer starts with `NFC`.
    init(kind: Kind, vocabulary: [String], ids: TokenIndex, merges: MergeTable, added: [AddedToken],
         special: SpecialTokens, ignoreMerges: Bool = false, normalizesNFC: Bool = false) {
        self.kind = kind
        self.normalizesNFC = normalizesNFC
        self.vocabulary = vocabulary
        self.ids = ids
        self.merges = merges
        self.addedTokens = added
        rawAdded = AddedTokenMatcher(added.filter { !$0.normalized })
        var normalized = added.filter(\.normalized)
        if normalizesNFC {
            for i in normalized.indices { normalized[i].content = UnicodeNFC.normalize(normalized[i].content) }
        }
        if case .sentencePiece(let o) = kind, o.normalizerReplacesSpaces {
            for i in normalized.indices { normalized[i].content = normalized[i].content.replacingSpaces() }
        }
        normalizedAdded = AddedTokenMatcher(normalized)
        var specials = special
        specials.all.formUnion(added.filter(\.special).map(\.id))
        if specials.eot == nil {
            specials.eot = TokenizerLoader.endOfTurnSpellings.lazy.compactMap { ids.find($0) }.first ?? special.eos
        }
        specialTokens = specials
        unknownID = Int32(special.unknown ?? -1)

        var byteOf = [Int16](repeating: -1, count: vocabulary.count)
        var bytes = [Int32](repeating: -1, count: 256)
        var bmp = [Int32]()
        var astral = [UInt32: Int32]()
        switch kind {
        case .byteLevel:
            let decoded = vocabulary.map { ByteLevelAlphabet.bytes(ofSpelling: $0) ?? Array($0.utf8) }
            decodedBytes = decoded
            // Raw bytes -> id, only for spellings the BPE vocabulary itself resolves to.
            wholeWords = ignoreMerges ? TokenIndex(bytes: vocabulary.indices.map { ids.find(vocabulary[$0]) == $0 ? decoded[$0] : [] }) : nil
            for b in 0..<256 { bytes[b] = Int32(ids.find(ByteLevelAlphabet.spelling(of: [UInt8(b)])) ?? -1) }
        case .sentencePiece(let o):
            wholeWords = nil
            decodedBytes = vocabulary.map { Array($0.replacingMeta().utf8) }
            if o.decodeByteFallback {
                for (id, t) in vocabulary.enumerated() { byteOf[id] = BPETokenizer.byteValue(ofByteToken: t) }
            }
            for b in 0..<256 { bytes[b] = Int32(ids.find(BPETokenizer.byteTokenSpelling(UInt8(b))) ?? -1) }
            bmp = [Int32](repeating: -1, count: 0x10000)
            for (id, t) in vocabulary.enumerated() {
                let scalars = t.unicodeScalars
                guard scalars.count == 1, let s = scalars.first, ids.find(t) == id else { continue }
                if s.value < 0x10000 { bmp[Int(s.value)] = Int32(id) } else { astral[s.value] = Int32(id) }
            }
        }
        byteOfToken = byteOf
        byteTokens = bytes
        bmpTokens = bmp
        astralTokens = astral
    }

    /// `<0xXX>` with upper-case hex digits, as SentencePiece spells byte tokens.
    static func byteTokenSpelling(_ b: UInt8) -> String {
        let hex = Array("0123456789ABCDEF")
        return "<0x\(hex[Int(b >> 4)])\(hex[Int(b & 15)])>"
    }

    /// The byte a `<0xXX>` token stands for (HF `ByteFallback`: 6 characters, hex digits), or -1.
    static func byteValue(ofByteToken t: String) -> Int16 {
        let u = Array(t.utf8)
        guard u.count == 6, u[0] == 0x3C, u[1] == 0x30, u[2] == 0x78, u[5] == 0x3E,
              let v = UInt8(String(decoding: u[3...4], as: UTF8.self), radix: 16) else { return -1 }
        return Int16(v)
    }

    public func token(for id: Int) -> String? { id >= 0 && id < vocabulary.count ? vocabulary[id] : nil }

    public func id(for token: String) -> Int? { ids.find(token) ?? addedTokens.last { $0.content == token }?.id }

    // MARK: Encoding

    public func encode(_ text: String, addSpecialTokens: Bool) -> [Int] {
        var out = [Int]()
        out.reserveCapacity(text.utf8.count / 3 + 2)
        if addSpecialTokens && specialTokens.addBOS, let bos = specialTokens.bos { out.append(bos) }
        var text = text
        var scratch = Scratch()
        text.withUTF8 { buf in
            var pieces = [AddedTokenMatcher.Piece]()
            rawAdded.split(buf, into: &pieces)
            for piece in pieces {
                switch piece {
                case .token(let id): out.append(id)
                case .text(let range):
                    encodeSegment(UnsafeBufferPointer(rebasing: buf[range]), atStart: range.lowerBound == 0,
                                  into: &out, &scratch)
                }
            }
        }
        if addSpecialTokens && specialTokens.addEOS, let eos = specialTokens.eos { out.append(eos) }
        return out
    }

    /// Reusable buffers for one `encode` call.
    struct Scratch {
        var bytes = [UInt8]()
        var scalars = [UInt32]()
        var classes = [UInt8]()
        var offsets = [Int32]()
        var ends = [Int32]()
        var symbols = [Int32]()
    }

    /// Text between raw-matched added tokens: normalize, match normalized added tokens, then the model.
    private func encodeSegment(_ segment: UnsafeBufferPointer<UInt8>, atStart: Bool, into out: inout [Int],
                               _ s: inout Scratch) {
        if normalizesNFC && UnicodeNFC.mayChange(segment) {
            let nfc = UnicodeNFC.normalize(segment)
            nfc.withUnsafeBufferPointer { encodeNormalizedSegment($0, atStart: atStart, into: &out, &s) }
        } else {
            encodeNormalizedSegment(segment, atStart: atStart, into: &out, &s)
        }
    }

    /// `encodeSegment` after the `NFC` normalizer step (if any).
    private func encodeNormalizedSegment(_ segment: UnsafeBufferPointer<UInt8>, atStart: Bool, into out: inout [Int],
                                         _ s: inout Scratch) {
        switch kind {
        case .byteLevel(let pre, let addPrefixSpace):
            s.bytes.removeAll(keepingCapacity: true)
            if addPrefixSpace && segment.first != 0x20 { s.bytes.append(0x20) }
            s.bytes.append(contentsOf: segment)
            withNormalizedPieces(&s, into: &out) { piece, _, s, out in encodeByteLevel(piece, pre, into: &out, &s) }
        case .sentencePiece(let o):
            s.bytes.removeAll(keepingCapacity: true)
            if o.normalizerPrependsMeta && !segment.isEmpty { s.bytes.append(contentsOf: BPETokenizer.metaUTF8) }
            for b in segment {
                if b == 0x20 && o.normalizerReplacesSpaces { s.bytes.append(contentsOf: BPETokenizer.metaUTF8) } else { s.bytes.append(b) }
            }
            withNormalizedPieces(&s, into: &out) { piece, first, s, out in
                encodeSentencePiece(piece, o, atStart: atStart && first, into: &out, &s)
            }
        }
    }

    /// Splits `s.bytes` (normalized text) on normalized added tokens, appending their ids; calls
    /// `body(piece, startsSegment, &s, &out)` for each stretch of text between them.
    private func withNormalizedPieces(_ s: inout Scratch, into out: inout [Int],
                                      _ body: (UnsafeBufferPointer<UInt8>, Bool, inout Scratch, inout [Int]) -> Void) {
        let bytes = s.bytes
        bytes.withUnsafeBufferPointer { buf in
            if normalizedAdded.isEmpty { body(buf, true, &s, &out); return }
            var pieces = [AddedTokenMatcher.Piece]()
            normalizedAdded.split(buf, into: &pieces)
            for piece in pieces {
                switch piece {
                case .token(let id): out.append(id)
                case .text(let r): body(UnsafeBufferPointer(rebasing: buf[r]), r.lowerBound == 0, &s, &out)
                }
            }
        }
    }

    static let metaUTF8: [UInt8] = [0xE2, 0x96, 0x81]

    /// Byte-level BPE of one piece: pre-tokenize into words, then merge each word's bytes.
    private func encodeByteLevel(_ piece: UnsafeBufferPointer<UInt8>, _ pre: PreTokenizer, into out: inout [Int],
                                 _ s: inout Scratch) {
        decodeScalars(piece, &s)
        s.ends.removeAll(keepingCapacity: true)
        let n = s.scalars.count
        s.scalars.withUnsafeBufferPointer { sc in
            s.classes.withUnsafeBufferPointer { cl in pre.split(sc, cl, from: 0, to: n, into: &s.ends) }
        }
        var start = 0
        for e in s.ends {
            let from = Int(s.offsets[start]), to = Int(s.offsets[Int(e)])
            s.symbols.removeAll(keepingCapacity: true)
            if let wholeWords, let id = wholeWords.find(UnsafeBufferPointer(rebasing: piece[from..<to])) {
                out.append(id)
                start = Int(e)
                continue
            }
            for i in from..<to {
                let t = byteTokens[Int(piece[i])]
                if t >= 0 { s.symbols.append(t) }
            }
            BPEMerger.merge(&s.symbols, merges)
            for t in s.symbols { out.append(Int(t)) }
            start = Int(e)
        }
    }

    /// Fills `s.scalars`, `s.classes` and `s.offsets` (byte offset of each scalar, plus the end).
    private func decodeScalars(_ piece: UnsafeBufferPointer<UInt8>, _ s: inout Scratch) {
        s.scalars.removeAll(keepingCapacity: true)
        s.classes.removeAll(keepingCapacity: true)
        s.offsets.removeAll(keepingCapacity: true)
        var i = 0
        while i < piece.count {
            let (v, len) = UTF8Scan.decodeValue(piece, i)
            s.scalars.append(v)
            s.classes.append(ScalarClass.of(v))
            s.offsets.append(Int32(i))
            i += len
        }
        s.offsets.append(Int32(i))
    }

    /// SentencePiece-style BPE of one piece: Metaspace, then symbols per character (byte fallback), merges.
    private func encodeSentencePiece(_ piece: UnsafeBufferPointer<UInt8>, _ o: SentencePieceOptions, atStart: Bool,
                                     into out: inout [Int], _ s: inout Scratch) {
        s.scalars.removeAll(keepingCapacity: true)
        var i = 0
        while i < piece.count {
            let (v, len) = UTF8Scan.decodeValue(piece, i)
            s.scalars.append(o.metaspace != nil && v == 0x20 ? 0x2581 : v)
            i += len
        }
        if let prepend = o.metaspace, s.scalars.first != 0x2581,
           prepend == .always || (prepend == .first && atStart) {
            s.scalars.insert(0x2581, at: 0)
        }
        var start = 0
        let n = s.scalars.count
        for end in 1...max(n, 1) where end == n || (o.metaspaceSplits && s.scalars[end] == 0x2581) {
            if end > start { encodeWord(start..<end, o, into: &out, &s) }
            start = end
        }
    }

    private func encodeWord(_ range: Range<Int>, _ o: SentencePieceOptions, into out: inout [Int], _ s: inout Scratch) {
        s.symbols.removeAll(keepingCapacity: true)
        var pendingUnknown = false
        for k in range {
            let v = s.scalars[k]
            let t = v < 0x10000 ? bmpTokens[Int(v)] : (astralTokens[v] ?? -1)
            if t >= 0 {
                if pendingUnknown { s.symbols.append(unknownID); pendingUnknown = false }
                s.symbols.append(t)
                continue
            }
            if o.byteFallback, appendByteFallback(v, &s.symbols) { continue }
            guard unknownID >= 0 else { continue }
            if pendingUnknown && !o.fuseUnknown { s.symbols.append(unknownID) }
            pendingUnknown = true
        }
        if pendingUnknown { s.symbols.append(unknownID) }
        BPEMerger.merge(&s.symbols, merges)
        for t in s.symbols { out.append(Int(t)) }
    }

    /// Appends the `<0xXX>` tokens of the scalar's UTF-8 bytes if all exist.
    private func appendByteFallback(_ v: UInt32, _ symbols: inout [Int32]) -> Bool {
        let utf8 = Array(String(Unicode.Scalar(v)!).utf8)
        for b in utf8 where byteTokens[Int(b)] < 0 { return false }
        for b in utf8 { symbols.append(byteTokens[Int(b)]) }
        return true
    }

    // MARK: Decoding

    public func decode(_ ids: [Int], skipSpecialTokens: Bool) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(ids.count * 4)
        switch kind {
        case .byteLevel:
            for id in ids where id >= 0 && id < decodedBytes.count {
                if skipSpecialTokens && specialTokens.all.contains(id) { continue }
                bytes.append(contentsOf: decodedBytes[id])
            }
            return String(decoding: bytes, as: UTF8.self)
        case .sentencePiece(let o):
            var pending = [UInt8]()
            func flush() {
                guard !pending.isEmpty else { return }
                if String(validating: pending, as: UTF8.self) != nil {
                    bytes.append(contentsOf: pending)
                } else {
                    for _ in pending { bytes.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
                }
                pending.removeAll()
            }
            for id in ids where id >= 0 && id < decodedBytes.count {
                if skipSpecialTokens && specialTokens.all.contains(id) { continue }
                if byteOfToken[id] >= 0 {
                    pending.append(UInt8(byteOfToken[id]))
                } else {
                    flush()
                    bytes.append(contentsOf: decodedBytes[id])
                }
            }
            flush()
            if o.decodeStripsLeadingSpace && bytes.first == 0x20 { bytes.removeFirst() }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The raw bytes one token contributes to decoded text (a `<0xXX>` token: its byte).
    public func bytes(of id: Int) -> [UInt8] {
        guard id >= 0 && id < decodedBytes.count else { return [] }
        if byteOfToken.count > id && byteOfToken[id] >= 0 { return [UInt8(byteOfToken[id])] }
        return decodedBytes[id]
    }
}

extension String {
    /// `▁` (U+2581) for every space, as SentencePiece spells them.
    func replacingSpaces() -> String { String(String.UnicodeScalarView(unicodeScalars.map { $0 == " " ? "\u{2581}" : $0 })) }
    /// A space for every `▁`.
    func replacingMeta() -> String { String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{2581}" ? " " : $0 })) }
}
