import Foundation
import FuseModels

/// One SFT or DPO run of a target end to end: read and tokenize the data through the target's
/// chat template, (DPO) compute or reuse the cached reference log-probs before the policy is
/// loaded, train with checkpoints, then export `output/model.gguf` and `output/hf/` (with LoRA:
/// first the adapters alone to `output/adapter/` in PEFT's format, then merged into the weights).
/// `fusechat sft`, `fusechat dpo` and the recipe runner all run training through this.
public struct FineTuningJob {
    /// The model to train: a demo name, a `.gguf` file or a Hugging Face folder.
    public var model: String
    /// `sft.jsonl` (`{"messages"}`) or `dpo.jsonl` (`{"prompt", "chosen", "rejected"}`).
    public var data: URL
    public var output: URL
    public var configuration: TrainerConfiguration
    /// DPO settings; `nil` trains SFT.
    public var dpo: DPOConfiguration?
    /// Where reference log-probs are cached (DPO).
    public var referenceCache: URL
    /// Continue from `output/checkpoint`.
    public var resume: Bool
    /// Stop after this step, keeping the whole run's schedule (no export then).
    public var stopAfter: Int?
    /// Storage of `output/model.gguf`; `nil` writes none.
    public var ggufType: ModelExport.GGUFType?
    public var exportHuggingFace: Bool

    public init(model: String, data: URL, output: URL, configuration: TrainerConfiguration, dpo: DPOConfiguration? = nil,
                referenceCache: URL = ModelStore.defaultHome().appendingPathComponent("cache/reference-logps", isDirectory: true),
                resume: Bool = false, stopAfter: Int? = nil, ggufType: ModelExport.GGUFType? = .f32,
                exportHuggingFace: Bool = true) {
        self.model = model
        self.data = data
        self.output = output
        self.configuration = configuration
        self.dpo = dpo
        self.referenceCache = referenceCache
        self.resume = resume
        self.stopAfter = stopAfter
        self.ggufType = ggufType
        self.exportHuggingFace = exportHuggingFace
    }

    /// The exported GGUF file.
    public var modelURL: URL { output.appendingPathComponent("model.gguf") }
    /// The LoRA adapter folder (PEFT's `adapter_model.safetensors` and `adapter_config.json`).
    public var adapterURL: URL { output.appendingPathComponent("adapter", isDirectory: true) }
    /// The checkpoint a resumed run continues from.
    public var checkpointURL: URL { output.appendingPathComponent("checkpoint") }

    /// Trains and, when the schedule is complete, exports. `say` gets notes (data summary, skipped
    /// examples, cache outcome, files written), `referenceProgress` the pairs done of the
    /// reference pass, `onStep` every step's metrics with the total steps and the seconds left.
    /// Returns whether the schedule was completed (false after `stopAfter`).
    @discardableResult
    public func run(say: (String) -> Void = { _ in }, referenceProgress: @escaping (Int, Int) -> Void = { _, _ in },
                    onStep: (StepMetrics, _ total: Int, _ secondsLeft: Double) -> Void = { _, _, _ in }) throws(TrainerError) -> Bool {
        let target = try TrainingTarget.open(model)
        let encoder = try target.encoder(maxLength: configuration.maxLength)
        let train: (Int?, (StepMetrics, Double) -> Void) throws(TrainerError) -> [StepMetrics]
        let state: () -> TrainerState
        let resumeTrainer: () throws(TrainerError) -> Void
        let trained: TrainableModel
        if let dpo {
            let records: [PreferencePair]
            do { records = try TrainingData.records(PreferencePair.self, at: data) } catch { throw .data(error) }
            let pairs = TrainingData.encodeDPO(records, encoder: encoder)
            say("dpo data: \(pairs.summary)")
            for line in pairs.skippedSamples { say("  skipped \(line)") }
            let key = ReferenceLogProbs.cacheKey(modelIdentity: try target.identity(), templateSource: encoder.template.source,
                                                 dataIdentity: try Self.identity(of: data),
                                                 maxLength: configuration.maxLength, examples: pairs.examples)
            let count = pairs.examples.count
            let (reference, outcome) = try ReferenceLogProbs.cached(
                key: key, folder: referenceCache, examples: pairs.examples, batchSize: configuration.batchSize,
                makeReference: { () throws(TrainerError) in try target.loadModel() },
                progress: { referenceProgress($0, count) })
            say(outcome == .hit ? "reference log-probs: cache hit (\(key.prefix(12)))" : "reference log-probs: computed and cached (\(key.prefix(12)))")
            let trainer = try DPOTrainer(model: try target.loadModel(), examples: pairs.examples, reference: reference,
                                         configuration: configuration, dpo: dpo, output: output)
            (trained, state) = (trainer.model, { trainer.state })
            train = { stop, step throws(TrainerError) in try trainer.train(stopAfter: stop, onStep: step) }
            resumeTrainer = { () throws(TrainerError) in try trainer.resume() }
        } else {
            let records: [SFTConversation]
            do { records = try TrainingData.records(SFTConversation.self, at: data) } catch { throw .data(error) }
            let examples = TrainingData.encodeSFT(records, encoder: encoder)
            say("sft data: \(examples.summary)")
            for line in examples.skippedSamples { say("  skipped \(line)") }
            let trainer = try SFTTrainer(model: try target.loadModel(), examples: examples.examples,
                                         configuration: configuration, output: output)
            (trained, state) = (trainer.model, { trainer.state })
            train = { stop, step throws(TrainerError) in try trainer.train(stopAfter: stop, onStep: step) }
            resumeTrainer = { () throws(TrainerError) in try trainer.resume() }
        }
        if resume {
            try resumeTrainer()
            say("resumed at step \(state().step)/\(state().totalSteps)")
        }
        let total = state().totalSteps
        _ = try train(stopAfter) { metrics, left in onStep(metrics, total, left) }
        guard state().step >= total else { return false }
        if let lora = trained.lora {
            try ModelExport.peftAdapter(lora, baseModel: target.files.location.path, to: adapterURL)
            say("wrote \(adapterURL.path) (LoRA adapter, PEFT format)")
            trained.mergeLoRA()
        }
        if let ggufType {
            try ModelExport.gguf(trained, target: target, to: modelURL, type: ggufType)
            say("wrote \(modelURL.path) (\(ggufType.rawValue))")
        }
        if exportHuggingFace {
            let folder = output.appendingPathComponent("hf", isDirectory: true)
            try ModelExport.huggingFace(trained, target: target, to: folder)
            say("wrote \(folder.path)")
        }
        return true
    }

    /// A content hash of the data file (part of the reference cache key).
    static func identity(of url: URL) throws(TrainerError) -> String {
        do { return try ModelStore.sha256(of: url) } catch { throw .io(path: url.path, detail: "\(error)") }
    }
}
