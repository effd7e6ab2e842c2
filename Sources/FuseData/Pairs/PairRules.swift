/// The settings of FuseChat-3.0's data construction (every threshold is a recipe setting).
/// Defaults follow the paper (see docs/pairs.md): a reward-gap window of [0.01, 0.1] for
/// instruction and math pairs, and SFT:DPO prompt splits from its data table.
public struct PairRules: Codable, Sendable, Hashable {
    /// Per-domain settings.
    public struct DomainRule: Codable, Sendable, Hashable {
        /// Fraction of this domain's prompts that go to the SFT set; the rest go to DPO.
        public var sftFraction: Double
        /// Whether a DPO pair must have a reward margin inside `[minMargin, maxMargin]`.
        public var rewardWindow: Bool

        public init(sftFraction: Double, rewardWindow: Bool) {
            self.sftFraction = sftFraction
            self.rewardWindow = rewardWindow
        }

        enum CodingKeys: String, CodingKey {
            case sftFraction = "sft_fraction"
            case rewardWindow = "reward_window"
        }
    }

    /// Name of the scorer whose `value` is the reward (`reward` for a reward model, `judge`...).
    public var rewardScorer: String
    public var minMargin: Double
    public var maxMargin: Double
    /// Instruction prompts: 4:6 SFT:DPO, as the paper.
    public var instruction: DomainRule
    /// Math: the paper's 40,188 SFT / 11,615 DPO prompts.
    public var math: DomainRule
    /// Code: the paper's 12,037 SFT / 3,968 DPO prompts; no reward window stated for code pairs.
    public var code: DomainRule
    /// Chinese: SFT only.
    public var chinese: DomainRule
    /// The only source whose responses are used for Chinese SFT (the paper uses Qwen), if set.
    public var chineseSource: String?
    /// Seed of the deterministic SFT/DPO prompt split.
    public var splitSeed: UInt64

    public init(rewardScorer: String = "reward", minMargin: Double = 0.01, maxMargin: Double = 0.1,
                instruction: DomainRule = .init(sftFraction: 0.4, rewardWindow: true),
                math: DomainRule = .init(sftFraction: 0.776, rewardWindow: true),
                code: DomainRule = .init(sftFraction: 0.752, rewardWindow: false),
                chinese: DomainRule = .init(sftFraction: 1.0, rewardWindow: false),
                chineseSource: String? = nil, splitSeed: UInt64 = 0) {
        self.rewardScorer = rewardScorer
        self.minMargin = minMargin
        self.maxMargin = maxMargin
        self.instruction = instruction
        self.math = math
        self.code = code
        self.chinese = chinese
        self.chineseSource = chineseSource
        self.splitSeed = splitSeed
    }

    /// The rule for a domain.
    public func rule(for domain: Domain) -> DomainRule {
        switch domain {
        case .instruction: return instruction
        case .math: return math
        case .code: return code
        case .chinese: return chinese
        }
    }

    /// Name of the scorer whose verdict decides correctness in a verified domain.
    public func verifier(for domain: Domain) -> String? {
        switch domain {
        case .math: return "math"
        case .code: return "code"
        case .instruction, .chinese: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case instruction, math, code, chinese
        case rewardScorer = "reward_scorer"
        case minMargin = "min_margin"
        case maxMargin = "max_margin"
        case chineseSource = "chinese_source"
        case splitSeed = "split_seed"
    }
}
