/// Exponential backoff with jitter for transient failures: attempt k (from 0) waits
/// `min(maxDelay, baseDelay * 2^k)` scaled by a random factor in [1 - jitter, 1], or the server's
/// `Retry-After` when it gave one (capped at `maxDelay`).
public struct RetryPolicy: Codable, Sendable, Hashable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    public var jitter: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 30, jitter: Double = 0.5) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Seconds to wait before the attempt after `attempt` (0-based) failed.
    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, retryAfter: Double?, using rng: inout G) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt, 30)))
        return exponential * Double.random(in: (1 - jitter)...1, using: &rng)
    }

    enum CodingKeys: String, CodingKey {
        case jitter
        case maxAttempts = "max_attempts"
        case baseDelay = "base_delay"
        case maxDelay = "max_delay"
    }
}
