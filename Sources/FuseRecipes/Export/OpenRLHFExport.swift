import FuseData

/// OpenRLHF (flags of openrlhf 0.11.2, which spells them `--group.name`): JSONL read with `--apply_chat_template` (SFT: `messages` with `--multiturn`; DPO:
/// `prompt` / `chosen` / `rejected` message lists; no length-normalized DPO loss) and `deepspeed --module openrlhf.cli.train_sft`
/// / `train_dpo` launch scripts with ZeRO-3.
struct OpenRLHFExport {
    let plan: TrainingPlan
    let input: ExportInput

    func bundle() -> ExportBundle {
        var out = ExportBundle()
        if !input.sft.isEmpty {
            out.add("data/sft.jsonl", jsonl(input.sft.map { Conversation(messages: $0.messages) }))
            out.add("launch_sft.sh", launchScript("OpenRLHF SFT of \(plan.targetModel) (DeepSpeed ZeRO-3, all visible GPUs).",
                                                  ["deepspeed --module openrlhf.cli.train_sft"] + sftFlags + ["\"$@\""]))
        }
        if !input.dpo.isEmpty {
            out.add("data/dpo.jsonl", jsonl(input.dpo.map { Preference(prompt: $0.prompt, chosen: $0.chosen, rejected: $0.rejected) }))
            if plan.dpo.loss == .sigmoidNorm {
                out.note("OpenRLHF's train_dpo has no length-normalized DPO loss: launch_dpo.sh not written. "
                    + "Re-export with `--dpo-loss sigmoid --beta 0.01`, or train DPO with TRL (`sigmoid_norm`).")
            } else {
                out.add("launch_dpo.sh", launchScript("OpenRLHF DPO of \(plan.targetModel) (the SFT model is also the reference).",
                                                      ["deepspeed --module openrlhf.cli.train_dpo"] + dpoFlags + ["\"$@\""]))
            }
        }
        return out
    }

    var sftFlags: [String] {
        let s = plan.sft
        return common(batch: s.globalBatchSize, maxLength: s.maxLength, epochs: s.epochs, lr: s.learningRate,
                      warmup: s.warmupRatio, save: "output/sft", saveSteps: -1) + [
            "--data.dataset data/sft.jsonl",
            "--data.input_key messages",
            "--data.multiturn",
        ]
    }

    var dpoFlags: [String] {
        let d = plan.dpo
        return common(batch: d.globalBatchSize, maxLength: d.maxLength, epochs: d.epochs, lr: d.learningRate,
                      warmup: d.warmupRatio, save: "output/dpo", saveSteps: d.saveSteps) + [
            "--data.dataset data/dpo.jsonl",
            "--data.prompt_key prompt",
            "--data.chosen_key chosen",
            "--data.rejected_key rejected",
            "--model.beta \(ConfigValue.number(d.beta))",
        ]
    }

    private func common(batch: Int, maxLength: Int, epochs: Int, lr: Double, warmup: Double,
                        save: String, saveSteps: Int) -> [String] {
        [
            "--model.model_name_or_path \(plan.targetModel)",
            "--ckpt.output_dir \(save)",
            "--ckpt.save_steps \(saveSteps)",
            "--logger.logging_steps 10",
            "--train.batch_size \(batch)",
            "--train.micro_batch_size \(plan.perDeviceBatchSize)",
            "--data.max_len \(maxLength)",
            "--train.max_epochs \(epochs)",
            "--adam.lr \(ConfigValue.number(lr))",
            "--lr_scheduler cosine_with_min_lr",
            "--lr_warmup_ratio \(ConfigValue.number(warmup))",
            "--ds.zero_stage 3",
            "--ds.param_dtype bf16",
            "--model.gradient_checkpointing_enable",
            "--data.apply_chat_template",
        ]
    }
}

private struct Conversation: Encodable { let messages: [ChatMessage] }
private struct Preference: Encodable { let prompt, chosen, rejected: [ChatMessage] }
