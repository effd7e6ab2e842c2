import FuseData
import Foundation

/// mlx-lm: `data/train.jsonl` / `data/valid.jsonl` in its chat format (`{"messages": [...]}`) and a
/// `lora_config.yaml` for `mlx_lm.lora --config` (full fine-tuning, prompt tokens masked). mlx-lm
/// trains SFT only: DPO pairs are not exported.
struct MLXExport {
    let plan: TrainingPlan
    let input: ExportInput

    func bundle() -> ExportBundle {
        var out = ExportBundle()
        if !input.dpo.isEmpty {
            out.note("mlx-lm has no preference (DPO) trainer: the \(input.dpo.count) DPO pairs are not exported for it.")
        }
        guard !input.sft.isEmpty else { return out }
        let (train, valid) = split
        out.add("data/train.jsonl", jsonl(train.map { Conversation(messages: $0.messages) }))
        out.add("data/valid.jsonl", jsonl(valid.map { Conversation(messages: $0.messages) }))
        out.add("lora_config.yaml", config(trainCount: train.count).yaml())
        out.add("launch_sft.sh", launchScript("mlx-lm full fine-tuning of \(plan.targetModel).",
                                              ["mlx_lm.lora --config lora_config.yaml \"$@\""]))
        return out
    }

    /// Deterministic hold-out: every record whose prompt-id hash falls in the validation fraction,
    /// at least one record, never all of them (when there are two or more).
    var split: (train: [SFTRecord], valid: [SFTRecord]) {
        let records = input.sft.sorted { $0.id < $1.id }
        let count = max(1, min(records.count - 1, Int((Double(records.count) * plan.validationFraction).rounded())))
        guard records.count > 1 else { return (records, records) }
        let stride = Double(records.count) / Double(count)
        let validIndices = Set((0..<count).map { Int(Double($0) * stride) })
        let valid = records.indices.filter { validIndices.contains($0) }.map { records[$0] }
        let train = records.indices.filter { !validIndices.contains($0) }.map { records[$0] }
        return (train, valid)
    }

    func config(trainCount: Int) -> ConfigValue {
        let s = plan.sft
        let iters = max(1, (trainCount * s.epochs + s.globalBatchSize - 1) / s.globalBatchSize)
        let warmup = Int((Double(iters) * s.warmupRatio).rounded())
        return .map([
            ("model", .string(plan.targetModel)),
            ("train", .bool(true)),
            ("data", .string("data")),
            ("fine_tune_type", .string("full")),
            ("mask_prompt", .bool(true)),
            ("batch_size", .int(s.globalBatchSize)),
            ("iters", .int(iters)),
            ("learning_rate", .double(s.learningRate)),
            ("max_seq_length", .int(s.maxLength)),
            ("grad_checkpoint", .bool(true)),
            ("lr_schedule", .map([
                ("name", .string("cosine_decay")),
                ("warmup", .int(warmup)),
                ("arguments", .list([.double(s.learningRate), .int(max(1, iters - warmup))])),
            ])),
            ("steps_per_report", .int(10)),
            ("steps_per_eval", .int(max(1, iters / 10))),
            ("save_every", .int(max(1, iters / 3))),
            ("adapter_path", .string("output/sft")),
        ])
    }
}

private struct Conversation: Encodable { let messages: [ChatMessage] }
