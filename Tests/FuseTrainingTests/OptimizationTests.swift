import Testing
@testable import FuseTraining

/// torch.optim.AdamW steps, get_cosine_schedule_with_warmup rates and clip_grad_norm_ results from
/// scripts/fixtures/training_grads.py.
struct OptimFixture: Decodable {
    struct Adam: Decodable {
        let lr, beta1, beta2, epsilon, weight_decay: Double
        let initial: [Float]
        let grads, params: [[Float]]
    }
    struct Schedule: Decodable {
        let total: Int
        let warmup_ratio, peak: Double
        let rates: [Double]
    }
    struct Clip: Decodable {
        let max_norm, norm: Double
        let grads, clipped: [[Float]]
    }
    let adamw: Adam
    let schedules: [Schedule]
    let clips: [Clip]
}

@Suite("Optimizer, schedule, clipping and accumulation")
struct OptimizationTests {
    static let data = try! fixture("optim", as: OptimFixture.self)

    @Test("AdamW follows torch.optim.AdamW step for step")
    func adamw() {
        let a = Self.data.adamw
        var optimizer = AdamW(parameterCount: a.initial.count, beta1: Float(a.beta1), beta2: Float(a.beta2),
                              epsilon: Float(a.epsilon), weightDecay: Float(a.weight_decay))
        var p = a.initial
        for (g, expected) in zip(a.grads, a.params) {
            p.withUnsafeMutableBufferPointer { pb in
                g.withUnsafeBufferPointer { optimizer.update(parameters: pb, gradients: $0, learningRate: a.lr) }
            }
            #expect(relativeError(p, expected) < 1e-6)
        }
        #expect(optimizer.step == a.grads.count)
    }

    @Test("cosine schedule with warmup ratio matches transformers", arguments: data.schedules)
    func cosine(expected: OptimFixture.Schedule) {
        let s = CosineSchedule(peak: expected.peak, totalSteps: expected.total, warmupRatio: expected.warmup_ratio)
        for (step, rate) in expected.rates.enumerated() {
            #expect(abs(s.rate(at: step) - rate) <= 1e-15 + 1e-12 * rate, "step \(step)")
        }
    }

    @Test("global-norm clipping matches clip_grad_norm_", arguments: data.clips)
    func clip(expected: OptimFixture.Clip) {
        var g = expected.grads.flatMap { $0 }
        let norm = g.withUnsafeMutableBufferPointer { GradientClipping.clip($0, maxNorm: expected.max_norm) }
        #expect(abs(norm - expected.norm) < 1e-6 * expected.norm)
        #expect(relativeError(g, expected.clipped.flatMap { $0 }) < 1e-6)
    }

    @Test("weight decay skips biases and norm weights")
    func decaySegments() {
        let layout = ParameterLayout(tinyConfiguration(bias: true))
        let skipped = layout.weightDecaySegments.filter { !$0.decay }.map(\.range)
        let names = layout.entries.filter { e in skipped.contains(e.offset..<e.offset + e.count) }.map(\.name)
        #expect(names.allSatisfy { $0.hasSuffix(".bias") || $0.hasSuffix("norm.weight") })
        #expect(names.count == 2 * 5 + 1)
    }

    @Test("two accumulated micro-batches give the gradient of the whole batch")
    func accumulation() throws {
        let c = tinyConfiguration()
        let model = randomModel(c, seed: 21)
        var rng = SeededRandom(seed: 22)
        let tokens = (0..<24).map { _ in Int32.random(in: 0..<Int32(c.vocabularySize), using: &rng) }
        var targets = shiftedTargets(tokens, batch: 4)
        targets[1] = -1
        targets[14] = -1
        let total = targets.filter { $0 >= 0 }.count
        let whole = SFTLoss.evaluate(logProbabilities: try model.forward(tokens: tokens, targets: targets, batch: 4),
                                     targets: targets)
        try model.backward(logProbabilityGradients: whole.gradients)
        let reference = Array(model.gradients)
        model.zeroGradients()
        var accumulatedLoss = 0.0
        for half in [0..<12, 12..<24] {
            let t = Array(targets[half])
            let part = SFTLoss.evaluate(logProbabilities: try model.forward(tokens: Array(tokens[half]), targets: t, batch: 2),
                                        targets: t, normalizer: total)
            accumulatedLoss += part.loss
            try model.backward(logProbabilityGradients: part.gradients)
        }
        #expect(abs(accumulatedLoss - whole.loss) < 1e-6 * whole.loss)
        #expect(relativeError(Array(model.gradients), reference) < 1e-5)
    }
}
