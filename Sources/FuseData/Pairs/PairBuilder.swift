import Crypto
import Foundation

/// FuseChat-3.0's data construction: from scored samples of several sources, an SFT set (the best
/// response per prompt) and DPO pairs (best vs worst response of the *same* source), on disjoint
/// prompt sets. Every choice is deterministic: ties break by source name, then sample index.
public struct PairBuilder: Sendable {
    public var rules: PairRules

    public init(rules: PairRules = PairRules()) { self.rules = rules }

    /// What the stage produced.
    public struct Outcome: Sendable {
        public var sft: [SFTRecord] = []
        public var dpo: [DPOPair] = []
        public var summary = PairSummary()
    }

    /// One sample with the scores the rules read.
    struct Candidate {
        let sample: SampleRecord
        let reward: Double?
        let correct: Bool?
    }

    /// Which set a prompt belongs to: a hash of the split seed and the prompt id, compared with
    /// the domain's SFT fraction (so adding prompts never moves existing ones).
    public func goesToSFT(_ prompt: PromptRecord) -> Bool {
        let fraction = rules.rule(for: prompt.domain).sftFraction
        if fraction >= 1 { return true }
        if fraction <= 0 { return false }
        let digest = SHA256.hash(data: Data("\(rules.splitSeed):\(prompt.id)".utf8))
        let value = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(value >> 11) / Double(1 << 53) < fraction
    }

    /// Builds the SFT records and DPO pairs.
    public func build(prompts: [PromptRecord], samples: [SampleRecord], scores: [ScoreRecord]) -> Outcome {
        var scoreIndex: [String: ScoreRecord] = [:]
        for score in scores { scoreIndex[score.id] = score }
        let samplesByPrompt = Dictionary(grouping: samples, by: \.promptId)
        var outcome = Outcome()
        for prompt in prompts {
            let domain = prompt.domain
            let verifier = rules.verifier(for: domain)
            let candidates = (samplesByPrompt[prompt.id] ?? []).map { sample in
                Candidate(
                    sample: sample,
                    reward: scoreIndex["\(sample.id)#\(rules.rewardScorer)"]?.value,
                    correct: verifier.flatMap { scoreIndex["\(sample.id)#\($0)"]?.verdict?.isCorrect })
            }.sorted { ($0.sample.source, $0.sample.sampleIndex) < ($1.sample.source, $1.sample.sampleIndex) }
            var counts = outcome.summary.domains[domain.rawValue] ?? .init()
            counts.prompts += 1
            for candidate in candidates {
                var source = outcome.summary.sources[candidate.sample.source] ?? .init()
                source.samples += 1
                if let correct = candidate.correct { source.verified += 1; if correct { source.correct += 1 } }
                outcome.summary.sources[candidate.sample.source] = source
            }
            if goesToSFT(prompt) {
                counts.sftPrompts += 1
                switch sftRecord(prompt, candidates) {
                case .success(let record):
                    outcome.sft.append(record)
                    counts.sftRecords += 1
                    outcome.summary.sources[record.provenance.source, default: .init()].sftChosen += 1
                case .failure(let reason):
                    counts.sftDropped[reason.rawValue, default: 0] += 1
                }
            } else {
                counts.dpoPrompts += 1
                switch dpoPair(prompt, candidates) {
                case .success(let pair):
                    outcome.dpo.append(pair)
                    counts.dpoPairs += 1
                    outcome.summary.sources[pair.provenance.source, default: .init()].dpoPairs += 1
                case .failure(let reason):
                    counts.dpoDropped[reason.rawValue, default: 0] += 1
                }
            }
            outcome.summary.domains[domain.rawValue] = counts
        }
        return outcome
    }

