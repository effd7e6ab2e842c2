/// The README.md of an export folder: what is in it, the recipe, and the commands to run.
struct ExportReadme {
    let tool: ExportTool
    let plan: TrainingPlan
    let input: ExportInput
    let bundle: ExportBundle

    var text: String {
        var lines = [
            "# FuseChat export for \(toolName)",
            "",
            "Target model: `\(plan.targetModel)`. Data: \(input.sft.count) SFT conversations, \(input.dpo.count) DPO pairs "
                + "(from `fusechat pairs`; FuseChat-3.0 recipe, `FUSECHAT3.md` §5).",
            "",
            "- SFT: lr \(ConfigValue.number(plan.sft.learningRate)), \(plan.sft.epochs) epochs, global batch \(plan.sft.globalBatchSize), "
                + "max length \(plan.sft.maxLength), \(plan.sft.schedule), warmup \(ConfigValue.number(plan.sft.warmupRatio)).",
            "- DPO (from the SFT model, also the reference): loss `\(plan.dpo.loss.rawValue)`, beta \(ConfigValue.number(plan.dpo.beta)), "
                + "lr \(ConfigValue.number(plan.dpo.learningRate)), \(plan.dpo.epochs) epoch(s), global batch \(plan.dpo.globalBatchSize), "
                + "checkpoint every \(plan.dpo.saveSteps) steps.",
            "- Launch scripts assume \(plan.gpus) GPUs x per-device batch \(plan.perDeviceBatchSize); gradient accumulation fills the global batch.",
            "",
            "## Files",
            "",
        ]
        lines += bundle.files.map { "- `\($0.path)`" }
        lines += ["", "## Run", "", "```sh", install]
        lines += bundle.files.map(\.path).filter { $0.hasSuffix(".sh") }.sorted().map { "./\($0)" }
        lines += ["```", "", dpoHint]
        if !bundle.notes.isEmpty {
            lines += ["", "## Notes", ""] + bundle.notes.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var toolName: String {
        switch tool {
        case .trl: return "TRL (`trl sft` / `trl dpo` under `accelerate launch`, DeepSpeed ZeRO-3)"
        case .llamaFactory: return "LLaMA-Factory (`llamafactory-cli train`)"
        case .openrlhf: return "OpenRLHF (`deepspeed --module openrlhf.cli.train_sft` / `train_dpo`)"
        case .mlxLM: return "mlx-lm (`mlx_lm.lora`, Apple silicon)"
        }
    }

    private var install: String {
        switch tool {
        case .trl: return "pip install 'trl>=1.0' accelerate deepspeed datasets"
        case .llamaFactory: return "pip install 'llamafactory[torch,metrics,deepspeed]'"
        case .openrlhf: return "pip install openrlhf"
        case .mlxLM: return "pip install mlx-lm"
        }
    }

    private var dpoHint: String {
        switch tool {
        case .mlxLM: return "mlx-lm trains SFT only."
        default:
            return "Run DPO on the SFT checkpoint: point the DPO model path at `output/sft` "
                + "(edit the DPO config/script, or re-export with `--target output/sft`)."
        }
    }
}
