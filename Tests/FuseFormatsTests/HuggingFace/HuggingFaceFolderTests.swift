import Foundation
import Testing
@testable import FuseFormats

@Suite("Hugging Face folders as transformers saves them")
struct HuggingFaceFolderTests {
    typealias Fixture = SafetensorsFixtures

    static var tinyPath: String { Fixture.path(Fixture.expected.hfTiny.folder) }

    @Test("config.json, tokenizer files, the chat template and generation config are read as transformers wrote them")
    func tinyFolder() throws {
        let expected = Fixture.expected.hfTiny
        let folder = try HuggingFaceFolder(path: Self.tinyPath)
        #expect(folder.modelType == expected.modelType)
        #expect(folder.architectures == ["LlamaForCausalLM"])
        #expect(folder.config["vocab_size"] == .int(96))
        #expect(folder.config["rms_norm_eps"] == .double(1e-5))
        #expect(folder.config["pad_token_id"] == .null)
        #expect(folder.config["tie_word_embeddings"] == .bool(true))
        #expect(folder.config["rope_parameters"]?["rope_theta"] == .double(10000))
        let tokenizer = try #require(folder.tokenizerConfig)
        #expect(tokenizer.bosToken == expected.bosToken)
        #expect(tokenizer.eosToken == expected.eosToken)
        #expect(tokenizer.unkToken == expected.unkToken)
        #expect(tokenizer.chatTemplate == expected.chatTemplate)
        #expect(tokenizer.raw["model_max_length"]?.double == 1e30)
        #expect(folder.generationConfig?["temperature"] == .double(0.7))
        #expect(folder.generationConfig?["eos_token_id"] == .int(2))
        let tokenizerJSON = try folder.tokenizerJSON()
        #expect(tokenizerJSON == (try Fixture.bytes("\(expected.folder)/tokenizer.json")))
        #expect(try JSONParser.parse(tokenizerJSON)["model"]?["type"] == .string("BPE"))
    }

    @Test("the weights have PyTorch's names, shapes, dtypes and values (checksums)",
          arguments: Fixture.expected.hfTiny.tensors)
    func tinyWeights(_ expected: Fixture.HashedTensor) throws {
        let weights = try #require(try HuggingFaceFolder(path: Self.tinyPath).weights)
        let tensor = try #require(weights.tensor(named: expected.name))
        #expect(tensor.shape == expected.shape && tensor.type.description == expected.dtype)
        var sum: UInt64 = 0
        for (i, value) in storedIntegers(tensor.data, .bf16).enumerated() { sum &+= UInt64(i + 1) &* UInt64(value) }
        #expect(sum == expected.checksum)
    }

    @Test("the folder's tensor list is exactly PyTorch's state dict")
    func tinyTensorNames() throws {
        let weights = try #require(try HuggingFaceFolder(path: Self.tinyPath).weights)
        #expect(weights.tensorNames.sorted() == Fixture.expected.hfTiny.tensors.map(\.name).sorted())
    }

