/// The task family of a prompt; it decides which scorers apply and which FuseChat-3.0 pair rule
/// builds its data.
public enum Domain: String, Codable, Sendable, CaseIterable, Comparable {
    /// Open-ended instruction following: scored by a reward model (or a judge).
    case instruction
    /// Math with a gold answer: verified against it, plus the reward.
    case math
    /// Code with tests: run in the sandbox, plus the reward.
    case code
    /// Chinese instructions: SFT only, from one source (the paper's Qwen responses).
    case chinese

    /// Whether a rule-based verdict (correct / incorrect) exists for this domain.
    public var isVerified: Bool { self == .math || self == .code }

    public static func < (lhs: Domain, rhs: Domain) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
