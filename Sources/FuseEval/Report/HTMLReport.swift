/// `report.html`: one self-contained page (inline CSS and SVG, no scripts, no external assets),
/// written as well-formed XHTML so any XML parser reads it.
enum HTMLReport {
    static let style = """
    body{font-family:-apple-system,'Segoe UI',sans-serif;max-width:1040px;margin:24px auto;padding:0 16px;color:#222}
    table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:4px 8px}
    td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
    pre{background:#f6f6f6;padding:8px;white-space:pre-wrap;word-break:break-word}
    .charts svg{margin:4px 8px 4px 0;border:1px solid #eee}.pair{border:1px solid #ddd;padding:8px;margin:8px 0}
    .chosen{border-left:4px solid #2ca02c}.rejected{border-left:4px solid #d62728}
    """

    /// Text with `&`, `<`, `>` and quotes escaped, safe in element content and attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newlines are not allowed in XML.
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    static func render(_ r: RunReport) -> String {
        var h = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>"
        h += "<title>\(escape(r.title))</title><style>\(style)</style></head><body>\n<h1>\(escape(r.title))</h1>\n"
        for note in r.notes { h += "<p>\(escape(note))</p>\n" }
        h += "<h2>Results</h2>\n<p>Scores in percent; n is the number of items of each benchmark.</p>\n"
        h += table(ReportTables.results(r))
        if !r.training.isEmpty {
            h += "<h2>Training curves</h2>\n"
            for stage in r.training {
                h += "<h3>\(escape(stage.stage))</h3>\n<div class=\"charts\">"
                for key in ReportCharts.metricKeys(stage.rows) { h += ReportCharts.line(stage: stage.stage, key: key, rows: stage.rows) }
                h += "</div>\n"
            }
        }
        h += "<h2>Data</h2>\n"
        if !r.passRates.isEmpty { h += "<div class=\"charts\">\(ReportCharts.bars(r.passRates))</div>\n" }
        for (title, t) in [("Samples per source", ReportTables.sources(r)), ("Pass rates per source and domain", ReportTables.passRates(r)),
                           ("Prompts per domain", ReportTables.domains(r)), ("SFT records and DPO pairs per source and domain", ReportTables.dataMix(r)),
                           ("Dropped prompts", ReportTables.drops(r))] {
            if let t { h += "<h3>\(escape(title))</h3>\n" + table(t) }
        }
        if !r.examplePairs.isEmpty {
            h += "<h2>Example DPO pairs</h2>\n"
            for pair in r.examplePairs {
                h += "<div class=\"pair\"><p><b>\(escape(ReportTables.pairHeading(pair)))</b></p>"
                h += "<p>Prompt</p><pre>\(escape(ReportTables.text(pair.prompt)))</pre>"
                h += "<p>Chosen</p><pre class=\"chosen\">\(escape(ReportTables.text(pair.chosen)))</pre>"
                h += "<p>Rejected</p><pre class=\"rejected\">\(escape(ReportTables.text(pair.rejected)))</pre></div>\n"
            }
        }
        if r.machine != nil || !r.timings.isEmpty {
            h += "<h2>Machine and timings</h2>\n"
            if let m = r.machine { h += "<p>\(escape(ReportTables.machine(m)))</p>\n" }
            if let t = ReportTables.timings(r) { h += table(t) }
        }
        if !r.commands.isEmpty {
            h += "<h2>Commands</h2>\n"
            for c in r.commands { h += "<p>\(escape(c.purpose))</p><pre>\(escape(c.command))</pre>\n" }
        }
        return h + "</body></html>\n"
    }

    /// A table; numeric cells (and dashes for missing numbers) are right-aligned.
    static func table(_ t: ReportTable) -> String {
        var h = "<table><thead><tr>" + t.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in t.rows {
            h += "<tr>" + row.map { cell in
                Double(cell) != nil || cell == "–" ? "<td class=\"n\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        return h + "</tbody></table>\n"
    }
}
