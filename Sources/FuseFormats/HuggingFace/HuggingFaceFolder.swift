import Foundation

/// A Hugging Face model folder: `config.json`, the tokenizer files, `generation_config.json` and
/// the safetensors weights, the counterpart of a GGUF file for the loaders.
public final class HuggingFaceFolder: @unchecked Sendable {
    /// The folder.
    public let path: String
    /// `config.json` (required): architecture, sizes, RoPE settings... as parsed JSON.
    public let config: [String: JSONValue]
    /// `tokenizer_config.json`, when present. When the folder also has `chat_template.jinja`, that
    /// file's text is the default chat template (as in transformers, it wins over the JSON field).
    public let tokenizerConfig: TokenizerConfig?
    /// `generation_config.json`, when present.
    public let generationConfig: [String: JSONValue]?
    /// Path of `tokenizer.json`, when present (its contents: `tokenizerJSON()`).
    public let tokenizerJSONPath: String?
    /// The weights (`model.safetensors` or a sharded index); `nil` when the folder has neither.
    public let weights: SafetensorsFolder?

    /// Opens and parses the folder's files; the weights are memory-mapped and their headers validated.
    public init(path: String) throws(HuggingFaceError) {
        self.path = path
        let configPath = Self.join(path, "config.json")
        guard let config = try Self.readJSONObject(configPath) else {
            throw .missingFile(path: configPath, detail: "no config.json: not a Hugging Face model folder")
        }
        self.config = config
        let tokenizerConfigPath = Self.join(path, "tokenizer_config.json")
        if let json = try Self.readJSONObject(tokenizerConfigPath) {
            var tokenizerConfig = try TokenizerConfig(json: json, path: tokenizerConfigPath)
            let templatePath = Self.join(path, "chat_template.jinja")
            if let data = FileManager.default.contents(atPath: templatePath) {
                guard let text = data.withUnsafeBytes({ validUTF8String($0.bindMemory(to: UInt8.self)) }) else {
                    throw .invalidField(path: templatePath, field: "text", detail: "is not valid UTF-8")
                }
                tokenizerConfig.chatTemplates[TokenizerConfig.defaultTemplateName] = text
            }
            self.tokenizerConfig = tokenizerConfig
        } else {
            tokenizerConfig = nil
        }
        generationConfig = try Self.readJSONObject(Self.join(path, "generation_config.json"))
        let tokenizerPath = Self.join(path, "tokenizer.json")
        tokenizerJSONPath = FileManager.default.fileExists(atPath: tokenizerPath) ? tokenizerPath : nil
        let hasWeights = FileManager.default.fileExists(atPath: Self.join(path, SafetensorsIndex.fileName))
            || FileManager.default.fileExists(atPath: Self.join(path, "model.safetensors"))
        do { weights = hasWeights ? try SafetensorsFolder(folder: path) : nil } catch { throw .weights(error) }
    }

    /// `model_type` from `config.json` (`llama`, `qwen2`, `gemma3_text`...).
    public var modelType: String? { config["model_type"]?.string }

    /// The class names in `config.json`'s `architectures` (e.g. `LlamaForCausalLM`).
    public var architectures: [String] { config["architectures"]?.array?.compactMap(\.string) ?? [] }

    /// The bytes of `tokenizer.json`.
    public func tokenizerJSON() throws(HuggingFaceError) -> [UInt8] {
        let file = tokenizerJSONPath ?? Self.join(path, "tokenizer.json")
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .missingFile(path: file, detail: "no tokenizer.json in the model folder")
        }
        return Array(data)
    }

    /// The JSON object in `file`, or `nil` when the file does not exist.
    static func readJSONObject(_ file: String) throws(HuggingFaceError) -> [String: JSONValue]? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .missingFile(path: file, detail: "cannot read")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch { throw .invalidJSON(path: file, error: error) }
        guard case .object(let object) = value else {
            throw .invalidField(path: file, field: "(top level)", detail: "is \(value), expected a JSON object")
        }
        return object
    }

    static func join(_ folder: String, _ file: String) -> String { (folder as NSString).appendingPathComponent(file) }
}
