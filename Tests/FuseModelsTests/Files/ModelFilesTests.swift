import Foundation
import FuseFormats
import FuseText
import Testing
@testable import FuseModels

/// Oracle: scripts/fixtures/model_files_fixtures.py (gguf-py for the files' contents, transformers'
/// tokenizer and apply_chat_template for ids, pieces and rendered conversations).
enum ModelFilesFixture {
    struct Model: Decodable {
        let architecture: String
        let parameters: Int
        let tensorCount: Int
        /// Type name to [tensors, parameters, bytes].
        let tensorTypes: [String: [Int]]
        let vocabularySize: Int
        let bos: Int?
        let eos: Int?
        let hasTemplate: Bool
        let tokenize: [Tokenized]
        let chat: [Chat]
    }

    struct Tokenized: Decodable {
        let text: String
        let ids: [Int]
        let pieces: [String]
    }

    struct Chat: Decodable {
        let messages: [[String: String]]
        let addGenerationPrompt: Bool
        let text: String
        let ids: [Int]
    }

    struct File: Decodable {
        let gguf: [String: Model]
        let hfTiny: Model
    }

    static let expected: File = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/model_files.json")
        return try! decoder.decode(File.self, from: Data(contentsOf: url))
    }()

    /// The tiny Hugging Face folder written by transformers (a FuseFormats test fixture).
    static let hfTinyPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuseFormatsTests/Fixtures/safetensors/hf_tiny").path
}

@Suite("Model files: summary, tokens and chat prompts equal gguf-py and transformers")
struct ModelFilesTests {
    typealias Fixture = ModelFilesFixture

    /// Checks everything the toolchain commands report for one model against the oracle.
    func check(_ files: ModelFiles, _ expected: Fixture.Model) throws {
        let tokenizer = try files.tokenizer()
        let summary = ModelSummary(files, tokenizer: tokenizer)
        #expect(summary.architecture == expected.architecture)
        #expect(summary.parameters == expected.parameters)
        #expect(summary.tensorCount == expected.tensorCount)
        #expect(Dictionary(uniqueKeysWithValues: summary.tensorTypes.map { ($0.type, [$0.tensors, $0.parameters, $0.bytes]) }) == expected.tensorTypes)
        #expect(summary.tensorTypes.map(\.bytes) == summary.tensorTypes.map(\.bytes).sorted(by: >))
        #expect(summary.vocabularySize == expected.vocabularySize)
        #expect(summary.specialTokens.first { $0.role == "bos" }?.id == expected.bos)
        #expect(summary.specialTokens.first { $0.role == "eos" }?.id == expected.eos)
        #expect(summary.chatTemplate.origin == (expected.hasTemplate ? "embedded" : "builtin"))
        for case_ in expected.tokenize {
            let tokens = TokenizedText(case_.text, tokenizer: tokenizer, addSpecialTokens: true)
            #expect(tokens.ids == case_.ids, "\(case_.text.debugDescription)")
            #expect(tokens.pieces == case_.pieces, "\(case_.text.debugDescription)")
        }
        let template = try files.chatTemplate()
        for chat in expected.chat {
            let conversation = ChatConversation(messages: chat.messages.map { message in
                .object(JinjaObject([("role", .string(message["role"]!)), ("content", .string(message["content"]!))]))
            })
            let rendered = try files.render(conversation, addGenerationPrompt: chat.addGenerationPrompt, tokenizer: tokenizer, template: template)
            #expect(rendered.text == chat.text)
            #expect(rendered.ids == chat.ids)
        }
    }

    @Test("demo GGUF models: summary, tokens and chat prompts", arguments: ["smollm2-135m-instruct", "qwen2.5-coder-0.5b-instruct", "gemma-3-270m"])
    func demoModel(_ name: String) throws {
        let store = ModelStore()
        let model = try #require(DemoModel.named(name))
        try #require(store.isFetched(model), "run `fusechat models fetch` first: \(store.path(of: model).path) is missing")
        try check(try ModelFiles.open(name, store: store), try #require(Fixture.expected.gguf[name]))
    }

    @Test("a Hugging Face folder saved by transformers: summary, tokens and chat prompts")
    func huggingFaceFolder() throws {
        let files = try ModelFiles(.huggingFaceFolder(path: Fixture.hfTinyPath))
        try check(files, Fixture.expected.hfTiny)
    }

    @Test("Gemma 3's file has no template: FuseChat's built-in gemma3 template is used and said so")
    func builtinTemplate() throws {
        let store = ModelStore()
        try #require(store.isFetched(DemoModel.named("gemma-3-270m")!))
        let files = try ModelFiles.open("gemma-3-270m", store: store)
        #expect(files.embeddedChatTemplate == nil)
        let template = try files.chatTemplate()
        #expect(template.isBuiltin && template.name == "gemma3")
    }

    @Test("opening failures are typed errors naming what is wrong")
    func openErrors() throws {
        #expect(throws: ModelFilesError.self) { try ModelFiles.open("no-such-model") }
        do { _ = try ModelFiles.open("no-such-model") } catch {
            guard case .store(.unknownModel(let name, _)) = error else { Issue.record("got \(error)"); return }
            #expect(name == "no-such-model")
        }
        let folder = NSTemporaryDirectory() + "fusechat-modelfiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("not a gguf file".utf8).write(to: URL(fileURLWithPath: folder + "/bad.gguf"))
        do { _ = try ModelFiles.open(folder + "/bad.gguf"); Issue.record("accepted a bad GGUF") } catch {
            guard case .gguf = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("bad.gguf"))
        }
        try Data("{\"model_type\": \"llama\"}".utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        let files = try ModelFiles.open(folder)
        #expect(files.architecture == "llama" && files.tensors == nil)
        #expect(throws: ModelFilesError.self) { try files.tokenizer() }
        do { _ = try files.chatTemplate(); Issue.record("a llama folder without a template got one") } catch {
            #expect(error.description.contains("no chat_template"))
        }
    }
}
