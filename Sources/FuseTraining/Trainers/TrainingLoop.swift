import Foundation

/// The optimizer loop shared by SFT and DPO: length-bucketed micro-batches, gradient
/// accumulation up to the global batch, clipping by global norm, AdamW on the cosine schedule,
/// `metrics.jsonl` + an SVG plot, checkpoints every N steps and at the end, and exact resume.
final class TrainingLoop {
    let model: TrainableModel
    let objective: any TrainingObjective
    let output: URL?
    let plotted: [String]
    private(set) var optimizer: AdamW
    private(set) var state: TrainerState
    let batchesPerEpoch: Int
    let schedule: CosineSchedule

    init(kind: String, model: TrainableModel, configuration c: TrainerConfiguration, objective: any TrainingObjective,
         output: URL?, plotted: [String]) throws(TrainerError) {
        try c.validate()
        guard !objective.lengths.isEmpty else { throw .configuration("no training examples") }
        if let lora = c.lora {
            if model.lora == nil { model.attachLoRA(lora, seed: c.seed) }
            guard model.lora?.configuration == lora else {
                throw .configuration("the model's attached LoRA adapters are not those of the configuration (\(lora))")
            }
        } else if model.lora != nil {
            throw .configuration("the model has LoRA adapters attached but the configuration trains every weight")
        }
        self.model = model
        self.objective = objective
        self.output = output
        self.plotted = plotted
        batchesPerEpoch = BatchPlan(lengths: objective.lengths, batchSize: c.batchSize, seed: c.seed, epoch: 0).batches.count
        let stepsPerEpoch = (batchesPerEpoch + c.accumulationSteps - 1) / c.accumulationSteps
        let total = c.maxSteps ?? c.epochs * stepsPerEpoch
        schedule = CosineSchedule(peak: c.learningRate, totalSteps: total, warmupRatio: c.warmupRatio)
        optimizer = AdamW(parameterCount: model.trainableParameters.count, weightDecay: Float(c.weightDecay),
                          decaySegments: model.trainableDecaySegments)
        state = TrainerState(kind: kind, configuration: c, step: 0, totalSteps: total, epoch: 0, batchIndex: 0, elapsed: 0)
        if let output {
            do { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) } catch {
                throw .io(path: output.path, detail: "cannot create the output folder: \(error.localizedDescription)")
            }
        }
    }

    var checkpointFolder: URL? { output?.appendingPathComponent("checkpoint", isDirectory: true) }
    var metricsLog: MetricsLog? { output.map { MetricsLog(url: $0.appendingPathComponent("metrics.jsonl")) } }
    var currentState: TrainerState { state }

    /// Continues from `output/checkpoint` (same kind and configuration, `saveEvery` aside).
    func resume() throws(TrainerError) {
        guard let folder = checkpointFolder else { throw .configuration("resuming needs an output folder") }
        let saved = try Checkpoint.state(at: folder)
        var mine = state.configuration, theirs = saved.configuration
        mine.saveEvery = 0
        theirs.saveEvery = 0
        guard saved.kind == state.kind, mine == theirs else {
            throw .checkpoint(path: folder.path, detail: "was written by a \(saved.kind) run with other settings (\(theirs)); resume with the same options")
        }
        try Checkpoint.restore(from: folder, model: model, optimizer: &optimizer, step: saved.step)
        let saveEvery = state.configuration.saveEvery
        state = saved
        state.configuration.saveEvery = saveEvery
        try metricsLog?.truncate(after: saved.step)
    }

    /// Steps until the schedule's end, or until step `stopAfter` (the schedule stays that of the
    /// whole run). Calls `onStep` after each step with its metrics and the estimated seconds left.
    func run(stopAfter: Int? = nil, onStep: (StepMetrics, Double) -> Void) throws(TrainerError) -> [StepMetrics] {
        let c = state.configuration
        // Lines after the current step come from an attempt that was killed before its next
        // checkpoint (or, at step 0, from a run started over): they are redone now.
        try metricsLog?.truncate(after: state.step)
        let last = min(state.totalSteps, stopAfter ?? .max)
        var plan = BatchPlan(lengths: objective.lengths, batchSize: c.batchSize, seed: c.seed, epoch: state.epoch)
        var logged: [StepMetrics] = [], runSeconds = 0.0, runSteps = 0
        while state.step < last {
            if state.batchIndex >= plan.batches.count {
                state.epoch += 1
                state.batchIndex = 0
                plan = BatchPlan(lengths: objective.lengths, batchSize: c.batchSize, seed: c.seed, epoch: state.epoch)
            }
            let micro = Array(plan.batches[state.batchIndex..<min(plan.batches.count, state.batchIndex + c.accumulationSteps)])
            let clock = ContinuousClock.now
            model.zeroGradients()
            let outcome: StepOutcome
            model.lora?.dropoutStream = (c.seed, state.step)
            defer { model.lora?.dropoutStream = nil }
            do { outcome = try objective.accumulate(micro, model: model) } catch { throw .model(error) }
            let norm = GradientClipping.clip(model.trainableGradients, maxNorm: c.maxGradNorm > 0 ? c.maxGradNorm : .infinity)
            let rate = schedule.rate(at: state.step)
            optimizer.update(parameters: model.trainableParameters, gradients: UnsafeBufferPointer(model.trainableGradients),
                             learningRate: rate)
            let d = ContinuousClock.now - clock
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            state.step += 1
            state.batchIndex += micro.count
            state.elapsed += seconds
            runSeconds += seconds
            runSteps += 1
            var values = outcome.metrics
            values["loss"] = outcome.loss
            values["grad_norm"] = norm
            values["learning_rate"] = rate
            values["tokens/s"] = Double(outcome.tokens) / max(seconds, 1e-9)
            values["epoch"] = Double(state.epoch) + Double(state.batchIndex) / Double(plan.batches.count)
            values["step"] = Double(state.step)
            let metrics = StepMetrics(values: values)
            try metricsLog?.append(metrics)
            logged.append(metrics)
            onStep(metrics, runSeconds / Double(runSteps) * Double(last - state.step))
            if c.saveEvery > 0, state.step % c.saveEvery == 0, state.step < last { try saveCheckpoint() }
        }
        try saveCheckpoint()
        try writePlot()
        return logged
    }

    func saveCheckpoint() throws(TrainerError) {
        guard let folder = checkpointFolder else { return }
        try Checkpoint.save(state, model: model, optimizer: optimizer, to: folder)
    }

    /// `metrics.svg` beside `metrics.jsonl`: one panel per plotted metric against the step.
    func writePlot() throws(TrainerError) {
        guard let output, let log = metricsLog else { return }
        let all = log.read()
        let panels = plotted.map { name in
            SVGLineChart(title: name, xLabel: "step",
                         series: [.init(name: name, points: all.compactMap { m in m[name].map { (Double(m.step), $0) } })])
        }
        let file = output.appendingPathComponent("metrics.svg")
        do { try SVGLineChart.page(panels).write(to: file, atomically: true, encoding: .utf8) } catch {
            throw .io(path: file.path, detail: "cannot write the plot: \(error.localizedDescription)")
        }
    }
}
