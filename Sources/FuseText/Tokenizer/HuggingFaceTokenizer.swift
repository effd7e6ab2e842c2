import FuseFormats

extension TokenizerLoader {
    /// The pre-tokenizer regexes of Hugging Face `Split` steps this implementation reproduces.
    static let splitRegexes: [String: PreTokenizer] = [
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#: .gpt2,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .llama3,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .qwen2,
    ]

    /// Builds the tokenizer of a Hugging Face `tokenizer.json` (BPE model), with the BOS/EOS flags and
    /// special tokens of `tokenizer_config.json` where given (they override the post-processor, as in
    /// `transformers`).
    ///
    /// - Parameter source: names the file in error messages.
    public static func fromHuggingFace(tokenizerJSON bytes: [UInt8], config: TokenizerConfig? = nil,
                                       source: String = "tokenizer.json") throws(TokenizerError) -> BPETokenizer {
        let root: TokenizerJSONValue
        switch TokenizerJSONValue.parse(bytes) {
        case .success(let v): root = v
        case .failure(let e): throw .unreadable(source: source, reason: "invalid JSON: \(e.reason)")
        }
        guard root.members != nil else { throw .invalidField(source: source, field: "(root)", expected: "a JSON object") }
        let json = JSONFields(source: source)
        let model = try json.object(root, "model")
        let modelType = model["type"]?.string ?? "BPE"
        guard modelType == "BPE" else { throw .unsupported(source: source, field: "model.type", value: modelType) }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let v = model[key]?.string, !v.isEmpty { throw .unsupported(source: source, field: "model.\(key)", value: v) }
        }
        if let d = model["dropout"]?.double, d > 0 { throw .unsupported(source: source, field: "model.dropout", value: "\(d)") }

        // Vocabulary: model.vocab plus added tokens, by id.
        let vocab = try json.object(model, "vocab", path: "model.vocab").members!
        let added = try parseAddedTokens(root["added_tokens"], json)
        var maxID = -1
        for (token, value) in vocab {
            guard let id = value.int, id >= 0, id < vocab.count + added.count + 1_000_000 else {
                throw .invalidField(source: source, field: "model.vocab[\(token)]", expected: "a token id")
            }
            maxID = max(maxID, id)
        }
        for token in added { maxID = max(maxID, token.id) }
        guard maxID < vocab.count + added.count + 1_000_000 else {
            throw .invalidField(source: source, field: "added_tokens", expected: "ids near the vocabulary size")
        }
        var vocabulary = [String](repeating: "", count: maxID + 1)
        for token in added { vocabulary[token.id] = token.content }
        for (token, value) in vocab { vocabulary[value.int!] = token }
        let modelIDs = TokenIndex(vocabulary)

        // Merges: "a b" strings or [a, b] pairs.
        var merges = MergeTable(capacity: 16)
        if let list = model["merges"]?.array {
            merges = MergeTable(capacity: list.count)
            for (rank, item) in list.enumerated() {
                let pair: [String]
                if let s = item.string {
                    pair = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                } else {
                    pair = item.array?.compactMap(\.string) ?? []
                }
                guard pair.count == 2 else {
                    throw .invalidField(source: source, field: "model.merges[\(rank)]", expected: "two tokens")
                }
                try merges.insertMerge(pair[0], pair[1], rank: rank, ids: modelIDs, source: source, field: "model.merges")
            }
        } else if model["merges"] != nil {
            throw .invalidField(source: source, field: "model.merges", expected: "an array")
        }

