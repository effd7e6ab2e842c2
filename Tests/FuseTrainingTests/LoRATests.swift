import Foundation
import Testing
@testable import FuseTraining

/// LoRA adapters on tiny random models: gradients against finite differences, exact identity at
/// B = 0, merged against unmerged logits, frozen base weights and exact resume.
@Suite("LoRA")
struct LoRATests {
    static let allTargets = LoRAConfiguration(rank: 3, alpha: 6, targets: LoRAModule.allCases)

    /// A model with adapters on every module and B drawn at random too (at B = 0 A's gradient is 0).
    static func adaptedModel(_ lora: LoRAConfiguration, tied: Bool, seed: UInt64) -> TrainableModel {
        let model = randomModel(tinyConfiguration(bias: !tied, tied: tied), seed: seed)
        model.attachLoRA(lora, seed: seed)
        var rng = SeededRandom(seed: seed + 1)
        for e in model.lora!.entries where e.name.hasSuffix("lora_B.weight") {
            let values = rng.floats(e.count, scale: 0.4)
            for i in 0..<e.count { model.lora!.parameters[e.offset + i] = values[i] }
        }
        return model
    }

    static func batch(_ c: TrainingConfiguration, seed: UInt64) -> (tokens: [Int32], targets: [Int32]) {
        var rng = SeededRandom(seed: seed)
        let tokens = (0..<14).map { _ in Int32.random(in: 0..<Int32(c.vocabularySize), using: &rng) }
        return (tokens, shiftedTargets(tokens, batch: 2))
    }

    @Test("A and B gradients match central differences on every module (with and without dropout)",
          arguments: [(false, 0.0), (true, 0.0), (false, 0.3)])
    func gradients(tied: Bool, dropout: Double) throws {
        var lora = Self.allTargets
        lora.dropout = dropout
        let model = Self.adaptedModel(lora, tied: tied, seed: tied ? 21 : 22)
        let adapters = try #require(model.lora)
        let (tokens, targets) = Self.batch(model.configuration, seed: 23)
        func loss() throws -> Double {
            adapters.dropoutStream = dropout > 0 ? (1, 5) : nil  // the same masks on every forward
            return SFTLoss.evaluate(logProbabilities: try model.forward(tokens: tokens, targets: targets, batch: 2),
                                    targets: targets).loss
        }
        model.zeroGradients()
        adapters.dropoutStream = dropout > 0 ? (1, 5) : nil
        let (_, dlogp) = SFTLoss.evaluate(logProbabilities: try model.forward(tokens: tokens, targets: targets, batch: 2),
                                          targets: targets)
        try model.backward(logProbabilityGradients: dlogp)
        #expect(model.gradients.isEmpty && model.gradient(named: "model.norm.weight") == nil)
        #expect(adapters.entries.count == 2 * 7 * model.configuration.layerCount)
        let h: Float = 1e-2
        var rng = SeededRandom(seed: 24)
        for e in adapters.entries {
            let g = adapters.gradient(named: e.name)!, p = adapters.parameter(named: e.name)!
            let largest = g.indices.max { abs(g[$0]) < abs(g[$1]) }!
            #expect(g[largest] != 0, "\(e.name) has no gradient")
            for i in [largest, Int.random(in: 0..<e.count, using: &rng)] {
                let numeric = try centralDifference(p, at: i, h: h, loss: loss)
                #expect(abs(numeric - Double(g[i])) <= 2e-2 * abs(Double(g[i])) + 2e-4, "\(e.name)[\(i)]: \(numeric) vs \(g[i])")
            }
        }
    }

    @Test("with B = 0 the adapted model's logits are the base model's, bit for bit")
    func identityAtZero() throws {
        let c = tinyConfiguration()
        let base = randomModel(c, seed: 31), adapted = randomModel(c, seed: 31)
        adapted.attachLoRA(LoRAConfiguration(rank: 4, alpha: 16, dropout: 0.1, targets: LoRAModule.allCases), seed: 5)
        #expect(adapted.lora!.parameters.contains { $0 != 0 })  // A is drawn, B is zero
        let (tokens, targets) = Self.batch(c, seed: 32)
        _ = try base.forward(tokens: tokens, targets: targets, batch: 2)
        _ = try adapted.forward(tokens: tokens, targets: targets, batch: 2)
        #expect(Array(base.logits) == Array(adapted.logits))
    }

