import Foundation
import FuseModels

/// One SFT or DPO run of a target end to end: read and tokenize the data through the target's
/// chat template, (DPO) compute or reuse the cached reference log-probs, train with checkpoints
/// (continuing from `output/checkpoint` when one exists), then export `output/model.gguf` and
/// `output/hf/`. The recipe runner calls this; `fusechat sft` / `dpo` expose the same steps.
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
    public var ggufType: ModelExport.GGUFType
    public var exportHuggingFace: Bool

    public init(model: String, data: URL, output: URL, configuration: TrainerConfiguration, dpo: DPOConfiguration? = nil,
                referenceCache: URL = ModelStore.defaultHome().appendingPathComponent("cache/reference-logps", isDirectory: true),
                ggufType: ModelExport.GGUFType = .f32, exportHuggingFace: Bool = true) {
        self.model = model
        self.data = data
        self.output = output
        self.configuration = configuration
        self.dpo = dpo
        self.referenceCache = referenceCache
        self.ggufType = ggufType
        self.exportHuggingFace = exportHuggingFace
    }

    /// The exported GGUF file.
    public var modelURL: URL { output.appendingPathComponent("model.gguf") }

    /// Trains and exports; `say` gets notes, `onStep` every step's metrics and the seconds left.
    @discardableResult
    public func run(say: (String) -> Void = { _ in },
                    onStep: (StepMetrics, _ total: Int, _ secondsLeft: Double) -> Void = { _, _, _ in }) throws(TrainerError) -> URL {
        let target = try TrainingTarget.open(model)
        let encoder = try target.encoder(maxLength: configuration.maxLength)
        let model = try target.loadModel()
        let checkpoint = output.appendingPathComponent("checkpoint")
        let train: (Int?, (StepMetrics, Double) -> Void) throws(TrainerError) -> Void
        let state: () -> TrainerState
        let resume: () throws(TrainerError) -> Void
        if let dpo {
            let records: [PreferencePair]
            do { records = try TrainingData.records(PreferencePair.self, at: self.data) } catch { throw .data(error) }
            let data = TrainingData.encodeDPO(records, encoder: encoder)
            say("dpo data: \(data.summary)")
            let key = ReferenceLogProbs.cacheKey(modelIdentity: try target.identity(), templateSource: encoder.template.source,
                                                 dataIdentity: try Self.identity(of: self.data),
                                                 maxLength: configuration.maxLength, examples: data.examples)
            let (reference, outcome) = try ReferenceLogProbs.cached(
                key: key, folder: referenceCache, examples: data.examples, batchSize: configuration.batchSize,
                makeReference: { () throws(TrainerError) in try target.loadModel() }, progress: { _ in })
            say(outcome == .hit ? "reference log-probs: cache hit" : "reference log-probs: computed and cached")
            let trainer = try DPOTrainer(model: model, examples: data.examples, reference: reference,
                                         configuration: configuration, dpo: dpo, output: output)
            train = { stop, step throws(TrainerError) in try trainer.train(stopAfter: stop, onStep: step) }
            state = { trainer.state }
            resume = { () throws(TrainerError) in try trainer.resume() }
        } else {
            let records: [SFTConversation]
            do { records = try TrainingData.records(SFTConversation.self, at: self.data) } catch { throw .data(error) }
            let data = TrainingData.encodeSFT(records, encoder: encoder)
            say("sft data: \(data.summary)")
            let trainer = try SFTTrainer(model: model, examples: data.examples, configuration: configuration, output: output)
            train = { stop, step throws(TrainerError) in try trainer.train(stopAfter: stop, onStep: step) }
            state = { trainer.state }
            resume = { () throws(TrainerError) in try trainer.resume() }
        }
        if FileManager.default.fileExists(atPath: checkpoint.path) {
            try resume()
            say("resumed at step \(state().step)/\(state().totalSteps)")
        }
        let total = state().totalSteps
        try train(nil) { metrics, left in onStep(metrics, total, left) }
        try ModelExport.gguf(model, target: target, to: modelURL, type: ggufType)
        if exportHuggingFace {
            try ModelExport.huggingFace(model, target: target, to: output.appendingPathComponent("hf", isDirectory: true))
        }
        return modelURL
    }

    /// A content hash of the data file (part of the reference cache key).
    static func identity(of url: URL) throws(TrainerError) -> String {
        do { return try ModelStore.sha256(of: url) } catch { throw .io(path: url.path, detail: "\(error)") }
    }
}