        let (kind, nfc) = try pipeline(root, model: model, json)
        var special = SpecialTokens()
        func id(_ token: String?) -> Int? { token.flatMap { t in added.last { $0.content == t }?.id ?? modelIDs.find(t) } }
        special.unknown = id(model["unk_token"]?.string) ?? id(config?.unkToken)
        special.bos = id(config?.bosToken)
        special.eos = id(config?.eosToken)
        special.padding = id(config?.padToken)
        let template = try postProcessor(root["post_processor"], json)
        special.bos = special.bos ?? template.bos
        special.eos = special.eos ?? template.eos
        special.addBOS = config?.addBosToken ?? (template.bos != nil)
        special.addEOS = config?.addEosToken ?? (template.eos != nil)
        if special.addBOS && special.bos == nil { special.addBOS = false }
        if special.addEOS && special.eos == nil { special.addEOS = false }
        return BPETokenizer(kind: kind, vocabulary: vocabulary, ids: modelIDs, merges: merges, added: added,
                            special: special, ignoreMerges: model["ignore_merges"]?.bool ?? false, normalizesNFC: nfc)
    }

    private static func parseAddedTokens(_ value: TokenizerJSONValue?, _ json: JSONFields) throws(TokenizerError) -> [AddedToken] {
        guard let value, !value.isNull else { return [] }
        guard let list = value.array else {
            throw .invalidField(source: json.source, field: "added_tokens", expected: "an array")
        }
        var out = [AddedToken]()
        for (i, item) in list.enumerated() {
            guard let id = item["id"]?.int, id >= 0, id < list.count + 10_000_000, let content = item["content"]?.string else {
                throw .invalidField(source: json.source, field: "added_tokens[\(i)]", expected: "an object with id and content")
            }
            out.append(AddedToken(content: content, id: id, special: item["special"]?.bool ?? false,
                                  normalized: item["normalized"]?.bool ?? !(item["special"]?.bool ?? false),
                                  lstrip: item["lstrip"]?.bool ?? false, rstrip: item["rstrip"]?.bool ?? false,
                                  singleWord: item["single_word"]?.bool ?? false))
        }
        return out
    }

    /// The steps of a `Sequence` (or the single step) of a normalizer / pre-tokenizer / decoder.
    private static func steps(_ value: TokenizerJSONValue?, key: String) -> [TokenizerJSONValue] {
        guard let object = value, object.members != nil else { return [] }
        if object["type"]?.string == "Sequence", let list = object[key]?.array {
            return list.flatMap { steps($0, key: key) }
        }
        return [object]
    }

    /// The model family and its text pipeline, and whether the normalizer is `NFC` (byte-level only).
    private static func pipeline(_ root: TokenizerJSONValue, model: TokenizerJSONValue, _ json: JSONFields)
        throws(TokenizerError) -> (BPETokenizer.Kind, nfc: Bool) {
        let source = json.source
        let pre = steps(root["pre_tokenizer"], key: "pretokenizers")
        let decoders = steps(root["decoder"], key: "decoders")
        let normalizers = steps(root["normalizer"], key: "normalizers")
        let preTypes = pre.map { $0["type"]?.string ?? "?" }

        if preTypes.contains("ByteLevel") {
            let nfc = normalizers.map { $0["type"]?.string } == ["NFC"]
            guard normalizers.isEmpty || nfc else {
                throw .unsupported(source: source, field: "normalizer", value: normalizers.map { $0["type"]?.string ?? "?" }.joined(separator: ","))
            }
            let byteLevel = pre.last { $0["type"]?.string == "ByteLevel" }!
            let addPrefix = byteLevel["add_prefix_space"]?.bool ?? false
            let useRegex = byteLevel["use_regex"]?.bool ?? true
            let split: PreTokenizer
            switch (preTypes, useRegex) {
            case (["ByteLevel"], true):
                split = .gpt2
            case (["Digits", "ByteLevel"], true) where pre[0]["individual_digits"]?.bool == true:
                split = .digitsThenGPT2
            case (["Split", "ByteLevel"], false):
                let regex = pre[0]["pattern"]?["Regex"]?.string ?? ""
                guard let known = splitRegexes[regex], pre[0]["behavior"]?.string == "Isolated",
                      pre[0]["invert"]?.bool != true else {
                    throw .unsupported(source: source, field: "pre_tokenizer.Split.pattern", value: regex)
                }
                split = known
            default:
                throw .unsupported(source: source, field: "pre_tokenizer", value: preTypes.joined(separator: ","))
            }
            return (.byteLevel(split, addPrefixSpace: addPrefix), nfc)
        }

        var o = SentencePieceOptions()
        o.byteFallback = model["byte_fallback"]?.bool ?? false
        o.fuseUnknown = model["fuse_unk"]?.bool ?? false
        for n in normalizers {
            switch n["type"]?.string {
            case "Prepend" where n["prepend"]?.string == "\u{2581}":
                o.normalizerPrependsMeta = true
            case "Replace" where n["pattern"]?["String"]?.string == " " && n["content"]?.string == "\u{2581}":
                o.normalizerReplacesSpaces = true
            default:
                throw .unsupported(source: source, field: "normalizer", value: n["type"]?.string ?? "?")
            }
        }
        for p in pre {
            switch p["type"]?.string {
            case "Metaspace":
                guard (p["replacement"]?.string ?? "\u{2581}") == "\u{2581}" else {
                    throw .unsupported(source: source, field: "pre_tokenizer.Metaspace.replacement", value: p["replacement"]?.string ?? "")
                }
                let scheme = p["prepend_scheme"]?.string ?? ((p["add_prefix_space"]?.bool ?? true) ? "always" : "never")
                guard let prepend = SentencePieceOptions.Prepend(rawValue: scheme) else {
                    throw .unsupported(source: source, field: "pre_tokenizer.Metaspace.prepend_scheme", value: scheme)
                }
                o.metaspace = prepend
                o.metaspaceSplits = p["split"]?.bool ?? true
            case "Split" where o.normalizerReplacesSpaces && p["pattern"]?["String"]?.string == " ":
                break // nothing left to split: the normalizer already turned every space into `▁`
            default:
                throw .unsupported(source: source, field: "pre_tokenizer", value: p["type"]?.string ?? "?")
            }
        }
        o.decodeByteFallback = decoders.contains { $0["type"]?.string == "ByteFallback" }
        for d in decoders {
            switch d["type"]?.string {
            case "Replace" where d["pattern"]?["String"]?.string == "\u{2581}" && d["content"]?.string == " ":
                break
            case "ByteFallback", "Fuse":
                break
            case "Strip" where d["content"]?.string == " " && (d["start"]?.int ?? 0) <= 1 && (d["stop"]?.int ?? 0) == 0:
                o.decodeStripsLeadingSpace = d["start"]?.int == 1
            case "Metaspace":
                let scheme = d["prepend_scheme"]?.string ?? ((d["add_prefix_space"]?.bool ?? true) ? "always" : "never")
                o.decodeStripsLeadingSpace = scheme != "never"
            default:
                throw .unsupported(source: source, field: "decoder", value: d["type"]?.string ?? "?")
            }
        }
        return (.sentencePiece(o), false)
    }

    /// BOS/EOS from a `TemplateProcessing` post-processor (possibly inside a `Sequence`).
    private static func postProcessor(_ value: TokenizerJSONValue?, _ json: JSONFields) throws(TokenizerError) -> (bos: Int?, eos: Int?) {
        for step in steps(value, key: "processors") {
            switch step["type"]?.string {
            case "TemplateProcessing":
                guard let single = step["single"]?.array else {
                    throw .invalidField(source: json.source, field: "post_processor.single", expected: "an array")
                }
                var bos: Int?, eos: Int?
                var seenA = false
                for item in single {
                    if item["Sequence"] != nil { seenA = true; continue }
                    guard let name = item["SpecialToken"]?["id"]?.string,
                          let id = step["special_tokens"]?[name]?["ids"]?.array?.first?.int else {
                        throw .invalidField(source: json.source, field: "post_processor.single", expected: "SpecialToken entries with ids")
                    }
                    if seenA { eos = id } else { bos = id }
                }
                return (bos, eos)
            case "ByteLevel":
                continue
            default:
                throw .unsupported(source: json.source, field: "post_processor", value: step["type"]?.string ?? "?")
            }
        }
        return (nil, nil)
    }
}

/// Typed access to tokenizer.json fields, with errors naming the field.
struct JSONFields {
    let source: String

    func object(_ parent: TokenizerJSONValue, _ key: String, path: String? = nil) throws(TokenizerError) -> TokenizerJSONValue {
        guard let v = parent[key] else { throw .missingField(source: source, field: path ?? key) }
        guard v.members != nil else { throw .invalidField(source: source, field: path ?? key, expected: "an object") }
        return v
    }
}
