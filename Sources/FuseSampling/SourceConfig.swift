import FuseData

/// How one source model is sampled: its backend, how many responses per prompt, with which
/// settings, how many requests at once, and the retry policy.
public struct SourceConfig: Sendable {
    /// The source's name in the run (recorded in every sample).
    public var name: String
    public var backend: any ChatBackend
    public var samplesPerPrompt: Int
    public var settings: SamplingSettings
    /// Requests in flight at once for this source.
    public var concurrency: Int
    public var retry: RetryPolicy
    /// Seed from which every request's seed is derived (with the prompt id and sample index).
    public var seed: UInt64
    /// Domains this source answers (nil: all). The paper samples Chinese prompts from Qwen only.
    public var domains: Set<Domain>?
    /// Per-domain override of `samplesPerPrompt` (the paper: 5 for instructions, 8 for code).
    public var samplesPerDomain: [Domain: Int]

    public init(name: String, backend: any ChatBackend, samplesPerPrompt: Int = 5,
                settings: SamplingSettings = SamplingPreset.fusechat3.settings(), concurrency: Int = 8,
                retry: RetryPolicy = RetryPolicy(), seed: UInt64 = 0, domains: Set<Domain>? = nil,
                samplesPerDomain: [Domain: Int] = [:]) {
        self.name = name
        self.backend = backend
        self.samplesPerPrompt = samplesPerPrompt
        self.settings = settings
        self.concurrency = concurrency
        self.retry = retry
        self.seed = seed
        self.domains = domains
        self.samplesPerDomain = samplesPerDomain
    }

    /// How many responses this source gives to a prompt of this domain (0 if it skips it).
    public func sampleCount(for domain: Domain) -> Int {
        if let domains, !domains.contains(domain) { return 0 }
        return samplesPerDomain[domain] ?? samplesPerPrompt
    }
}
