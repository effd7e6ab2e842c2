import FuseFormats

extension TokenizerLoader {
    /// The Hugging Face GGUF pre-tokenizer names (`tokenizer.ggml.pre`) and the split each stands for.
    /// SmolLM and StarCoder follow their original recipe (digits split individually, then GPT-2);
    /// see docs/tokenizers.md for why this differs from `transformers`' GGUF conversion.
    static let byteLevelPreTokenizers: [String: PreTokenizer] = {
        var map: [String: PreTokenizer] = ["gpt2": .gpt2, "default": .gpt2, "smollm": .digitsThenGPT2,
                                           "starcoder": .digitsThenGPT2, "refact": .digitsThenGPT2]
        for name in ["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
                     "jina-v5-nano", "dbrx", "smaug-bpe"] { map[name] = .llama3 }
        for name in ["qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez"] { map[name] = .qwen2 }
        return map
    }()

    /// Pre-tokenizer names whose regex this implementation does not reproduce.
    static let unsupportedPreTokenizers: Set<String> = ["tekken", "qwen35", "gpt-4o", "llama4", "kanana2", "talkie",
                                                        "minimax-m2"]

    /// Builds the tokenizer a GGUF file describes (keys `tokenizer.ggml.*`), the way `transformers`
    /// converts it (`AutoTokenizer.from_pretrained(folder, gguf_file=...)`), except where that
    /// conversion departs from the model's original tokenizer (docs/tokenizers.md): SmolLM/StarCoder
    /// split digits first, Qwen2 normalizes to NFC, Gemma matches its runs of spaces whole.
    ///
    /// - Parameter source: names the file in error messages.
    public static func fromGGUF(_ metadata: [String: MetadataValue], source: String = "GGUF") throws(TokenizerError)
        -> BPETokenizer {
        let fields = GGUFFields(metadata: metadata, source: source)
        let model = try fields.string("tokenizer.ggml.model")
        let tokens = try fields.strings("tokenizer.ggml.tokens")
        guard !tokens.isEmpty else {
            throw .invalidField(source: source, field: "tokenizer.ggml.tokens", expected: "a non-empty array of strings")
        }
        let types = try fields.optionalInts("tokenizer.ggml.token_type", count: tokens.count)
        let architecture = metadata["general.architecture"]?.string ?? ""
        var special = try fields.specialTokens(count: tokens.count)

        switch model {
        case "gpt2":
            let pre = metadata["tokenizer.ggml.pre"]?.string ?? "default"
            if unsupportedPreTokenizers.contains(pre) {
                throw .unsupported(source: source, field: "tokenizer.ggml.pre", value: pre)
            }
            let preTokenizer = byteLevelPreTokenizers[pre] ?? .gpt2
            // Tokens spelled outside the GPT-2 alphabet are respelled from their UTF-8 bytes.
            let vocabulary = tokens.map { ByteLevelAlphabet.bytes(ofSpelling: $0) == nil ? ByteLevelAlphabet.spelling(of: $0.utf8) : $0 }
            let ids = lookup(vocabulary)
            let merges = try parseMerges(try fields.strings("tokenizer.ggml.merges"), ids: ids, source: source,
                                         field: "tokenizer.ggml.merges")
            special.addBOS = metadata["tokenizer.ggml.add_bos_token"]?.bool ?? false
            special.addEOS = metadata["tokenizer.ggml.add_eos_token"]?.bool ?? false
            let added = ggufAddedTokens(tokens: tokens, types: types, ids: ids, special: special) { tok in
                ByteLevelAlphabet.bytes(ofSpelling: tok) != nil
            }
            // Qwen2's own tokenizer.json normalizes to NFC; the GGUF conversion leaves that out.
            return BPETokenizer(kind: .byteLevel(preTokenizer, addPrefixSpace: false), vocabulary: vocabulary, ids: ids,
                                merges: merges, added: added, special: special, normalizesNFC: pre == "qwen2")
        case "llama":
            var options = SentencePieceOptions()
            let vocabulary: [String]
            let merges: MergeTable
            if architecture.hasPrefix("gemma") && architecture != "gemma4" {
                // Gemma stores runs of spaces as real spaces; its merges follow the token order, not the scores.
                vocabulary = tokens.map { $0.contains(" ") && $0.allSatisfy({ $0.isWhitespace }) ? String(repeating: "\u{2581}", count: $0.unicodeScalars.count) : $0 }
                let ids = lookup(vocabulary)
                merges = MergeGeneration.merges(index: ids, priority: { -Double($0) }, alreadySorted: true)
                options.normalizerReplacesSpaces = true
            } else {
                vocabulary = tokens
                let ids = lookup(vocabulary)
                if metadata["tokenizer.ggml.merges"] != nil {
                    merges = try parseMerges(try fields.strings("tokenizer.ggml.merges"), ids: ids, source: source,
                                             field: "tokenizer.ggml.merges")
                } else {
                    let scores = try fields.doubles("tokenizer.ggml.scores", count: tokens.count)
                    merges = MergeGeneration.merges(index: ids, priority: { scores[$0] }, alreadySorted: false)
                }
                let prefix = metadata["tokenizer.ggml.add_space_prefix"]?.bool ?? true
                if architecture == "phi3" {
                    options.normalizerPrependsMeta = true
                    options.normalizerReplacesSpaces = true
                } else {
                    options.metaspace = prefix ? .first : .never
                }
                options.decodeStripsLeadingSpace = prefix
            }
            let ids = lookup(vocabulary)
            special.addBOS = metadata["tokenizer.ggml.add_bos_token"]?.bool ?? true
            special.addEOS = metadata["tokenizer.ggml.add_eos_token"]?.bool ?? false
            var added = ggufAddedTokens(tokens: tokens, types: types, ids: ids, special: special) { _ in true }
            if architecture.hasPrefix("gemma"), let mask = ids.find("<mask>"), !added.contains(where: { $0.id == mask }) {
                added.insert(AddedToken(content: "<mask>", id: mask, special: true), at: 0)
            }
            if architecture.hasPrefix("gemma") && architecture != "gemma4", let types {
                // SentencePiece matches user-defined pieces whole, longest first, on the normalized text, so
                // the runs of spaces are tokens of their own rather than products of the merges.
                for (id, type) in types.enumerated() where type == 4 && vocabulary[id] != tokens[id] {
                    added.append(AddedToken(content: vocabulary[id], id: id, special: false, normalized: true))
                }
            }
            return BPETokenizer(kind: .sentencePiece(options), vocabulary: vocabulary, ids: ids, merges: merges,
                                added: added, special: special)
        default:
            throw .unsupported(source: source, field: "tokenizer.ggml.model", value: model)
        }
    }

