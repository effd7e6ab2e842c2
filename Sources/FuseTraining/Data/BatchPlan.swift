/// SplitMix64: a small seeded generator whose whole state is one integer (easy to checkpoint).
public struct SplitMix64: RandomNumberGenerator, Sendable, Codable, Equatable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The order of one epoch's micro-batches, with length bucketing: the examples are shuffled,
/// cut into groups of `bucketFactor` batches, each group sorted by length and split into
/// batches (so a batch holds examples of similar lengths and little padding), then the batch
/// order is shuffled. The plan depends only on (seed, epoch), so a resumed run rebuilds it
/// exactly and continues at its saved batch index.
public struct BatchPlan: Sendable, Equatable {
    /// Example indices of each micro-batch, in training order.
    public let batches: [[Int]]

    public init(lengths: [Int], batchSize: Int, seed: UInt64, epoch: Int, bucketFactor: Int = 8) {
        precondition(batchSize > 0, "batch size must be positive")
        var rng = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x2545_F491_4F6C_DD1D)
        var order = Array(lengths.indices)
        order.shuffle(using: &rng)
        var batches: [[Int]] = []
        let group = batchSize * max(1, bucketFactor)
        for start in stride(from: 0, to: order.count, by: group) {
            let sorted = order[start..<min(order.count, start + group)].sorted { (lengths[$0], $0) > (lengths[$1], $1) }
            for b in stride(from: 0, to: sorted.count, by: batchSize) {
                batches.append(Array(sorted[b..<min(sorted.count, b + batchSize)]))
            }
        }
        batches.shuffle(using: &rng)
        self.batches = batches
    }
}
