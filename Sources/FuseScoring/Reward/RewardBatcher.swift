import FuseSampling

/// Gathers single reward requests into batches for a `RewardModelClient`: a batch leaves when it
/// holds `batchSize` inputs or `linger` seconds after its first input arrived, whichever comes
/// first; at most `concurrency` requests are in flight; transient failures are retried with the
/// sampler's `RetryPolicy` (exponential backoff with jitter, Retry-After honoured), and what still
/// fails after the last attempt fails every input of the batch with the same error.
public actor RewardBatcher {
    public let client: any RewardModelClient
    public let batchSize: Int
    public let linger: Double
    public let retry: RetryPolicy
    private let limiter: ConcurrencyLimiter
    private var pending: [(input: RewardInput, reply: CheckedContinuation<Result<Double, RewardError>, Never>)] = []
    private var generation = 0

    /// - Parameters:
    ///   - batchSize: inputs per request (forced to 1 for conversations, which vLLM's chat form
    ///     takes one at a time).
    public init(client: any RewardModelClient, batchSize: Int = 32, concurrency: Int = 4, linger: Double = 0.005,
                retry: RetryPolicy = RetryPolicy()) {
        self.client = client
        self.batchSize = max(1, batchSize)
        self.linger = linger
        self.retry = retry
        self.limiter = ConcurrencyLimiter(limit: concurrency)
    }

    /// The reward of one input, or why it could not be had.
    public func reward(for input: RewardInput) async -> Result<Double, RewardError> {
        await withCheckedContinuation { reply in
            pending.append((input, reply))
            if input.isConversation || pending.count >= batchSize {
                flush()
            } else if pending.count == 1 {
                let due = generation
                Task { [linger] in
                    try? await Task.sleep(nanoseconds: UInt64(linger * 1e9))
                    self.flush(ifGeneration: due)
                }
            }
        }
    }

    private func flush(ifGeneration due: Int) { if generation == due { flush() } }

    private func flush() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        generation += 1
        let client = client, retry = retry, limiter = limiter
        Task {
            let inputs = batch.map(\.input)
            let outcome = await limiter.run { await Self.send(inputs, client: client, retry: retry) }
            switch outcome {
            case .success(let rewards):
                for (item, reward) in zip(batch, rewards) { item.reply.resume(returning: .success(reward)) }
            case .failure(let error):
                for item in batch { item.reply.resume(returning: .failure(error)) }
            }
        }
    }

    /// One batch with retries.
    static func send(_ inputs: [RewardInput], client: any RewardModelClient, retry: RetryPolicy) async -> Result<[Double], RewardError> {
        var rng = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            do {
                return .success(try await client.rewards(for: inputs))
            } catch {
                attempt += 1
                guard error.isTransient, attempt < retry.maxAttempts else { return .failure(error) }
                let wait = retry.delay(afterAttempt: attempt - 1, retryAfter: error.retryAfter, using: &rng)
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
            }
        }
    }
}
