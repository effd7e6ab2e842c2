import Foundation
import FuseData

/// A table of the report as text cells, rendered by both the Markdown and the HTML writer.
struct ReportTable: Equatable {
    var header: [String]
    var rows: [[String]]
}

/// The report's tables and number formats, computed once from a `RunReport`.
enum ReportTables {
    /// A fraction as a percentage with one decimal (`0.4567` → `45.7`); a dash when absent.
    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f", value * 100)
    }

    /// Seconds as `42.0 s`, `3 min 05 s` or `1 h 02 min`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, s % 3600 / 60)
    }

    /// The label of a row's role, in the paper's wording.
    static func role(_ role: RunReport.ModelRow.Role) -> String {
        switch role {
        case .source: "source"
        case .targetBefore: "target (before)"
        case .targetSFT: "target + SFT"
        case .targetDPO: "target + SFT + DPO"
        }
    }

    /// The mean of a row's scores over every benchmark column, or nil when a column has no score
    /// (an average over fewer benchmarks would not compare across rows).
    static func average(_ row: RunReport.ModelRow, _ columns: [RunReport.Column]) -> Double? {
        let values = columns.compactMap { row.scores[$0.key] }
        guard !columns.isEmpty, values.count == columns.count else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Models × benchmarks (+ Average), percentages; each header gives the item count.
    static func results(_ r: RunReport) -> ReportTable {
        let header: [String] = ["Model", "Role"] + r.benchmarks.map { "\($0.title) (n=\($0.items))" } + ["Average"]
        let rows: [[String]] = r.models.map { m in
            let scores: [String] = r.benchmarks.map { percent(m.scores[$0.key]) }
            return [m.name, role(m.role)] + scores + [percent(average(m, r.benchmarks))]
        }
        return ReportTable(header: header, rows: rows)
    }

    /// Per source: samples, verified, correct, SFT records chosen, DPO pairs.
    static func sources(_ r: RunReport) -> ReportTable? {
        guard let summary = r.pairSummary, !summary.sources.isEmpty else { return nil }
        return ReportTable(header: ["Source", "Samples", "Verified", "Correct", "Correct rate", "SFT chosen", "DPO pairs"],
                           rows: summary.sources.keys.sorted().map { name in
                               let s = summary.sources[name]!
                               return [name, "\(s.samples)", "\(s.verified)", "\(s.correct)",
                                       percent(s.verified > 0 ? Double(s.correct) / Double(s.verified) : nil),
                                       "\(s.sftChosen)", "\(s.dpoPairs)"]
                           })
    }

    /// Pass rates per source and domain.
    static func passRates(_ r: RunReport) -> ReportTable? {
        guard !r.passRates.isEmpty else { return nil }
        return ReportTable(header: ["Source", "Domain", "Passed", "Scored", "Pass rate"],
                           rows: r.passRates.map { [$0.source, $0.domain, "\($0.passed)", "\($0.total)", percent($0.rate)] })
    }

    /// Per domain: prompts, and how many went to SFT / DPO and came out as records / pairs.
    static func domains(_ r: RunReport) -> ReportTable? {
        guard let summary = r.pairSummary, !summary.domains.isEmpty else { return nil }
        return ReportTable(header: ["Domain", "Prompts", "SFT prompts", "SFT records", "DPO prompts", "DPO pairs"],
                           rows: summary.domains.keys.sorted().map { name in
                               let d = summary.domains[name]!
                               return [name, "\(d.prompts)", "\(d.sftPrompts)", "\(d.sftRecords)", "\(d.dpoPrompts)", "\(d.dpoPairs)"]
                           })
    }

    /// SFT records and DPO pairs per source and domain.
    static func dataMix(_ r: RunReport) -> ReportTable? {
        guard !r.dataMix.isEmpty else { return nil }
        return ReportTable(header: ["Source", "Domain", "SFT records", "DPO pairs"],
                           rows: r.dataMix.map { [$0.source, $0.domain, "\($0.sftRecords)", "\($0.dpoPairs)"] })
    }

    /// Dropped prompts by domain, set and reason.
    static func drops(_ r: RunReport) -> ReportTable? {
        guard let summary = r.pairSummary else { return nil }
        var rows: [[String]] = []
        for name in summary.domains.keys.sorted() {
            let d = summary.domains[name]!
            for (set, dropped) in [("SFT", d.sftDropped), ("DPO", d.dpoDropped)] {
                for reason in dropped.keys.sorted() { rows.append([name, set, reason, "\(dropped[reason]!)"]) }
            }
        }
        return rows.isEmpty ? nil : ReportTable(header: ["Domain", "Set", "Reason", "Prompts"], rows: rows)
    }

    /// Stage timings with a total row.
    static func timings(_ r: RunReport) -> ReportTable? {
        guard !r.timings.isEmpty else { return nil }
        let total = r.timings.map(\.seconds).reduce(0, +)
        return ReportTable(header: ["Stage", "Wall time", "Work"],
                           rows: r.timings.map { [$0.stage, duration($0.seconds), $0.detail ?? ""] } + [["total", duration(total), ""]])
    }

    /// The machine in one line.
    static func machine(_ m: RunReport.Machine) -> String {
        "\(m.description); \(m.cores) cores, " + String(format: "%.1f GiB", Double(m.memoryBytes) / 1_073_741_824) + " memory"
    }

    /// An example pair's one-line heading: source, domain, prompt id, rewards and margin.
    static func pairHeading(_ pair: DPOPair) -> String {
        let p = pair.provenance
        var parts = ["source \(p.source)", "domain \(p.domain.rawValue)", "prompt \(p.promptId)"]
        if let c = p.chosenReward { parts.append(String(format: "chosen reward %.3f", c)) }
        if let r = p.rejectedReward { parts.append(String(format: "rejected reward %.3f", r)) }
        if let m = p.margin { parts.append(String(format: "margin %.3f", m)) }
        return parts.joined(separator: ", ")
    }

    /// The text of a list of messages (roles shown when there is more than one).
    static func text(_ messages: [ChatMessage]) -> String {
        messages.count == 1 ? messages[0].content : messages.map { "[\($0.role)] \($0.content)" }.joined(separator: "\n\n")
    }
}
