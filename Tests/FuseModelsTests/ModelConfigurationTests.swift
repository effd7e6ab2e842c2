import Foundation
import FuseFormats
import FuseModels
import Testing

/// `ModelConfiguration` from GGUF metadata and from a `transformers` config (the one
/// `transformers` itself derived from the same GGUF file, stored in the reference fixtures) agree
/// on every field that does not depend on the checkpoint format.
@Suite("Model configuration from GGUF and from config.json")
struct ModelConfigurationTests {
    static let models = ["smollm2-135m-instruct"]

    static func fixtureConfig(_ model: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/logits-\(model)", withExtension: "json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try JSONSerialization.data(withJSONObject: try #require(object["config"]))
    }

    @Test("GGUF metadata and transformers' config agree", arguments: models)
    func ggufMatchesTransformers(model: String) throws {
        let demo = try #require(DemoModel.named(model))
        let file = try GGUFFile(path: ModelStore().path(of: demo).path)
        let gguf = try ModelConfiguration(gguf: file.metadata, tensors: file)
        let hf = try ModelConfiguration(huggingFaceConfig: Self.fixtureConfig(model))
        #expect(gguf.architecture == hf.architecture)
        #expect(gguf.hiddenSize == hf.hiddenSize)
        #expect(gguf.layerCount == hf.layerCount)
        #expect(gguf.headCount == hf.headCount)
        #expect(gguf.kvHeadCount == hf.kvHeadCount)
        #expect(gguf.headDim == hf.headDim)
        #expect(gguf.intermediateSize == hf.intermediateSize)
        #expect(gguf.vocabularySize == hf.vocabularySize)
        #expect(abs(gguf.rmsNormEpsilon - hf.rmsNormEpsilon) <= 1e-12)
        #expect(gguf.ropeTheta == hf.ropeTheta)
        #expect(gguf.localRopeTheta == hf.localRopeTheta)
        #expect(gguf.slidingWindow == hf.slidingWindow)
        #expect(gguf.slidingLayers == hf.slidingLayers)
        #expect(gguf.tieWordEmbeddings == hf.tieWordEmbeddings)
        #expect(gguf.attentionBias == hf.attentionBias)
        #expect(gguf.queryPreAttentionScalar == hf.queryPreAttentionScalar)
        // Format-specific: GGUF Llama files permute Q/K for adjacent-pair RoPE; Gemma GGUF stores 1 + w.
        #expect(gguf.ropeOrder == (model.hasPrefix("smollm2") ? .interleaved : .neox))
        #expect(hf.ropeOrder == .neox)
        #expect(!gguf.normAddsOne)
        #expect(hf.normAddsOne == model.hasPrefix("gemma"))
    }

    @Test("Llama 3.1 rope_scaling is read from config.json")
    func llama31Scaling() throws {
        let json = """
        {"model_type": "llama", "hidden_size": 2048, "num_hidden_layers": 16, "num_attention_heads": 32,
         "num_key_value_heads": 8, "intermediate_size": 8192, "vocab_size": 128256, "rope_theta": 500000.0,
         "rms_norm_eps": 1e-05, "tie_word_embeddings": true, "max_position_embeddings": 131072,
         "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                          "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
        """
        let c = try ModelConfiguration(huggingFaceConfig: Data(json.utf8))
        #expect(c.ropeScaling == .init(factor: 32, lowFrequencyFactor: 1, highFrequencyFactor: 4, originalContextLength: 8192))
        #expect(c.headDim == 64)
        #expect(c.slidingLayers.isEmpty)
    }

    @Test("config.json errors name the missing field or unknown type")
    func errors() {
        #expect(throws: ModelConfigurationError.missingField("num_hidden_layers", source: "config.json")) {
            try ModelConfiguration(huggingFaceConfig: Data(#"{"model_type": "qwen2", "hidden_size": 8}"#.utf8))
        }
        #expect(throws: ModelConfigurationError.unknownArchitecture("bert")) {
            try ModelConfiguration(huggingFaceConfig: Data(#"{"model_type": "bert"}"#.utf8))
        }
    }
}
