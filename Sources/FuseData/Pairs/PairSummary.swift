/// Why a prompt produced no SFT record or no DPO pair.
public enum DropReason: String, Error, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case noSamples = "no_samples"
    case tooFewSamples = "too_few_samples"
    case missingReward = "missing_reward"
    case noCorrectResponse = "no_correct_response"
    case noIncorrectResponse = "no_incorrect_response"
    case marginBelowWindow = "margin_below_window"
    case marginAboveWindow = "margin_above_window"

    /// Later reasons are closer to producing a pair; a prompt reports the closest of its sources.
    public static func < (lhs: DropReason, rhs: DropReason) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Counts of what the pair stage produced and dropped.
public struct PairSummary: Codable, Sendable, Hashable {
    public struct DomainCounts: Codable, Sendable, Hashable {
        public var prompts = 0
        public var sftPrompts = 0
        public var dpoPrompts = 0
        public var sftRecords = 0
        public var dpoPairs = 0
        public var sftDropped: [String: Int] = [:]
        public var dpoDropped: [String: Int] = [:]

        enum CodingKeys: String, CodingKey {
            case prompts
            case sftPrompts = "sft_prompts"
            case dpoPrompts = "dpo_prompts"
            case sftRecords = "sft_records"
            case dpoPairs = "dpo_pairs"
            case sftDropped = "sft_dropped"
            case dpoDropped = "dpo_dropped"
        }
    }

    public struct SourceCounts: Codable, Sendable, Hashable {
        public var samples = 0
        public var correct = 0
        public var verified = 0
        public var sftChosen = 0
        public var dpoPairs = 0

        enum CodingKeys: String, CodingKey {
            case samples, correct, verified
            case sftChosen = "sft_chosen"
            case dpoPairs = "dpo_pairs"
        }
    }

    public var domains: [String: DomainCounts] = [:]
    public var sources: [String: SourceCounts] = [:]

    public init() {}
}
