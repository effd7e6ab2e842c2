import Foundation
@testable import FuseRecipes
import FuseSampling
import FuseTraining
import Testing

@Suite("Recipes")
struct RecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the shipped demo recipe loads, names three architectures' models, and its sizes apply")
    func demoRecipe() throws {
        let recipe = try Recipe.load(Self.repository.appendingPathComponent("recipes/demo.yaml").path)
        #expect(recipe.target == "smollm2-135m-instruct")
        #expect(recipe.sources.compactMap(\.local) == ["qwen2.5-coder-0.5b-instruct", "gemma-3-270m"])
        #expect(recipe.dpo.loss == "sigmoid_norm")
        #expect(recipe.pairs.rules.rewardScorer == "constraints")
        #expect(recipe.pairs.rules.math.rewardWindow == false)
        let medium = try recipe.sized("medium")
        #expect(medium.prompts.perDomain == 40)
        #expect(medium.sources.allSatisfy { $0.n == 3 })
        #expect(medium.eval.limit == 40)
        let spec = try medium.sources[0].spec()
        #expect(spec.local == "qwen2.5-coder-0.5b-instruct")
        #expect(spec.n == 3)
        #expect(throws: RecipeError.self) { try recipe.sized("huge") }
    }

    @Test("the paper's recipe loads: vLLM sources, LN-DPO with beta 10")
    func paperRecipe() throws {
        let recipe = try Recipe.load(Self.repository.appendingPathComponent("recipes/fusechat3-llama-3.2-1b.yaml").path)
        #expect(recipe.sources.allSatisfy { $0.url != nil && $0.local == nil })
        #expect(recipe.dpo.loss == "sigmoid_norm")
        #expect(recipe.dpo.beta == 10)
        #expect(recipe.pairs.rules.minMargin == 0.01 && recipe.pairs.rules.maxMargin == 0.1)
        let reward = try #require(recipe.scoring.reward).settings()
        #expect(reward.api == .vllmClassify)
        #expect(reward.model == "RLHFlow/ArmoRM-Llama3-8B-v0.1")
    }

    @Test("a missing field and a wrong type are reported with the field's path")
    func errors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recipe-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let missing = dir.appendingPathComponent("missing.yaml")
        try "name: x\nprompts: {files: [a.jsonl]}\n".write(to: missing, atomically: true, encoding: .utf8)
        #expect { try Recipe.load(missing.path) } throws: { "\($0)".contains("missing field sources") }
        let wrong = dir.appendingPathComponent("wrong.yaml")
        let text = try String(contentsOf: Self.repository.appendingPathComponent("recipes/demo.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  limit: 10", with: "  limit: ten")
        try text.write(to: wrong, atomically: true, encoding: .utf8)
        #expect { try Recipe.load(wrong.path) } throws: { "\($0)".contains("eval.limit") }
        let activations = dir.appendingPathComponent("activations.yaml")
        try text.replacingOccurrences(of: "  limit: ten", with: "  limit: 10")
            .replacingOccurrences(of: "    batch: 8\n", with: "    batch: 8\n    activations: int8\n")
            .write(to: activations, atomically: true, encoding: .utf8)
        #expect(try Recipe.load(activations.path).sources.map { try $0.spec().activations } == [.int8, .int8])
        try text.replacingOccurrences(of: "  limit: ten", with: "  limit: 10")
            .replacingOccurrences(of: "    batch: 8\n", with: "    batch: 8\n    activations: int4\n")
            .write(to: activations, atomically: true, encoding: .utf8)
        #expect { try Recipe.load(activations.path) } throws: { "\($0)".contains("activations") }
        var both = try Recipe.load(Self.repository.appendingPathComponent("recipes/demo.yaml").path)
        both.sources[0].url = "http://127.0.0.1:8000/v1"
        #expect { try both.sources[0].spec() } throws: { "\($0)".contains("exactly one of `local` and `url`") }
    }

    @Test("sft.lora and dpo.lora become the trainer's LoRA settings; an unknown module is named")
    func lora() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recipe-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try String(contentsOf: Self.repository.appendingPathComponent("recipes/demo.yaml"), encoding: .utf8)
        func load(_ sft: String, _ dpo: String) throws -> Recipe {
            let file = dir.appendingPathComponent("lora.yaml")
            try demo.replacingOccurrences(of: "sft:\n", with: "sft:\n  lora: \(sft)\n")
                .replacingOccurrences(of: "dpo:\n", with: "dpo:\n  lora: \(dpo)\n").write(to: file, atomically: true, encoding: .utf8)
            return try Recipe.load(file.path)
        }
        let recipe = try load("{rank: 16, alpha: 32, dropout: 0.05, targets: [q_proj, down_proj]}", "{rank: 4}")
        let sft = try RecipeRunner.configuration(recipe.sft, stage: "sft", defaultLearningRate: 2e-5).lora
        #expect(sft == LoRAConfiguration(rank: 16, alpha: 32, dropout: 0.05, targets: [.q_proj, .down_proj]))
        let dpo = try RecipeRunner.configuration(recipe.dpo, stage: "dpo", defaultLearningRate: 1e-6).lora
        #expect(dpo == LoRAConfiguration(rank: 4))
        let demoRecipe = try Recipe.load(Self.repository.appendingPathComponent("recipes/demo.yaml").path)
        #expect(try RecipeRunner.configuration(demoRecipe.sft, stage: "sft", defaultLearningRate: 2e-5).lora == nil)
        let bad = try load("{rank: 8, targets: [q_proj, qkv]}", "{rank: 0}")
        #expect { try RecipeRunner.configuration(bad.sft, stage: "sft", defaultLearningRate: 2e-5) }
            throws: { "\($0)".contains("sft.lora.targets") && "\($0)".contains("qkv") }
        #expect { try RecipeRunner.configuration(bad.dpo, stage: "dpo", defaultLearningRate: 1e-6) }
            throws: { "\($0)".contains("dpo.lora") }
    }

    @Test("a finished stage is recorded and skipped on rerun; an unfinished one runs again")
    func stageLog() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID())")
        let recipe = try Recipe.load(Self.repository.appendingPathComponent("recipes/demo.yaml").path)
        let runner = RecipeRunner(recipe: recipe, recipeDirectory: Self.repository.appendingPathComponent("recipes"),
                                  run: .init(dir), say: { _ in })
        let counter = Counter()
        try await runner.stage("a") { counter.add() }
        try await runner.stage("a") { counter.add() }
        #expect(counter.value == 1)
        struct Boom: Error {}
        await #expect(throws: RecipeError.self) { try await runner.stage("b") { throw Boom() } }
        #expect(!runner.stages.isDone("b"))
        try await runner.stage("b") { counter.add() }
        #expect(counter.value == 2)
        #expect(runner.stages.all().map(\.stage) == ["a", "b"])
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
