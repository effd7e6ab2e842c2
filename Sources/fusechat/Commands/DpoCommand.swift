import ArgumentParser
import Foundation
import FuseModels
import FuseTraining

/// `fusechat dpo MODEL --data dpo.jsonl --out DIR [--loss sigmoid|sigmoid_norm|ipo] [--beta B]`.
struct DpoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dpo",
        abstract: "Direct preference optimization of the target model on dpo.jsonl, on the CPU.",
        discussion: """
            The reference model is the target as loaded (e.g. the SFT output's model.gguf); its log-probs are \
            computed once and cached under a hash of the model, template, data and max length, and it is \
            freed before training. FuseChat-3.0's Llama setting: --loss sigmoid_norm --beta 10. With \
            --lora-rank the policy trains LoRA adapters and the reference stays the model without them \
            (as TRL with peft).
            Example: fusechat dpo runs/demo/sft/model.gguf --data runs/demo/dpo.jsonl --out runs/demo/dpo --loss sigmoid_norm --beta 10
            """
    )
    @OptionGroup var options: TrainingRunOptions
    @Option(help: "sigmoid, sigmoid_norm (length-normalized) or ipo.") var loss = "sigmoid"
    @Option(help: "DPO beta.") var beta = 0.1
    @Option(help: "Label smoothing (conservative DPO) for the sigmoid losses.") var labelSmoothing = 0.0
    @Option(help: "Folder of cached reference log-probs (default: $FUSECHAT_HOME/cache/reference-logps).")
    var referenceCache: String?

    func run() throws {
        try options.validateExport()
        guard let kind = DPOLoss.Kind(rawValue: loss) else {
            throw ValidationError("--loss \(loss): expected sigmoid, sigmoid_norm or ipo")
        }
        let dpo = DPOConfiguration(loss: kind, beta: beta, labelSmoothing: labelSmoothing)
        try options.run(options.job(defaultLearningRate: 1e-6, dpo: dpo,
                                    referenceCache: referenceCache.map { URL(fileURLWithPath: $0, isDirectory: true) }),
                        kind: "dpo")
    }
}
