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
            freed before training. FuseChat-3.0's Llama setting: --loss sigmoid_norm --beta 10.
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
        let configuration = options.configuration(defaultLearningRate: 1e-6)
        let target = try TrainingTarget.open(options.model)
        let dataURL = URL(fileURLWithPath: options.data)
        let encoder = try target.encoder(maxLength: configuration.maxLength)
        let data = TrainingData.encodeDPO(try TrainingData.records(PreferencePair.self, at: dataURL), encoder: encoder)
        note("dpo data: \(data.summary)")
        for line in data.skippedSamples { note("  skipped \(line)") }
        let key = ReferenceLogProbs.cacheKey(modelIdentity: try target.identity(), templateSource: encoder.template.source,
                                             dataIdentity: try ModelStore.sha256(of: dataURL),
                                             maxLength: configuration.maxLength, examples: data.examples)
        let folder = referenceCache.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? ModelStore.defaultHome().appendingPathComponent("cache/reference-logps", isDirectory: true)
        let count = data.examples.count
        let (reference, outcome) = try ReferenceLogProbs.cached(
            key: key, folder: folder, examples: data.examples, batchSize: configuration.batchSize,
            makeReference: { () throws(TrainerError) in try target.loadModel() },
            progress: { done in FileHandle.standardError.write(Data("\rreference log-probs \(done)/\(count)".utf8)) })
        note(outcome == .hit ? "reference log-probs: cache hit (\(key.prefix(12)))" : "\nreference log-probs: computed and cached (\(key.prefix(12)))")
        let trainer = try DPOTrainer(model: try target.loadModel(), examples: data.examples, reference: reference,
                                     configuration: configuration,
                                     dpo: DPOConfiguration(loss: kind, beta: beta, labelSmoothing: labelSmoothing),
                                     output: options.outURL)
        if options.resume {
            try trainer.resume()
            note("resumed at step \(trainer.state.step)/\(trainer.state.totalSteps)")
        }
        let total = trainer.state.totalSteps
        try trainer.train(stopAfter: options.stopAfter) { m, left in
            FileHandle.standardError.write(Data(("\r" + progressLine("dpo", m, total: total, secondsLeft: left)).utf8))
        }
        note("")
        try options.export(trainer.model, target: target, finished: trainer.state.step >= total)
    }
}