    /// The highest-reward response over all sources; in math and code only among correct ones.
    /// Without rewards (no reward scorer ran), the first correct response in (source, index) order.
    func sftRecord(_ prompt: PromptRecord, _ all: [Candidate]) -> Result<SFTRecord, DropReason> {
        var candidates = all
        if prompt.domain == .chinese, let only = rules.chineseSource {
            candidates = candidates.filter { $0.sample.source == only }
        }
        guard !candidates.isEmpty else { return .failure(.noSamples) }
        if prompt.domain.isVerified {
            candidates = candidates.filter { $0.correct == true }
            guard !candidates.isEmpty else { return .failure(.noCorrectResponse) }
        } else if prompt.domain != .chinese {
            candidates = candidates.filter { $0.reward != nil }
            guard !candidates.isEmpty else { return .failure(.missingReward) }
        }
        let best = candidates.enumerated().max { a, b in
            let ra = a.element.reward ?? -.infinity, rb = b.element.reward ?? -.infinity
            return ra != rb ? ra < rb : a.offset > b.offset
        }!.element
        let provenance = Provenance(promptId: prompt.id, domain: prompt.domain, source: best.sample.source,
                                    chosenSampleId: best.sample.id, chosenReward: best.reward)
        return .success(SFTRecord(messages: prompt.messages + [.assistant(best.sample.text)], provenance: provenance))
    }

    /// One pair per prompt: for each source, its best vs its worst response under the domain's
    /// rule; among the sources that qualify, the pair with the highest chosen reward wins (then
    /// the larger margin, then the source name). The paper does not state this tie-break.
    func dpoPair(_ prompt: PromptRecord, _ all: [Candidate]) -> Result<DPOPair, DropReason> {
        guard !all.isEmpty else { return .failure(.noSamples) }
        var best: (pair: DPOPair, chosen: Double, margin: Double)?
        var closest = DropReason.noSamples
        for (_, group) in Dictionary(grouping: all, by: \.sample.source).sorted(by: { $0.key < $1.key }) {
            switch sourcePair(prompt, group) {
            case .failure(let reason):
                closest = max(closest, reason)
            case .success(let pair):
                let chosen = pair.provenance.chosenReward ?? -.infinity
                let margin = pair.provenance.margin ?? -.infinity
                if let current = best, (current.chosen, current.margin) >= (chosen, margin) { continue }
                best = (pair, chosen, margin)
            }
        }
        if let best { return .success(best.pair) }
        return .failure(closest)
    }

    /// The pair one source offers for a prompt, or why it offers none.
    func sourcePair(_ prompt: PromptRecord, _ group: [Candidate]) -> Result<DPOPair, DropReason> {
        guard group.count >= 2 else { return .failure(.tooFewSamples) }
        let rule = rules.rule(for: prompt.domain)
        let chosenPool: [Candidate], rejectedPool: [Candidate]
        if prompt.domain.isVerified {
            chosenPool = group.filter { $0.correct == true }
            rejectedPool = group.filter { $0.correct == false }
            guard !chosenPool.isEmpty else { return .failure(.noCorrectResponse) }
            guard !rejectedPool.isEmpty else { return .failure(.noIncorrectResponse) }
        } else {
            chosenPool = group
            rejectedPool = group
        }
        if rule.rewardWindow || !prompt.domain.isVerified {
            guard group.allSatisfy({ $0.reward != nil }) else { return .failure(.missingReward) }
        }
        // Highest reward first (earliest index on ties) / lowest reward (latest index on ties).
        let chosen = chosenPool.enumerated().max { a, b in
            let ra = a.element.reward ?? 0, rb = b.element.reward ?? 0
            return ra != rb ? ra < rb : a.offset > b.offset
        }!.element
        let rejected = rejectedPool.enumerated().min { a, b in
            let ra = a.element.reward ?? 0, rb = b.element.reward ?? 0
            return ra != rb ? ra < rb : a.offset > b.offset
        }!.element
        guard chosen.sample.id != rejected.sample.id else { return .failure(.tooFewSamples) }
        var margin: Double?
        if let c = chosen.reward, let r = rejected.reward { margin = c - r }
        if rule.rewardWindow, let m = margin {
            let epsilon = 1e-12
            if m < rules.minMargin - epsilon { return .failure(.marginBelowWindow) }
            if m > rules.maxMargin + epsilon { return .failure(.marginAboveWindow) }
        }
        let provenance = Provenance(promptId: prompt.id, domain: prompt.domain, source: chosen.sample.source,
                                    chosenSampleId: chosen.sample.id, rejectedSampleId: rejected.sample.id,
                                    chosenReward: chosen.reward, rejectedReward: rejected.reward, margin: margin)
        return .success(DPOPair(prompt: prompt.messages, chosen: [.assistant(chosen.sample.text)],
                                rejected: [.assistant(rejected.sample.text)], provenance: provenance))
    }
}
