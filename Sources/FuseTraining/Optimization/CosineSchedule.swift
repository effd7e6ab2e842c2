import Foundation

/// Linear warmup then cosine decay to 0, as transformers' `get_cosine_schedule_with_warmup`
/// (half a cycle), with warmup steps = ⌈total · warmupRatio⌉ as `TrainingArguments`.
public struct CosineSchedule: Sendable, Equatable {
    public var peak: Double
    public var totalSteps: Int
    public var warmupSteps: Int

    public init(peak: Double, totalSteps: Int, warmupRatio: Double) {
        self.peak = peak
        self.totalSteps = totalSteps
        warmupSteps = Int((Double(totalSteps) * warmupRatio).rounded(.up))
    }

    /// The learning rate of optimizer step `step` (0-based).
    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step) / Double(max(1, warmupSteps)) }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        return peak * max(0, 0.5 * (1 + cos(Double.pi * progress)))
    }
}
