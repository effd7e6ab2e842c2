import Foundation
import FuseFormats
import Testing
@testable import FuseTraining

/// scripts/fixtures/lora_oracle.py: peft's LoRA (r 4, alpha 8, all seven projections) on the tiny
/// random models of ModelParityTests, its saved adapter, float64 loss and adapter gradients.
struct LoRAFixture: Decodable {
    let rank: Int
    let alpha: Double
    let targets: [String]
    let loss: Double
}

@Suite("LoRA vs peft")
struct LoRAParityTests {
    static func adapted(_ variant: String) throws -> (TrainableModel, ModelFixture, LoRAFixture) {
        let f = try fixture(variant, as: ModelFixture.self), l = try fixture("lora_\(variant)", as: LoRAFixture.self)
        let model = TrainableModel(configuration: f.configuration)
        try model.load(from: SafetensorsFile(path: fixtureURL("\(variant)_weights", "safetensors").path))
        model.attachLoRA(LoRAConfiguration(rank: l.rank, alpha: l.alpha, targets: l.targets.compactMap(LoRAModule.init)),
                         seed: 0)
        try model.lora!.load(from: SafetensorsFile(path: fixtureURL("lora_\(variant)_adapter/adapter_model", "safetensors").path))
        return (model, f, l)
    }

    @Test("loss and every lora_A/lora_B gradient match peft + transformers (float64)", arguments: ["llama", "qwen2"])
    func gradients(variant: String) throws {
        let (model, f, l) = try Self.adapted(variant)
        #expect(model.lora!.configuration.targets.count == 7)
        let targets = shiftedTargets(f.labels, batch: f.batch)
        let (loss, dlogp) = SFTLoss.evaluate(logProbabilities: try model.forward(tokens: f.input_ids, targets: targets,
                                                                                 batch: f.batch), targets: targets)
        #expect(abs(loss - l.loss) < 2e-6 * abs(l.loss), "loss \(loss) vs \(l.loss)")
        model.zeroGradients()
        try model.backward(logProbabilityGradients: dlogp)
        let grads = try SafetensorsFile(path: fixtureURL("lora_\(variant)_grads", "safetensors").path)
        #expect(Set(grads.tensorNames) == Set(model.lora!.entries.map { LoRAAdapters.peftPrefix + $0.name }))
        for name in grads.tensorNames {
            let stored = try #require(grads.tensor(named: name))
            let expected = stored.data.withMemoryRebound(to: Float.self) { Array($0) }
            let local = String(name.dropFirst(LoRAAdapters.peftPrefix.count))
            let error = relativeError(Array(model.lora!.gradient(named: local)!), expected)
            #expect(error < 2e-5, "\(variant) \(name): relative error \(error)")
        }
    }

    @Test("the written adapter holds peft's tensors (names, shapes, values) and config fields", arguments: ["llama", "qwen2"])
    func adapterFormat(variant: String) throws {
        let (model, _, _) = try Self.adapted(variant)
        let folder = TrainerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelExport.peftAdapter(model.lora!, baseModel: "tiny", to: folder)
        let written = try SafetensorsFile(path: folder.appendingPathComponent("adapter_model.safetensors").path)
        let peft = try SafetensorsFile(path: fixtureURL("lora_\(variant)_adapter/adapter_model", "safetensors").path)
        #expect(Set(written.tensorNames) == Set(peft.tensorNames))
        for name in peft.tensorNames {
            let a = try #require(written.tensor(named: name)), b = try #require(peft.tensor(named: name))
            #expect(a.shape == b.shape && a.type == b.type && Array(a.data) == Array(b.data), "\(name)")
        }
        func config(_ url: URL) throws -> [String: JSONValue] {
            try #require(try JSONParser.parse(String(contentsOf: url, encoding: .utf8)).object)
        }
        let mine = try config(folder.appendingPathComponent("adapter_config.json"))
        let theirs = try config(fixtureURL("lora_\(variant)_adapter/adapter_config", "json"))
        for key in ["peft_type", "task_type", "r", "lora_alpha", "lora_dropout", "bias", "fan_in_fan_out", "use_rslora",
                    "use_dora", "init_lora_weights", "inference_mode", "modules_to_save", "revision"] {
            #expect(mine[key] == theirs[key], "\(key): \(String(describing: mine[key])) vs \(String(describing: theirs[key]))")
        }
        let targets = { (c: [String: JSONValue]) in Set(c["target_modules"]?.array?.compactMap(\.string) ?? []) }
        #expect(targets(mine) == targets(theirs) && mine["base_model_name_or_path"] == .string("tiny"))
    }
}
