import Testing
@testable import FuseTraining

/// DPO cases of scripts/fixtures/training_grads.py: TRL's formulas evaluated by PyTorch, gradients
/// by autograd.
struct DPOFixture: Decodable {
    struct Case: Decodable {
        let loss_type: String
        let beta, label_smoothing, loss: Double
        let grad_chosen, grad_rejected: [Double]
        let metrics: [String: Double]
    }
    let policy_chosen, policy_rejected, reference_chosen, reference_rejected: [Double]
    let chosen_lengths, rejected_lengths: [Double]
    let cases: [Case]
}

@Suite("DPO losses vs TRL's formulas")
struct LossParityTests {
    static let data = try! fixture("dpo_losses", as: DPOFixture.self)

    @Test("loss, policy gradients and TRL metrics", arguments: data.cases)
    func dpo(expected: DPOFixture.Case) throws {
        let d = Self.data
        let kind = try #require(DPOLoss.Kind(rawValue: expected.loss_type))
        let batch = DPOLoss.Batch(policyChosen: d.policy_chosen, policyRejected: d.policy_rejected,
                                  referenceChosen: d.reference_chosen, referenceRejected: d.reference_rejected,
                                  chosenLengths: d.chosen_lengths.map { Int($0) },
                                  rejectedLengths: d.rejected_lengths.map { Int($0) })
        let result = DPOLoss(kind: kind, beta: expected.beta, labelSmoothing: expected.label_smoothing).evaluate(batch)
        #expect(abs(result.loss - expected.loss) <= 1e-12 * max(1, abs(expected.loss)))
        for (a, b) in zip(result.chosenGradients + result.rejectedGradients, expected.grad_chosen + expected.grad_rejected) {
            #expect(abs(a - b) <= 1e-12 * max(1, abs(b)))
        }
        #expect(Set(result.metrics.named.keys) == Set(expected.metrics.keys))
        for (name, value) in result.metrics.named {
            #expect(abs(value - expected.metrics[name]!) <= 1e-12 * max(1, abs(value)), "\(name)")
        }
    }

    @Test("SFT loss counts only targets ≥ 0 and its gradient is −1/normalizer there")
    func sft() {
        let (loss, g) = SFTLoss.evaluate(logProbabilities: [-1, -2, -4, 0], targets: [5, -1, 2, -1])
        #expect(loss == 2.5)
        #expect(g == [-0.5, 0, -0.5, 0])
        #expect(SFTLoss.evaluate(logProbabilities: [-1, -2], targets: [1, 1], normalizer: 4).loss == 0.75)
    }
}
