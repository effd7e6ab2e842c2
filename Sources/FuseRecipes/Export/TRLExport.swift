import FuseData

/// TRL (checked against trl 1.16.0 on transformers 5.24, which dropped `warmup_ratio`: the
/// ratio goes in `warmup_steps`): datasets in TRL's conversational formats, `trl sft` / `trl dpo`
/// YAML configs read by `TrlParser`, an accelerate config with DeepSpeed ZeRO-3, launch scripts.
struct TRLExport {
    let plan: TrainingPlan
    let input: ExportInput

    func bundle() -> ExportBundle {
        var out = ExportBundle()
        out.add("ds_zero3.json", deepSpeedZero3.json() + "\n")
        out.add("accelerate_zero3.yaml", accelerateConfig.yaml())
        if !input.sft.isEmpty {
            out.add("data/sft.jsonl", jsonl(input.sft.map { TRLMessages(messages: $0.messages) }))
            out.add("sft_config.yaml", sftConfig.yaml())
            out.add("launch_sft.sh", launch("sft", config: "sft_config.yaml"))
        }
        if !input.dpo.isEmpty {
            out.add("data/dpo.jsonl", jsonl(input.dpo.map { TRLPreference(prompt: $0.prompt, chosen: $0.chosen, rejected: $0.rejected) }))
            out.add("dpo_config.yaml", dpoConfig.yaml())
            out.add("launch_dpo.sh", launch("dpo", config: "dpo_config.yaml"))
        }
        return out
    }

    /// accelerate's DeepSpeed launcher settings; `num_processes` is the plan's GPU count.
    var accelerateConfig: ConfigValue {
        .map([
            ("compute_environment", .string("LOCAL_MACHINE")),
            ("distributed_type", .string("DEEPSPEED")),
            ("deepspeed_config", .map([
                ("deepspeed_config_file", .string("ds_zero3.json")),
                ("zero3_init_flag", .bool(true)),
            ])),
            ("machine_rank", .int(0)),
            ("main_training_function", .string("main")),
            ("num_machines", .int(1)),
            ("num_processes", .int(plan.gpus)),
            ("rdzv_backend", .string("static")),
            ("same_network", .bool(true)),
            ("use_cpu", .bool(false)),
        ])
    }

    var sftConfig: ConfigValue {
        let s = plan.sft
        return .map(common(data: "data/sft.jsonl", output: "output/sft") + [
            ("learning_rate", .double(s.learningRate)),
            ("num_train_epochs", .double(Double(s.epochs))),
            ("gradient_accumulation_steps", .int(plan.gradientAccumulation(globalBatch: s.globalBatchSize))),
            ("max_length", .int(s.maxLength)),
            ("lr_scheduler_type", .string(s.schedule)),
            ("warmup_steps", .double(s.warmupRatio)),  // transformers 5: a float < 1 is a ratio
            ("assistant_only_loss", .bool(false)),
            ("completion_only_loss", .bool(true)),
            ("save_strategy", .string("epoch")),
        ])
    }

    var dpoConfig: ConfigValue {
        let d = plan.dpo
        return .map(common(data: "data/dpo.jsonl", output: "output/dpo") + [
            ("loss_type", .list([.string(d.loss.rawValue)])),
            ("beta", .double(d.beta)),
            ("learning_rate", .double(d.learningRate)),
            ("num_train_epochs", .double(Double(d.epochs))),
            ("gradient_accumulation_steps", .int(plan.gradientAccumulation(globalBatch: d.globalBatchSize))),
            ("max_length", .int(d.maxLength)),
            ("lr_scheduler_type", .string(d.schedule)),
            ("warmup_steps", .double(d.warmupRatio)),
            ("save_strategy", .string("steps")),
            ("save_steps", .int(d.saveSteps)),
        ])
    }

    private func common(data: String, output: String) -> [(String, ConfigValue)] {
        [
            ("model_name_or_path", .string(plan.targetModel)),
            ("datasets", .list([.map([
                ("path", .string("json")),
                ("data_files", .string(data)),
                ("split", .string("train")),
            ])])),
            ("output_dir", .string(output)),
            ("per_device_train_batch_size", .int(plan.perDeviceBatchSize)),
            ("bf16", .bool(true)),
            ("gradient_checkpointing", .bool(true)),
            ("logging_steps", .int(10)),
            ("report_to", .string("none")),
        ]
    }

    private func launch(_ command: String, config: String) -> String {
        launchScript("TRL \(command.uppercased()) of \(plan.targetModel) on \(plan.gpus) GPUs (DeepSpeed ZeRO-3).", [
            "accelerate launch --config_file accelerate_zero3.yaml",
            "\"$(python -c 'import trl.scripts.\(command) as m; print(m.__file__)')\"",
            "--config \(config) \"$@\"",
        ])
    }
}

private struct TRLMessages: Encodable { let messages: [ChatMessage] }
private struct TRLPreference: Encodable { let prompt, chosen, rejected: [ChatMessage] }
