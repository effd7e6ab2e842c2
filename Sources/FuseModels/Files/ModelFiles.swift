import FuseFormats
import FuseText

/// A model's files, opened: a GGUF file or a Hugging Face folder, seen the same way: its
/// architecture, tensors, tokenizer and chat template.
///
/// ```swift
/// let model = try ModelFiles.open("smollm2-135m-instruct")   // a demo name, a .gguf path or a folder
/// let tokenizer = try model.tokenizer()
/// let template = try model.chatTemplate()
/// ```
public final class ModelFiles: @unchecked Sendable {
    /// What was opened.
    public enum Contents {
        case gguf(GGUFFile)
        case huggingFace(HuggingFaceFolder)
    }

    public let location: ModelLocation
    public let contents: Contents

    /// Opens the files at `location` (GGUF: header, metadata and tensor table, data memory-mapped;
    /// folder: JSON files parsed, weights memory-mapped).
    public init(_ location: ModelLocation) throws(ModelFilesError) {
        self.location = location
        switch location {
        case .gguf(let path):
            do { contents = .gguf(try GGUFFile(path: path)) } catch { throw .gguf(error) }
        case .huggingFaceFolder(let path):
            do { contents = .huggingFace(try HuggingFaceFolder(path: path)) } catch { throw .huggingFace(error) }
        }
    }

    /// Resolves `reference` (a demo model name, a `.gguf` path or a Hugging Face folder) and opens it.
    public static func open(_ reference: String, store: ModelStore = ModelStore()) throws(ModelFilesError) -> ModelFiles {
        let location: ModelLocation
        do { location = try store.resolve(reference) } catch { throw .store(error) }
        return try ModelFiles(location)
    }

    /// `general.architecture` of a GGUF file, `model_type` of a folder's config.json (empty if absent).
    public var architecture: String {
        switch contents {
        case .gguf(let file): return file.string("general.architecture") ?? ""
        case .huggingFace(let folder): return folder.modelType ?? ""
        }
    }

    /// The tensors (`nil` for a folder without weights).
    public var tensors: TensorStore? {
        switch contents {
        case .gguf(let file): return file
        case .huggingFace(let folder): return folder.weights
        }
    }

    /// The chat template the files carry, if any.
    public var embeddedChatTemplate: String? {
        switch contents {
        case .gguf(let file): return file.string("tokenizer.chat_template")
        case .huggingFace(let folder): return folder.tokenizerConfig?.chatTemplate
        }
    }

    /// The model's tokenizer, built as `transformers` builds it from these files.
    public func tokenizer() throws(ModelFilesError) -> BPETokenizer {
        switch contents {
        case .gguf(let file):
            do { return try TokenizerLoader.fromGGUF(file.metadata, source: file.path) } catch { throw .tokenizer(error) }
        case .huggingFace(let folder):
            guard let path = folder.tokenizerJSONPath else {
                throw .noTokenizer(path: folder.path, detail: "no tokenizer.json in the model folder")
            }
            let bytes: [UInt8]
            do { bytes = try folder.tokenizerJSON() } catch { throw .huggingFace(error) }
            do {
                return try TokenizerLoader.fromHuggingFace(tokenizerJSON: bytes, config: folder.tokenizerConfig, source: path)
            } catch { throw .tokenizer(error) }
        }
    }

    /// The files' own chat template, else FuseChat's built-in one for the architecture
    /// (`isBuiltin` tells which).
    public func chatTemplate() throws(ModelFilesError) -> ChatTemplate {
        do {
            return try ChatTemplate.resolve(embedded: embeddedChatTemplate, architecture: Self.templateArchitecture(architecture))
        } catch { throw .chatTemplate(path: location.path, error) }
    }

    /// The special-token strings `apply_chat_template` hands to the template (`bos_token`,
    /// `eos_token`, `unk_token`, `pad_token`): from tokenizer_config.json for a folder, from the
    /// vocabulary for a GGUF file (as transformers' GGUF conversion sets them).
    public func templateOptions(tokenizer: BPETokenizer, addGenerationPrompt: Bool) -> ChatTemplateOptions {
        var tokens: [String: String] = [:]
        switch contents {
        case .gguf:
            let special = tokenizer.specialTokens
            let named = [("bos_token", special.bos), ("eos_token", special.eos), ("unk_token", special.unknown), ("pad_token", special.padding)]
            for (name, id) in named { if let id, let text = tokenizer.token(for: id) { tokens[name] = text } }
        case .huggingFace(let folder):
            let config = folder.tokenizerConfig
            let named = [("bos_token", config?.bosToken), ("eos_token", config?.eosToken), ("unk_token", config?.unkToken), ("pad_token", config?.padToken)]
            for (name, text) in named { if let text { tokens[name] = text } }
        }
        return ChatTemplateOptions(addGenerationPrompt: addGenerationPrompt, bosToken: tokens["bos_token"], eosToken: tokens["eos_token"],
                                   specialTokens: tokens.filter { $0.key != "bos_token" && $0.key != "eos_token" })
    }

    /// Hugging Face names some architectures differently from GGUF (`gemma3_text` is `gemma3`).
    static func templateArchitecture(_ architecture: String) -> String {
        architecture == "gemma3_text" ? "gemma3" : architecture
    }
}
