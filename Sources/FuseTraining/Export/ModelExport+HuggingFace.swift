import Foundation
import FuseFormats
import FuseText

extension ModelExport {
    /// A Hugging Face folder: `model.safetensors` (F32, Hugging Face names; the LM head left out
    /// when tied), `config.json`, `generation_config.json`, `tokenizer_config.json` with the chat
    /// template and special tokens, and `tokenizer.json` copied when the target is a Hugging Face
    /// folder. A GGUF target has no `tokenizer.json` to copy and none is synthesized: load the
    /// tokenizer from the exported GGUF (`AutoTokenizer.from_pretrained(dir, gguf_file=...)`).
    public static func huggingFace(_ model: TrainableModel, target: TrainingTarget, to folder: URL) throws(TrainerError) {
        let c = model.configuration
        let files = target.files
        let architecture = files.architecture == "qwen2" ? "qwen2" : "llama"
        let tokenizer: BPETokenizer
        do { tokenizer = try files.tokenizer() } catch { throw .export("tokenizer of \(files.location.path): \(error)") }
        let options = files.templateOptions(tokenizer: tokenizer, addGenerationPrompt: false)
        var contextLength = 2048
        if case .gguf(let file) = files.contents, let n = file.int("\(architecture).context_length") { contextLength = n }
        if case .huggingFace(let f) = files.contents, let n = f.config["max_position_embeddings"]?.int { contextLength = n }
        var config: [String: JSONValue] = [
            "architectures": .array([.string(architecture == "qwen2" ? "Qwen2ForCausalLM" : "LlamaForCausalLM")]),
            "model_type": .string(architecture), "vocab_size": .int(c.vocabularySize), "hidden_size": .int(c.hiddenSize),
            "intermediate_size": .int(c.intermediateSize), "num_hidden_layers": .int(c.layerCount),
            "num_attention_heads": .int(c.headCount), "num_key_value_heads": .int(c.kvHeadCount), "head_dim": .int(c.headSize),
            "rope_theta": .double(c.ropeTheta), "rms_norm_eps": .double(Double(c.rmsEpsilon)),
            "tie_word_embeddings": .bool(c.tieWordEmbeddings), "hidden_act": .string("silu"),
            "max_position_embeddings": .int(contextLength), "torch_dtype": .string("float32"),
        ]
        if architecture == "llama" { config["attention_bias"] = .bool(c.attentionBias); config["mlp_bias"] = .bool(false) }
        var generation: [String: JSONValue] = [:]
        if let bos = tokenizer.specialTokens.bos { config["bos_token_id"] = .int(bos); generation["bos_token_id"] = .int(bos) }
        if let eos = tokenizer.specialTokens.eos { config["eos_token_id"] = .int(eos); generation["eos_token_id"] = .int(eos) }
        var tokenizerConfig: [String: JSONValue] = ["model_max_length": .int(contextLength)]
        if let template = files.embeddedChatTemplate { tokenizerConfig["chat_template"] = .string(template) }
        if let bos = options.bosToken { tokenizerConfig["bos_token"] = .string(bos) }
        if let eos = options.eosToken { tokenizerConfig["eos_token"] = .string(eos) }
        for (k, v) in options.specialTokens { tokenizerConfig[k] = .string(v) }
        var weights = SafetensorsWriter()
        for e in model.layout.entries {
            weights.add(name: e.name, shape: e.shape, values: Array(model.parameters[e.offset..<e.offset + e.count]))
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try weights.write(to: folder.appendingPathComponent("model.safetensors"))
            for (name, object) in [("config.json", config), ("generation_config.json", generation), ("tokenizer_config.json", tokenizerConfig)] {
                try Data(JSONWriter.indented(.object(object)).utf8).write(to: folder.appendingPathComponent(name))
            }
            if case .huggingFace(let f) = files.contents, let path = f.tokenizerJSONPath {
                let destination = folder.appendingPathComponent("tokenizer.json")
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: destination)
            }
        } catch { throw .export("\(folder.path): \(error)") }
    }
}