    @Test("A is Kaiming-uniform as PEFT's: within ±1/√in, spread over the range, seeded")
    func initialization() {
        let c = tinyConfiguration()
        let a = LoRAAdapters(Self.allTargets, model: c, seed: 9), b = LoRAAdapters(Self.allTargets, model: c, seed: 9)
        #expect(Array(a.parameters) == Array(b.parameters))
        for e in a.entries {
            let values = Array(a.parameters[e.offset..<e.offset + e.count])
            if e.name.hasSuffix("lora_B.weight") { #expect(values.allSatisfy { $0 == 0 }); continue }
            let bound = 1 / Float(e.shape[1]).squareRoot()
            #expect(values.allSatisfy { abs($0) <= bound } && values.map(abs).max()! > 0.8 * bound, "\(e.name)")
        }
    }

    @Test("after SFT steps the merged model's logits equal the adapted model's (max |Δ| ≤ 1e-5 · max |logit|)")
    func mergeMatches() throws {
        let c = tinyConfiguration()
        let model = randomModel(c, seed: 41)
        let before = Array(model.parameters)
        var configuration = TrainerTests().configuration
        configuration.lora = LoRAConfiguration(rank: 4, alpha: 8, dropout: 0.1, targets: [.q_proj, .v_proj, .down_proj])
        configuration.maxSteps = 4
        configuration.learningRate = 3e-2
        let steps = try SFTTrainer(model: model, examples: TrainerTests.sftExamples(count: 8, seed: 42),
                                   configuration: configuration, output: nil).train()
        #expect(steps.count == 4 && steps.last!["loss"]! < steps.first!["loss"]!)
        #expect(Array(model.parameters) == before)  // frozen
        #expect(model.lora!.entries.contains { e in e.name.hasSuffix("lora_B.weight")
            && model.lora!.parameters[e.offset..<e.offset + e.count].contains { $0 != 0 } })
        let (tokens, targets) = Self.batch(c, seed: 43)
        _ = try model.forward(tokens: tokens, targets: targets, batch: 2)
        let adapted = Array(model.logits)
        model.mergeLoRA()
        #expect(model.lora == nil && Array(model.parameters) != before)
        _ = try model.forward(tokens: tokens, targets: targets, batch: 2)
        let merged = Array(model.logits)
        let scale = adapted.map(abs).max()!
        let worst = zip(adapted, merged).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-5 * scale, "max |Δ logit| \(worst)")
    }

    @Test("LoRA SFT stopped at step 4 and resumed gives the same losses; checkpoints hold only the adapters")
    func resume() throws {
        let examples = TrainerTests.sftExamples(count: 10, seed: 1)
        let a = TrainerTests.temporaryFolder(), b = TrainerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        var configuration = TrainerTests().configuration
        configuration.lora = LoRAConfiguration(rank: 2, alpha: 4, dropout: 0.2, targets: [.q_proj, .k_proj, .o_proj, .up_proj])
        configuration.learningRate = 3e-2
        let whole = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                                   configuration: configuration, output: a).train()
        #expect(whole.count == 9)
        _ = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                           configuration: configuration, output: b).train(stopAfter: 4)
        let resumedModel = randomModel(tinyConfiguration(), seed: 3)
        resumedModel.attachLoRA(configuration.lora!, seed: 1234)  // other A: the checkpoint replaces it
        let resumed = try SFTTrainer(model: resumedModel, examples: examples, configuration: configuration, output: b)
        try resumed.resume()
        let rest = try resumed.train()
        #expect(rest.count == 5)
        for (x, y) in zip(whole, MetricsLog(url: b.appendingPathComponent("metrics.jsonl")).read()) {
            #expect(x["loss"] == y["loss"] && x["grad_norm"] == y["grad_norm"], "step \(x.step)")
        }
        #expect(whole.last!["loss"]! < whole.first!["loss"]!)
        let adapters = resumedModel.lora!.parameters.count
        let size = try FileManager.default.attributesOfItem(atPath: b.appendingPathComponent("checkpoint/tensors.bin").path)[.size] as! Int
        #expect(size == 3 * adapters * 4 && adapters < resumedModel.parameters.count / 4)
    }

    @Test("LoRA DPO: the reference is the model without adapters (step 1: margins 0, loss log 2), then margins grow")
    func dpo() throws {
        let examples = TrainerTests.dpoExamples(count: 8, seed: 5)
        let reference = try ReferenceLogProbs.compute(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                                                      batchSize: 3)
        var configuration = TrainerTests().configuration
        configuration.learningRate = 3e-2
        configuration.lora = LoRAConfiguration(rank: 4, alpha: 8, targets: LoRAModule.allCases)
        let model = randomModel(tinyConfiguration(), seed: 3)
        let steps = try DPOTrainer(model: model, examples: examples, reference: reference, configuration: configuration,
                                   dpo: DPOConfiguration(loss: .sigmoid, beta: 0.5), output: nil).train()
        #expect(abs(steps[0]["rewards/margins"]!) < 1e-5 && abs(steps[0]["loss"]! - log(2)) < 1e-5)
        #expect(steps.last!["rewards/margins"]! > 0 && steps.last!["loss"]! < log(2))
        #expect(model.gradients.isEmpty)
    }
}