    /// Spelling -> id; a repeated spelling maps to its last id (as a Python dict built in order).
    static func lookup(_ vocabulary: [String]) -> TokenIndex { TokenIndex(vocabulary) }

    /// Merges written `"left right"`, ranked by position.
    static func parseMerges(_ lines: [String], ids: TokenIndex, source: String, field: String) throws(TokenizerError)
        -> MergeTable {
        var table = MergeTable(capacity: lines.count)
        for (rank, line) in lines.enumerated() {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw .invalidField(source: source, field: "\(field)[\(rank)]", expected: "two tokens separated by one space")
            }
            try table.insertMerge(String(parts[0]), String(parts[1]), rank: rank, ids: ids, source: source, field: field)
        }
        return table
    }

    /// Added tokens as `transformers` makes them for a GGUF file: the BOS/EOS/UNK/PAD tokens and
    /// every control token (type 3) special, user-defined tokens (type 4) plain; none normalized.
    static func ggufAddedTokens(tokens: [String], types: [Int]?, ids: TokenIndex, special: SpecialTokens,
                                controlAllowed: (String) -> Bool) -> [AddedToken] {
        var added = [AddedToken]()
        var seen = Set<Int>()
        for id in [special.bos, special.eos, special.unknown, special.padding].compactMap({ $0 }) where seen.insert(id).inserted {
            added.append(AddedToken(content: tokens[id], id: id, special: true))
        }
        guard let types else { return added }
        for (id, type) in types.enumerated() where type == 3 && controlAllowed(tokens[id]) && seen.insert(id).inserted {
            added.append(AddedToken(content: tokens[id], id: id, special: true))
        }
        for (id, type) in types.enumerated() where type == 4 {
            guard let vocabID = ids.find(tokens[id]), seen.insert(vocabID).inserted else { continue }
            added.append(AddedToken(content: tokens[id], id: vocabID, special: false))
        }
        return added
    }
}

