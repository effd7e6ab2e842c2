import FuseData

/// LLaMA-Factory: sharegpt-format datasets with OpenAI-style `role`/`content` tags registered in
/// `dataset_info.json` (the DPO set as `ranking: true` with `chosen`/`rejected` messages), full
/// fine-tuning YAMLs for `llamafactory-cli train` with DeepSpeed ZeRO-3.
struct LlamaFactoryExport {
    let plan: TrainingPlan
    let input: ExportInput

    func bundle() -> ExportBundle {
        var out = ExportBundle()
        let template = Self.template(for: plan.targetModel)
        if template == "default" {
            out.note("LLaMA-Factory: no chat template known for \(plan.targetModel); set `template:` in the YAMLs.")
        }
        out.add("ds_zero3.json", deepSpeedZero3.json() + "\n")
        var datasets: [(String, ConfigValue)] = []
        if !input.sft.isEmpty {
            out.add("data/fusechat_sft.jsonl", jsonl(input.sft.map { SharegptConversation(messages: $0.messages) }))
            datasets.append(("fusechat_sft", entry(file: "fusechat_sft.jsonl", ranking: false)))
            out.add("sft.yaml", config(stage: "sft", dataset: "fusechat_sft", template: template).yaml())
            out.add("launch_sft.sh", launch("sft.yaml"))
        }
        if !input.dpo.isEmpty {
            out.add("data/fusechat_dpo.jsonl", jsonl(input.dpo.map {
                SharegptRanking(messages: $0.prompt, chosen: $0.chosen.last ?? .assistant(""), rejected: $0.rejected.last ?? .assistant(""))
            }))
            datasets.append(("fusechat_dpo", entry(file: "fusechat_dpo.jsonl", ranking: true)))
            if plan.dpo.loss == .sigmoidNorm {
                out.note("LLaMA-Factory has no length-normalized DPO (`pref_loss` offers sigmoid, hinge, ipo, orpo, simpo...): "
                    + "dpo.yaml not written. Re-export with `--dpo-loss sigmoid --beta 0.01` (the paper's Qwen/Gemma setting) or train DPO with TRL.")
            } else {
                out.add("dpo.yaml", config(stage: "dpo", dataset: "fusechat_dpo", template: template).yaml())
                out.add("launch_dpo.sh", launch("dpo.yaml"))
            }
        }
        out.add("data/dataset_info.json", ConfigValue.map(datasets).json() + "\n")
        return out
    }

    /// LLaMA-Factory's `template` name for a model id (its `data/template.py` registry names).
    static func template(for model: String) -> String {
        let id = model.lowercased()
        let table: [(String, String)] = [
            ("llama-3", "llama3"), ("llama3", "llama3"), ("qwen3", "qwen3"), ("qwen", "qwen"),
            ("gemma-3", "gemma3"), ("gemma3", "gemma3"), ("gemma", "gemma"), ("mistral", "mistral"),
        ]
        return table.first { id.contains($0.0) }?.1 ?? "default"
    }

    private func entry(file: String, ranking: Bool) -> ConfigValue {
        var columns: [(String, ConfigValue)] = [("messages", .string("messages"))]
        if ranking { columns += [("chosen", .string("chosen")), ("rejected", .string("rejected"))] }
        return .map([
            ("file_name", .string(file)),
            ("formatting", .string("sharegpt")),
            ("ranking", .bool(ranking)),
            ("columns", .map(columns)),
            ("tags", .map([
                ("role_tag", .string("role")), ("content_tag", .string("content")),
                ("user_tag", .string("user")), ("assistant_tag", .string("assistant")),
                ("system_tag", .string("system")),
            ])),
        ])
    }

    func config(stage: String, dataset: String, template: String) -> ConfigValue {
        let isDPO = stage == "dpo"
        let lr = isDPO ? plan.dpo.learningRate : plan.sft.learningRate
        let epochs = isDPO ? plan.dpo.epochs : plan.sft.epochs
        let batch = isDPO ? plan.dpo.globalBatchSize : plan.sft.globalBatchSize
        var pairs: [(String, ConfigValue)] = [
            ("model_name_or_path", .string(plan.targetModel)),
            ("stage", .string(stage)),
            ("do_train", .bool(true)),
            ("finetuning_type", .string("full")),
            ("deepspeed", .string("ds_zero3.json")),
        ]
        if isDPO {
            pairs += [("pref_beta", .double(plan.dpo.beta)), ("pref_loss", .string(plan.dpo.loss.rawValue))]
        }
        pairs += [
            ("dataset", .string(dataset)),
            ("dataset_dir", .string("data")),
            ("template", .string(template)),
            ("cutoff_len", .int(isDPO ? plan.dpo.maxLength : plan.sft.maxLength)),
            ("output_dir", .string("output/\(stage)")),
            ("logging_steps", .int(10)),
            ("save_steps", .int(isDPO ? plan.dpo.saveSteps : 500)),
            ("per_device_train_batch_size", .int(plan.perDeviceBatchSize)),
            ("gradient_accumulation_steps", .int(plan.gradientAccumulation(globalBatch: batch))),
            ("learning_rate", .double(lr)),
            ("num_train_epochs", .double(Double(epochs))),
            ("lr_scheduler_type", .string(isDPO ? plan.dpo.schedule : plan.sft.schedule)),
            ("warmup_ratio", .double(isDPO ? plan.dpo.warmupRatio : plan.sft.warmupRatio)),
            ("bf16", .bool(true)),
            ("report_to", .string("none")),
        ]
        return .map(pairs)
    }

    private func launch(_ config: String) -> String {
        launchScript("LLaMA-Factory full fine-tuning of \(plan.targetModel) (DeepSpeed ZeRO-3, all visible GPUs).",
                     ["FORCE_TORCHRUN=1 llamafactory-cli train \(config) \"$@\""])
    }
}

private struct SharegptConversation: Encodable { let messages: [ChatMessage] }
private struct SharegptRanking: Encodable {
    let messages: [ChatMessage]
    let chosen, rejected: ChatMessage
}
