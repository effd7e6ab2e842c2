import Foundation

/// `report.md`: the report's tables, example pairs, machine and commands as GitHub Markdown (the
/// charts are in `report.html`).
enum MarkdownReport {
    static func render(_ r: RunReport) -> String {
        var m = "# \(r.title)\n\n"
        for note in r.notes { m += "\(note)\n\n" }
        m += "## Results\n\nScores in percent; n is the number of items of each benchmark.\n\n" + table(ReportTables.results(r))
        if !r.training.isEmpty || !r.passRates.isEmpty {
            m += "\nTraining curves and pass-rate charts: `report.html`.\n"
        }
        let data = [("Samples per source", ReportTables.sources(r)), ("Pass rates per source and domain", ReportTables.passRates(r)),
                    ("Prompts per domain", ReportTables.domains(r)), ("SFT records and DPO pairs per source and domain", ReportTables.dataMix(r)),
                    ("Dropped prompts", ReportTables.drops(r))].compactMap { title, t in t.map { (title, $0) } }
        if !data.isEmpty {
            m += "\n## Data\n"
            for (title, t) in data { m += "\n### \(title)\n\n" + table(t) }
        }
        if !r.examplePairs.isEmpty {
            m += "\n## Example DPO pairs\n"
            for pair in r.examplePairs {
                m += "\n**\(ReportTables.pairHeading(pair))**\n\nPrompt:\n\n" + fenced(ReportTables.text(pair.prompt))
                m += "\nChosen:\n\n" + fenced(ReportTables.text(pair.chosen)) + "\nRejected:\n\n" + fenced(ReportTables.text(pair.rejected))
            }
        }
        if r.machine != nil || !r.timings.isEmpty {
            m += "\n## Machine and timings\n\n"
            if let machine = r.machine { m += ReportTables.machine(machine) + "\n\n" }
            if let t = ReportTables.timings(r) { m += table(t) }
        }
        if !r.commands.isEmpty {
            m += "\n## Commands\n"
            for c in r.commands { m += "\n\(c.purpose)\n\n" + fenced(c.command, info: "bash") }
        }
        return m
    }

    /// A pipe table; `|` in cells is escaped and newlines become spaces; columns of numbers (or
    /// dashes for missing ones) are right-aligned.
    static func table(_ t: ReportTable) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        func numeric(_ column: Int) -> Bool {
            t.rows.allSatisfy { column >= $0.count || Double($0[column].split(separator: " ").first ?? "") != nil || $0[column] == "–" }
        }
        var out = "| " + t.header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + t.header.indices.map { numeric($0) ? "---:|" : "---|" }.joined() + "\n"
        for row in t.rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// A fenced code block whose fence is longer than any backtick run in the text, so the text
    /// cannot close it.
    static func fenced(_ text: String, info: String = "text") -> String {
        var longest = 0, run = 0
        for c in text { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(info)\n\(text)\n\(fence)\n"
    }
}