extension MergeTable {
    /// Adds `left right` -> `left+right`, all three looked up in `ids`.
    mutating func insertMerge(_ left: String, _ right: String, rank: Int, ids: TokenIndex, source: String,
                              field: String) throws(TokenizerError) {
        guard let l = ids.find(left), let r = ids.find(right), let m = ids.find(left + right) else {
            throw .invalidField(source: source, field: "\(field)[\(rank)]",
                                expected: "tokens of the vocabulary ('\(left)' + '\(right)')")
        }
        insert(Int32(l), Int32(r), rank: UInt32(rank), merged: Int32(m))
    }
}

/// Typed access to GGUF tokenizer keys, with errors naming the key.
struct GGUFFields {
    let metadata: [String: MetadataValue]
    let source: String

    func string(_ key: String) throws(TokenizerError) -> String {
        guard let v = metadata[key] else { throw .missingField(source: source, field: key) }
        guard let s = v.string else { throw .invalidField(source: source, field: key, expected: "a string") }
        return s
    }

    func strings(_ key: String) throws(TokenizerError) -> [String] {
        guard let v = metadata[key] else { throw .missingField(source: source, field: key) }
        guard let array = v.array else { throw .invalidField(source: source, field: key, expected: "an array of strings") }
        var out = [String]()
        out.reserveCapacity(array.count)
        for item in array {
            guard let s = item.string else { throw .invalidField(source: source, field: key, expected: "an array of strings") }
            out.append(s)
        }
        return out
    }

    func optionalInts(_ key: String, count: Int) throws(TokenizerError) -> [Int]? {
        guard let v = metadata[key] else { return nil }
        guard let array = v.array, array.count == count else {
            throw .invalidField(source: source, field: key, expected: "an array of \(count) integers")
        }
        var out = [Int]()
        out.reserveCapacity(count)
        for item in array {
            guard let i = item.int else { throw .invalidField(source: source, field: key, expected: "an array of integers") }
            out.append(i)
        }
        return out
    }

    func doubles(_ key: String, count: Int) throws(TokenizerError) -> [Double] {
        guard let v = metadata[key] else { throw .missingField(source: source, field: key) }
        guard let array = v.array, array.count == count else {
            throw .invalidField(source: source, field: key, expected: "an array of \(count) numbers")
        }
        var out = [Double]()
        out.reserveCapacity(count)
        for item in array {
            guard let d = item.double else { throw .invalidField(source: source, field: key, expected: "an array of numbers") }
            out.append(d)
        }
        return out
    }

    func tokenID(_ key: String, count: Int) throws(TokenizerError) -> Int? {
        guard let v = metadata[key] else { return nil }
        guard let id = v.int, id >= 0, id < count else {
            throw .invalidField(source: source, field: key, expected: "a token id below \(count)")
        }
        return id
    }

    func specialTokens(count: Int) throws(TokenizerError) -> SpecialTokens {
        var s = SpecialTokens()
        s.bos = try tokenID("tokenizer.ggml.bos_token_id", count: count)
        s.eos = try tokenID("tokenizer.ggml.eos_token_id", count: count)
        s.unknown = try tokenID("tokenizer.ggml.unknown_token_id", count: count)
        s.padding = try tokenID("tokenizer.ggml.padding_token_id", count: count)
        s.eot = try tokenID("tokenizer.ggml.eot_token_id", count: count)
        return s
    }
}
