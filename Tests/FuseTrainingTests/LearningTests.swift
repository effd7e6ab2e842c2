import Testing
@testable import FuseTraining

@Suite("Training loop")
struct LearningTests {
    @Test("SFT on 16 short examples (loss on the response half only) drives the loss near zero")
    func sftLearns() throws {
        let c = tinyConfiguration(bias: false, tied: true)
        let model = randomModel(c, seed: 31, scale: 0.1)
        var rng = SeededRandom(seed: 32)
        let length = 8, batch = 16
        let tokens = (0..<batch * length).map { _ in Int32.random(in: 0..<Int32(c.vocabularySize), using: &rng) }
        // Prompt = first 4 tokens, response = the rest: only response tokens are targets.
        let targets: [Int32] = shiftedTargets(tokens, batch: batch).enumerated().map { $0.offset % length < 3 ? -1 : $0.element }
        let steps = 150
        let schedule = CosineSchedule(peak: 1e-2, totalSteps: steps, warmupRatio: 0.1)
        var optimizer = AdamW(parameterCount: model.layout.totalCount, beta1: 0.9, beta2: 0.999, weightDecay: 0,
                              decaySegments: model.layout.weightDecaySegments)
        var first = 0.0, last = 0.0
        for step in 0..<steps {
            model.zeroGradients()
            let logps = try model.forward(tokens: tokens, targets: targets, batch: batch)
            let (loss, g) = SFTLoss.evaluate(logProbabilities: logps, targets: targets)
            if step == 0 { first = loss }
            last = loss
            try model.backward(logProbabilityGradients: g)
            GradientClipping.clip(model.gradients, maxNorm: 1)
            optimizer.update(parameters: model.parameters, gradients: UnsafeBufferPointer(model.gradients),
                             learningRate: schedule.rate(at: step))
        }
        #expect(first > 3)
        #expect(last < 0.05, "loss \(first) → \(last)")
    }
}
