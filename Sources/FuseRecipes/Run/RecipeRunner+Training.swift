import Foundation
import FuseTraining

extension RecipeRunner {
    /// SFT of the target on `sft.jsonl` into `sft/`; returns the exported model.
    func trainSFT() async throws(RecipeError) -> URL {
        let job = FineTuningJob(model: recipe.target, data: run.sftURL, output: folder("sft"),
                                configuration: try Self.configuration(recipe.sft, stage: "sft", defaultLearningRate: 2e-5))
        try await stage("sft") { try fineTune(job, kind: "sft") }
        return job.modelURL
    }

    /// DPO of the SFT model (also the frozen reference) on `dpo.jsonl` into `dpo/`.
    func trainDPO(from sftModel: URL) async throws(RecipeError) -> URL {
        let loss = recipe.dpo.loss ?? "sigmoid"
        guard let kind = FuseTraining.DPOLoss.Kind(rawValue: loss) else {
            throw .invalid(field: "dpo.loss", expected: "sigmoid, sigmoid_norm or ipo (got '\(loss)')")
        }
        let job = FineTuningJob(model: sftModel.path, data: run.dpoURL, output: folder("dpo"),
                                configuration: try Self.configuration(recipe.dpo, stage: "dpo", defaultLearningRate: 1e-6),
                                dpo: DPOConfiguration(loss: kind, beta: recipe.dpo.beta ?? 0.1,
                                                      labelSmoothing: recipe.dpo.labelSmoothing ?? 0),
                                referenceCache: run.url.appendingPathComponent("cache/reference-logps", isDirectory: true))
        try await stage("dpo") { try fineTune(job, kind: "dpo") }
        return job.modelURL
    }

    private func fineTune(_ job: FineTuningJob, kind: String) throws {
        var job = job
        job.resume = FileManager.default.fileExists(atPath: job.checkpointURL.path)
        var last = Date.distantPast
        try job.run(say: { say("  \($0)") }) { metrics, total, left in
            guard Date().timeIntervalSince(last) > 5 || metrics.step == total else { return }
            last = Date()
            var line = String(format: "  %@ step %d/%d  loss %.4f", kind, metrics.step, total, metrics["loss"] ?? 0)
            if let margin = metrics["rewards/margins"], let accuracy = metrics["rewards/accuracies"] {
                line += String(format: "  margin %.3f  acc %.2f", margin, accuracy)
            }
            line += String(format: "  %.0f tok/s  ETA %.0f s", metrics["tokens/s"] ?? 0, left)
            say(line)
        }
    }

    func folder(_ name: String) -> URL { run.url.appendingPathComponent(name, isDirectory: true) }

    static func configuration(_ section: Recipe.TrainingSection, stage: String,
                              defaultLearningRate: Double) throws(RecipeError) -> TrainerConfiguration {
        let batch = section.batchSize ?? 4
        let accumulation = section.gradientAccumulation ?? 1
        guard batch >= 1, accumulation >= 1 else {
            throw .invalid(field: "\(stage).batch_size / gradient_accumulation", expected: "integers >= 1")
        }
        return TrainerConfiguration(learningRate: section.learningRate ?? defaultLearningRate, epochs: section.epochs ?? 1,
                                    maxSteps: section.maxSteps, batchSize: batch, globalBatchSize: batch * accumulation,
                                    maxLength: section.maxLength ?? 1024, warmupRatio: section.warmupRatio ?? 0.1,
                                    weightDecay: section.weightDecay ?? 0, seed: section.seed ?? 42, saveEvery: 20,
                                    lora: try section.lora.map { s throws(RecipeError) in try lora(s, stage: stage) })
    }

    static func lora(_ s: Recipe.LoRASection, stage: String) throws(RecipeError) -> LoRAConfiguration {
        let defaults = LoRAConfiguration()
        var targets = defaults.targets
        if let names = s.targets {
            targets = []
            for name in names {
                guard let m = LoRAModule(rawValue: name) else {
                    throw .invalid(field: "\(stage).lora.targets", expected: "module names of \(LoRAModule.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(name)')")
                }
                targets.append(m)
            }
        }
        let lora = LoRAConfiguration(rank: s.rank, alpha: s.alpha ?? defaults.alpha, dropout: s.dropout ?? defaults.dropout,
                                     targets: targets)
        do { try lora.validate() } catch {
            throw .invalid(field: "\(stage).lora", expected: "rank and alpha > 0, dropout in [0, 1), some targets (\(error))")
        }
        return lora
    }
}
