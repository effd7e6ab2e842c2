import Foundation
import FuseFormats

extension ModelExport {
    /// The adapters alone as PEFT saves them (`PeftModel.from_pretrained(base, folder)` loads it):
    /// `adapter_model.safetensors` (F32, names `base_model.model.model.layers.L.self_attn.q_proj.lora_A.weight`,
    /// Hugging Face row order) and `adapter_config.json` (`peft_type` LORA, `task_type` CAUSAL_LM,
    /// `r`, `lora_alpha`, `lora_dropout`, `target_modules`, `base_model_name_or_path`, bias none).
    public static func peftAdapter(_ lora: LoRAAdapters, baseModel: String, to folder: URL) throws(TrainerError) {
        let c = lora.configuration
        var weights = SafetensorsWriter()
        for e in lora.entries {
            weights.add(name: LoRAAdapters.peftPrefix + e.name, shape: e.shape,
                        values: Array(lora.parameters[e.offset..<e.offset + e.count]))
        }
        let alpha: JSONValue = c.alpha == c.alpha.rounded() ? .int(Int(c.alpha)) : .double(c.alpha)
        let config: [String: JSONValue] = [
            "peft_type": .string("LORA"), "task_type": .string("CAUSAL_LM"), "r": .int(c.rank), "lora_alpha": alpha,
            "lora_dropout": .double(c.dropout), "target_modules": .array(c.targets.map { .string($0.rawValue) }),
            "base_model_name_or_path": .string(baseModel), "bias": .string("none"), "fan_in_fan_out": .bool(false),
            "inference_mode": .bool(true), "init_lora_weights": .bool(true), "use_rslora": .bool(false),
            "use_dora": .bool(false), "modules_to_save": .null, "revision": .null,
        ]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try weights.write(to: folder.appendingPathComponent("adapter_model.safetensors"))
            try Data(JSONWriter.indented(.object(config)).utf8).write(to: folder.appendingPathComponent("adapter_config.json"))
        } catch { throw .export("\(folder.path): \(error)") }
    }
}
