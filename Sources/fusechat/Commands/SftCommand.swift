import ArgumentParser
import Foundation
import FuseTraining

/// `fusechat sft MODEL --data sft.jsonl --out DIR`.
struct SftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sft",
        abstract: "Supervised fine-tuning of the target model on sft.jsonl (loss on assistant tokens), on the CPU.",
        discussion: """
            Conversations are tokenized through the target's own chat template; the loss counts every token \
            an assistant turn adds after its generation prompt (end-of-turn token included). Writes \
            metrics.jsonl, metrics.svg, checkpoint/ and, at the end, model.gguf and hf/ under --out.
            With --lora-rank R only LoRA adapters are trained (base weights frozen: no gradients or AdamW \
            state for them); at the end the adapter is written alone to adapter/ (PEFT format) and merged \
            into model.gguf and hf/.
            Example: fusechat sft smollm2-135m-instruct --data runs/demo/sft.jsonl --out runs/demo/sft --epochs 2
            LoRA: fusechat sft smollm2-135m-instruct --data runs/demo/sft.jsonl --out runs/demo/sft-lora --lora-rank 16 --lora-alpha 32 --lr 2e-4
            """
    )
    @OptionGroup var options: TrainingRunOptions

    func run() throws {
        try options.validateExport()
        try options.run(options.job(defaultLearningRate: 2e-5), kind: "sft")
    }
}
