import ArgumentParser
import Foundation
import FuseData

/// `fusechat pairs`: FuseChat-3.0's SFT set and DPO pairs from a scored run.
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Build RUN/sft.jsonl and RUN/dpo.jsonl (TRL formats, with provenance) from prompts, samples and scores.",
        discussion: "Rules and defaults: docs/pairs.md."
    )
    @OptionGroup var runOptions: RunOptions
    @Option(help: "Scorer whose value is the reward.") var rewardScorer = "reward"
    @Option(help: "Smallest reward margin of a pair.") var minMargin = 0.01
    @Option(help: "Largest reward margin of a pair.") var maxMargin = 0.1
    @Option(help: "Fraction of instruction prompts used for SFT (the rest: DPO).") var instructionSftFraction = 0.4
    @Option(help: "Fraction of math prompts used for SFT.") var mathSftFraction = 0.776
    @Option(help: "Fraction of code prompts used for SFT.") var codeSftFraction = 0.752
    @Option(help: "Seed of the SFT/DPO prompt split.") var splitSeed: UInt64 = 0
    @Option(help: "Only source used for Chinese SFT.") var chineseSource: String?

    func run() throws {
        var rules = PairRules(rewardScorer: rewardScorer, minMargin: minMargin, maxMargin: maxMargin,
                              chineseSource: chineseSource, splitSeed: splitSeed)
        rules.instruction.sftFraction = instructionSftFraction
        rules.math.sftFraction = mathSftFraction
        rules.code.sftFraction = codeSftFraction
        let folder = runOptions.folder
        let outcome = PairBuilder(rules: rules).build(
            prompts: try folder.prompts().records, samples: try folder.samples().records, scores: try folder.scores().records)
        try PairWriter.write(outcome, to: folder)
        print("sft: \(outcome.sft.count) records -> \(folder.sftURL.path)")
        print("dpo: \(outcome.dpo.count) pairs -> \(folder.dpoURL.path)")
        for (domain, counts) in outcome.summary.domains.sorted(by: { $0.key < $1.key }) {
            let dropped = (counts.sftDropped.merging(counts.dpoDropped, uniquingKeysWith: +))
                .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print("  \(domain): \(counts.prompts) prompts, \(counts.sftRecords) sft, \(counts.dpoPairs) dpo\(dropped.isEmpty ? "" : "; dropped: " + dropped)")
        }
    }
}
