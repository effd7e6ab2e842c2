import Foundation
import FuseData

extension RunReport.Curves {
    /// Reads a trainer's `metrics.jsonl`: one JSON object per line, every numeric field kept (any
    /// key: `step`, `loss`, `rewards/margins`, `learning_rate`...), other fields ignored; blank lines
    /// are skipped.
    public static func load(stage: String, metricsFile url: URL) throws(EvalError) -> Self {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .io(path: url.path, detail: "cannot read: \(error.localizedDescription)")
        }
        var rows: [[String: Double]] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            guard case .object(let object)? = try? JSONDecoder().decode(AnyJSON.self, from: Data(line.utf8)) else {
                throw .badData(path: url.path, line: index + 1, detail: "not a JSON object")
            }
            var row: [String: Double] = [:]
            for (key, value) in object {
                if case .number(let number) = value { row[key] = number }
            }
            rows.append(row)
        }
        return Self(stage: stage, rows: rows)
    }
}

extension RunReport.PassRate {
    /// Pass rates per source and domain from a run's prompts, samples and scores: a sample counts
    /// when at least one of its scores has a verdict (math, code, constraints), and passes when all
    /// of those verdicts are correct / pass. Reward-only samples are not counted.
    public static func tally(prompts: [PromptRecord], samples: [SampleRecord], scores: [ScoreRecord]) -> [Self] {
        let domains = Dictionary(prompts.map { ($0.id, $0.domain.rawValue) }, uniquingKeysWith: { first, _ in first })
        let verdicts = Dictionary(grouping: scores.filter { $0.verdict != nil }, by: \.sampleId)
        var counts: [String: [String: (passed: Int, total: Int)]] = [:]
        for sample in samples {
            guard let domain = domains[sample.promptId], let found = verdicts[sample.id], !found.isEmpty else { continue }
            var entry = counts[sample.source, default: [:]][domain, default: (0, 0)]
            entry.total += 1
            if found.allSatisfy({ $0.verdict!.isCorrect }) { entry.passed += 1 }
            counts[sample.source, default: [:]][domain] = entry
        }
        return counts.keys.sorted().flatMap { source in
            counts[source]!.keys.sorted().map { domain in
                let entry = counts[source]![domain]!
                return Self(source: source, domain: domain, passed: entry.passed, total: entry.total)
            }
        }
    }
}

extension RunReport.DataMix {
    /// Counts the pair stage's output by the provenance of each record.
    public static func tally(sft: [SFTRecord], dpo: [DPOPair]) -> [Self] {
        var counts: [String: [String: (sft: Int, dpo: Int)]] = [:]
        for p in sft.map(\.provenance) { counts[p.source, default: [:]][p.domain.rawValue, default: (0, 0)].sft += 1 }
        for p in dpo.map(\.provenance) { counts[p.source, default: [:]][p.domain.rawValue, default: (0, 0)].dpo += 1 }
        return counts.keys.sorted().flatMap { source in
            counts[source]!.keys.sorted().map { domain in
                let entry = counts[source]![domain]!
                return Self(source: source, domain: domain, sftRecords: entry.sft, dpoPairs: entry.dpo)
            }
        }
    }
}

extension RunReport.Machine {
    /// This machine: architecture and operating system, logical cores, physical memory.
    public static func current() -> Self {
        let info = ProcessInfo.processInfo
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown architecture"
        #endif
        return Self(description: "\(arch), \(info.operatingSystemVersionString)", cores: info.processorCount,
                    memoryBytes: info.physicalMemory)
    }
}
