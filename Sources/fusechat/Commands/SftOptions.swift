import ArgumentParser
import Foundation
import FuseTraining

/// Options shared by `fusechat sft` and `fusechat dpo`.
struct TrainingRunOptions: ParsableArguments {
    @Argument(help: "Target model: a demo name (smollm2-135m-instruct), a .gguf file or a Hugging Face folder.")
    var model: String
    @Option(help: "JSONL training data (sft.jsonl / dpo.jsonl from `fusechat pairs`).") var data: String
    @Option(help: "Output folder: metrics.jsonl, metrics.svg, checkpoint/, model.gguf, hf/ (and adapter/ with LoRA).")
    var out: String
    @Option(help: "Peak learning rate (default: 2e-5 for sft, 1e-6 for dpo, as TRL).") var lr: Double?
    @Option(help: "Passes over the data.") var epochs = 1
    @Option(help: "Optimizer steps (overrides --epochs).") var maxSteps: Int?
    @Option(help: "Sequences (sft) or pairs (dpo) per forward pass.") var batchSize = 4
    @Option(help: "Sequences or pairs per optimizer step (a multiple of --batch-size; default: --batch-size).")
    var globalBatchSize: Int?
    @Option(help: "Tokens per sequence; longer ones keep their first max-length tokens.") var maxLength = 1024
    @Option(help: "Fraction of steps warming the learning rate up.") var warmupRatio = 0.1
    @Option(help: "AdamW weight decay (not on norms and biases).") var weightDecay = 0.0
    @Option(help: "Clip gradients to this global norm (0: no clipping).") var maxGradNorm = 1.0
    @Option(help: "Seed of the data order.") var seed: UInt64 = 42
    @Option(help: "Checkpoint every N steps (always at the end).") var saveEvery = 0
    @Flag(help: "Continue from OUT/checkpoint.") var resume = false
    @Option(help: "Stop after this step, keeping the whole run's schedule (continue later with --resume).")
    var stopAfter: Int?
    @Option(help: "Storage of OUT/model.gguf: f32 (default: exact, and a DPO run can start from it), f16, q8_0 or none.")
    var ggufType = "f32"
    @Flag(help: "Do not write the Hugging Face folder OUT/hf.") var noHf = false
    @Option(help: "Train LoRA adapters of this rank on frozen weights (OUT/adapter in PEFT's format, merged into model.gguf and hf/); default: every weight.")
    var loraRank: Int?
    @Option(help: "LoRA alpha: the adapters' output is scaled by alpha / rank (default 8, as PEFT).") var loraAlpha: Double?
    @Option(help: "Dropout on the adapters' input while training (default 0).") var loraDropout: Double?
    @Option(help: "Adapted modules, comma-separated, of q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj (default: the first four).")
    var loraTargets: String?

    func configuration(defaultLearningRate: Double) throws -> TrainerConfiguration {
        TrainerConfiguration(learningRate: lr ?? defaultLearningRate, epochs: epochs, maxSteps: maxSteps,
                             batchSize: batchSize, globalBatchSize: globalBatchSize, maxLength: maxLength,
                             warmupRatio: warmupRatio, weightDecay: weightDecay, maxGradNorm: maxGradNorm,
                             seed: seed, saveEvery: saveEvery, lora: try lora())
    }

    /// The LoRA settings of --lora-*, or `nil` without --lora-rank.
    func lora() throws -> LoRAConfiguration? {
        guard let loraRank else {
            guard loraAlpha == nil, loraDropout == nil, loraTargets == nil else {
                throw ValidationError("--lora-alpha, --lora-dropout and --lora-targets need --lora-rank")
            }
            return nil
        }
        let defaults = LoRAConfiguration()
        let lora = LoRAConfiguration(rank: loraRank, alpha: loraAlpha ?? defaults.alpha, dropout: loraDropout ?? defaults.dropout,
                                     targets: try loraTargets.map { try LoRAConfiguration.targets(parsing: $0) } ?? defaults.targets)
        try lora.validate()
        return lora
    }

    var outURL: URL { URL(fileURLWithPath: out, isDirectory: true) }

    func validateExport() throws {
        guard ggufType == "none" || ModelExport.GGUFType(rawValue: ggufType) != nil else {
            throw ValidationError("--gguf-type \(ggufType): expected f32, f16, q8_0 or none")
        }
    }

    /// The fine-tuning job these options describe.
    func job(defaultLearningRate: Double, dpo: DPOConfiguration? = nil, referenceCache: URL? = nil) throws -> FineTuningJob {
        var job = FineTuningJob(model: model, data: URL(fileURLWithPath: data), output: outURL,
                                configuration: try configuration(defaultLearningRate: defaultLearningRate), dpo: dpo,
                                resume: resume, stopAfter: stopAfter, ggufType: ModelExport.GGUFType(rawValue: ggufType),
                                exportHuggingFace: !noHf)
        if let referenceCache { job.referenceCache = referenceCache }
        return job
    }

    /// Runs `job` with notes and a progress line on stderr (a note ends a pending progress line).
    func run(_ job: FineTuningJob, kind: String) throws {
        var progressShown = false
        func progress(_ text: String) {
            FileHandle.standardError.write(Data(("\r" + text).utf8))
            progressShown = true
        }
        let finished = try job.run(say: { line in
            note(progressShown ? "\n" + line : line)
            progressShown = false
        }, referenceProgress: { done, count in progress("reference log-probs \(done)/\(count)") }) { m, total, left in
            progress(progressLine(kind, m, total: total, secondsLeft: left))
        }
        if progressShown { note("") }
        if !finished { note("stopped at --stop-after; no export (continue with --resume)") }
    }
}

/// One line on stderr.
func note(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

/// The progress line of a training step (rewritten in place on stderr).
func progressLine(_ kind: String, _ m: StepMetrics, total: Int, secondsLeft: Double) -> String {
    var line = String(format: "%@ step %d/%d  loss %.4f  lr %.2e  grad %.3f", kind, m.step, total, m["loss"] ?? 0,
                      m["learning_rate"] ?? 0, m["grad_norm"] ?? 0)
    if let accuracy = m["rewards/accuracies"], let margin = m["rewards/margins"] {
        line += String(format: "  acc %.2f  margin %.3f", accuracy, margin)
    }
    let eta = Int(secondsLeft.rounded())
    line += String(format: "  %.0f tok/s  ETA %dm%02ds", m["tokens/s"] ?? 0, eta / 60, eta % 60)
    return line
}
