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
            Example: fusechat sft smollm2-135m-instruct --data runs/demo/sft.jsonl --out runs/demo/sft --epochs 2
            """
    )
    @OptionGroup var options: TrainingRunOptions

    func run() throws {
        try options.validateExport()
        let configuration = options.configuration(defaultLearningRate: 2e-5)
        let target = try TrainingTarget.open(options.model)
        let records = try TrainingData.records(SFTConversation.self, at: URL(fileURLWithPath: options.data))
        let data = TrainingData.encodeSFT(records, encoder: try target.encoder(maxLength: configuration.maxLength))
        note("sft data: \(data.summary)")
        for line in data.skippedSamples { note("  skipped \(line)") }
        let trainer = try SFTTrainer(model: try target.loadModel(), examples: data.examples,
                                     configuration: configuration, output: options.outURL)
        if options.resume {
            try trainer.resume()
            note("resumed at step \(trainer.state.step)/\(trainer.state.totalSteps)")
        }
        let total = trainer.state.totalSteps
        try trainer.train(stopAfter: options.stopAfter) { m, left in
            FileHandle.standardError.write(Data(("\r" + progressLine("sft", m, total: total, secondsLeft: left)).utf8))
        }
        note("")
        try options.export(trainer.model, target: target, finished: trainer.state.step >= total)
    }
}