    /// A scratch folder with the given files (name -> text).
    static func folder(_ files: [String: String]) throws -> Fixture.TemporaryFolder {
        let folder = try Fixture.TemporaryFolder()
        for (name, text) in files { try text.write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8) }
        return folder
    }

    @Test("tokenizer_config forms: named template list, AddedToken objects, add_bos_token; no weights is fine")
    func tokenizerConfigForms() throws {
        let scratch = try Self.folder([
            "config.json": #"{"model_type": "qwen2"}"#,
            "tokenizer_config.json": #"""
            {"chat_template": [{"name": "default", "template": "{{ messages }}"}, {"name": "tool_use", "template": "T"}],
             "bos_token": {"__type": "AddedToken", "content": "<|begin|>", "lstrip": false},
             "eos_token": "<|end|>", "pad_token": null, "add_bos_token": true, "add_eos_token": false}
            """#,
        ])
        let folder = try HuggingFaceFolder(path: scratch.path)
        let config = try #require(folder.tokenizerConfig)
        #expect(config.chatTemplates == ["default": "{{ messages }}", "tool_use": "T"])
        #expect(config.chatTemplate == "{{ messages }}")
        #expect(config.bosToken == "<|begin|>" && config.eosToken == "<|end|>" && config.padToken == nil)
        #expect(config.addBosToken == true && config.addEosToken == false)
        #expect(folder.weights == nil && folder.generationConfig == nil && folder.tokenizerJSONPath == nil)
        #expect(throws: HuggingFaceError.self) { try folder.tokenizerJSON() }
    }

    @Test("chat_template.jinja wins over the tokenizer_config field, as in transformers")
    func templateFileWins() throws {
        let scratch = try Self.folder([
            "config.json": "{}",
            "tokenizer_config.json": #"{"chat_template": "from json"}"#,
            "chat_template.jinja": "from file\n",
        ])
        #expect(try HuggingFaceFolder(path: scratch.path).tokenizerConfig?.chatTemplate == "from file\n")
    }

    struct BadFolder: CustomStringConvertible, Sendable {
        let description: String
        let files: [String: String]
        let check: @Sendable (HuggingFaceError, String) -> Bool
    }

    static let badFolders: [BadFolder] = [
        BadFolder(description: "no config.json", files: ["tokenizer.json": "{}"],
                  check: { if case .missingFile(let path, _) = $0 { path == $1 + "/config.json" } else { false } }),
        BadFolder(description: "config.json is not JSON", files: ["config.json": "{\"a\": 1,}"],
                  check: { if case .invalidJSON(let path, let error) = $0 { path == $1 + "/config.json" && error.offset == 8 } else { false } }),
        BadFolder(description: "config.json is a list", files: ["config.json": "[1]"],
                  check: { if case .invalidField(let path, _, _) = $0 { path == $1 + "/config.json" } else { false } }),
        BadFolder(description: "chat_template is a number", files: ["config.json": "{}", "tokenizer_config.json": #"{"chat_template": 3}"#],
                  check: { error, _ in if case .invalidField(_, "chat_template", _) = error { true } else { false } }),
        BadFolder(description: "template list entry without a name", files: ["config.json": "{}", "tokenizer_config.json": #"{"chat_template": [{"template": "x"}]}"#],
                  check: { error, _ in if case .invalidField(_, "chat_template", _) = error { true } else { false } }),
        BadFolder(description: "bos_token is a number", files: ["config.json": "{}", "tokenizer_config.json": #"{"bos_token": 1}"#],
                  check: { error, _ in if case .invalidField(_, "bos_token", _) = error { true } else { false } }),
        BadFolder(description: "add_bos_token is a string", files: ["config.json": "{}", "tokenizer_config.json": #"{"add_bos_token": "yes"}"#],
                  check: { error, _ in if case .invalidField(_, "add_bos_token", _) = error { true } else { false } }),
        BadFolder(description: "corrupt weights", files: ["config.json": "{}", "model.safetensors": "garbage!garbage!"],
                  check: { if case .weights(.headerTooLarge(let path, _, _)) = $0 { path == $1 + "/model.safetensors" } else { false } }),
        BadFolder(description: "generation_config.json is not JSON", files: ["config.json": "{}", "generation_config.json": "{"],
                  check: { if case .invalidJSON(let path, _) = $0 { path == $1 + "/generation_config.json" } else { false } }),
    ]

    @Test("broken folders give typed errors naming the file", arguments: badFolders)
    func badFolder(_ bad: BadFolder) throws {
        let scratch = try Self.folder(bad.files)
        do {
            _ = try HuggingFaceFolder(path: scratch.path)
            Issue.record("accepted: \(bad.description)")
        } catch {
            #expect(bad.check(error, scratch.path), "\(error)")
        }
    }

    @Test("10,000 seeded mutations of config.json and tokenizer_config.json never crash the JSON reader")
    func fuzzJSON() throws {
        let sources = [try Fixture.bytes("hf_tiny/config.json"), try Fixture.bytes("hf_tiny/tokenizer_config.json")]
        var rng = Fixture.SplitMix64(seed: 7)
        var parsed = 0
        for round in 0..<10_000 {
            var bytes = sources[round % 2]
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.insert(Array("{}[]\",:\\u0123456789.eE-tfn".utf8).randomElement(using: &rng)!, at: position)
                case 2: bytes.remove(at: position)
                default: bytes = Array(bytes.prefix(position))
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            guard let value = try? JSONParser.parse(bytes), case .object(let object) = value else { continue }
            parsed += 1
            _ = try? TokenizerConfig(json: object, path: "fuzz")
        }
        #expect(parsed > 0)
    }
}
