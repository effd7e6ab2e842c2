import Foundation
import FuseFormats
import Testing
@testable import FuseTraining

/// The tiny random models of scripts/fixtures/training_grads.py, with transformers' float64 loss,
/// logits and gradients.
struct ModelFixture: Decodable {
    struct Config: Decodable {
        let vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads: Int
        let num_key_value_heads, head_dim: Int
        let rms_norm_eps, rope_theta: Double
        let tie_word_embeddings, attention_bias: Bool
    }
    let config: Config
    let batch: Int
    let input_ids: [Int32]
    let labels: [Int32]
    let loss: Double
    let logits: [Float]

    var configuration: TrainingConfiguration {
        TrainingConfiguration(vocabularySize: config.vocab_size, hiddenSize: config.hidden_size,
                              intermediateSize: config.intermediate_size, layerCount: config.num_hidden_layers,
                              headCount: config.num_attention_heads, kvHeadCount: config.num_key_value_heads,
                              headSize: config.head_dim, ropeTheta: config.rope_theta,
                              rmsEpsilon: Float(config.rms_norm_eps), tieWordEmbeddings: config.tie_word_embeddings,
                              attentionBias: config.attention_bias)
    }
}

@Suite("Trainable model vs transformers")
struct ModelParityTests {
    @Test("loss, logits and every parameter gradient match transformers (float64)", arguments: ["llama", "qwen2"])
    func parity(variant: String) throws {
        let f = try fixture(variant, as: ModelFixture.self)
        let model = TrainableModel(configuration: f.configuration)
        try model.load(from: SafetensorsFile(path: fixtureURL("\(variant)_weights", "safetensors").path))
        let targets = shiftedTargets(f.labels, batch: f.batch)
        let logps = try model.forward(tokens: f.input_ids, targets: targets, batch: f.batch)
        #expect(relativeError(Array(model.logits), f.logits) < 2e-6)
        let (loss, dlogp) = SFTLoss.evaluate(logProbabilities: logps, targets: targets)
        #expect(abs(loss - f.loss) < 2e-6 * abs(f.loss))

        try model.backward(logProbabilityGradients: dlogp)
        let grads = try SafetensorsFile(path: fixtureURL("\(variant)_grads", "safetensors").path)
        #expect(Set(grads.tensorNames) == Set(model.layout.entries.map(\.name)))
        for name in grads.tensorNames {
            let stored = try #require(grads.tensor(named: name))
            let expected = stored.data.withMemoryRebound(to: Float.self) { Array($0) }
            let error = relativeError(Array(model.gradient(named: name)!), expected)
            #expect(error < 2e-5, "\(variant) \(name): relative error \(error)")
        }
    }

    @Test("a tensor with the wrong shape is refused by name")
    func wrongShape() throws {
        var c = try fixture("llama", as: ModelFixture.self).configuration
        c.intermediateSize += 1
        let model = TrainableModel(configuration: c)
        #expect(throws: TrainingError.shapeMismatch(name: "model.layers.0.mlp.gate_proj.weight", expected: [41, 32],
                                                    found: [40, 32])) {
            try model.load(from: SafetensorsFile(path: fixtureURL("llama_weights", "safetensors").path))
        }
    }
}
