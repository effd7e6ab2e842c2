import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import FuseData
import Testing
@testable import FuseEval

/// The report writer on a hand-built report: both files, well-formed HTML (libxml2's XML parser is
/// the oracle), escaping, table numbers, and one polyline point per metrics row.
@Suite("Report writer")
struct ReportWriterTests {
    /// Elements and polylines as an XML parser sees them.
    final class Elements: NSObject, XMLParserDelegate {
        var names: [String] = []
        var polylines: [[(Double, Double)]] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            names.append(name)
            if name == "polyline", let points = attributes["points"] {
                polylines.append(points.split(separator: " ").map { pair in
                    let xy = pair.split(separator: ",").map { Double($0)! }
                    return (xy[0], xy[1])
                })
            }
        }
    }

    static func parse(_ html: String) throws -> Elements {
        let parser = XMLParser(data: Data(html.utf8))
        let elements = Elements()
        parser.delegate = elements
        guard parser.parse() else {
            throw EvalError.badData(path: "report.html", line: parser.lineNumber,
                                    detail: parser.parserError.map { "\($0)" } ?? "not well-formed")
        }
        return elements
    }

    @Test("writes report.md and report.html into the folder")
    func writesBothFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (md, html) = try ReportWriter().write(ReportFixture.report, to: folder.appendingPathComponent("run"))
        #expect(md.lastPathComponent == "report.md" && html.lastPathComponent == "report.html")
        #expect(try String(contentsOf: md, encoding: .utf8).hasPrefix("# FuseChat <demo>\n"))
        #expect(try String(contentsOf: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("the HTML is well-formed XML, self-contained, with one SVG per chart")
    func wellFormed() throws {
        let html = ReportWriter().html(ReportFixture.report)
        let elements = try Self.parse(html)
        // SFT: loss, learning_rate; DPO: loss, margins, accuracies; plus the pass-rate bars.
        #expect(elements.names.filter { $0 == "svg" }.count == 6)
        #expect(elements.names.filter { $0 == "polyline" }.count == 5)
        #expect(!elements.names.contains("script") && !elements.names.contains("img") && !elements.names.contains("link"))
        // No external assets: the only URLs are the XHTML and SVG namespace names.
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http"))
    }

    @Test("example text is escaped in both files")
    func escaping() throws {
        let writer = ReportWriter()
        let html = writer.html(ReportFixture.report)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ```code``` &quot;quoted&quot;"))
        #expect(html.contains("<title>FuseChat &lt;demo&gt;</title>"))
        // The Markdown fence is longer than the backtick run inside the text, so it cannot be closed early.
        let md = writer.markdown(ReportFixture.report)
        #expect(md.contains("````text\n" + ReportFixture.hostile + "\n````\n"))
    }

    @Test("results table: percentages with one decimal, item counts, average only over complete rows")
    func resultsTable() {
        let table = ReportWriter().resultsTable(ReportFixture.report)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0] == "| Model | Role | GSM8K (n=100) | HumanEval (n=164) | IFEval (strict) (n=541) | Average |")
        #expect(lines[1] == "|---|---|---:|---:|---:|---:|")
        #expect(lines[2] == "| gemma-3-270m | source | 25.0 | 50.0 | 75.0 | 50.0 |")
        #expect(lines[3] == "| smollm2-135m-instruct | target (before) | 45.7 | 0.0 | – | – |")
        // (1 + 0.0061 + 0.2) / 3 = 0.40203...
        #expect(lines[4] == "| smollm2 + SFT | target + SFT | 100.0 | 0.6 | 20.0 | 40.2 |")
        #expect(lines[5] == "| smollm2 + SFT + DPO | target + SFT + DPO | 10.0 | 20.0 | 30.0 | 20.0 |")
    }

    @Test("each curve's polyline has one point per metrics row holding its key, in step order")
    func polylinePoints() throws {
        let elements = try Self.parse(ReportWriter().html(ReportFixture.report))
        let sft = ReportFixture.sftRows, dpo = ReportFixture.dpoRows
        let expected = [sft.count, sft.count, dpo.count, dpo.filter { $0["rewards/margins"] != nil }.count, dpo.count]
        #expect(elements.polylines.map(\.count) == expected)
        #expect(expected == [7, 7, 5, 4, 5])
        for line in elements.polylines {
            #expect(zip(line, line.dropFirst()).allSatisfy { $0.0 < $1.0 })
        }
        // The SFT loss falls: 2/step, so the y coordinate (downwards in SVG) rises.
        let loss = elements.polylines[0]
        #expect(zip(loss, loss.dropFirst()).allSatisfy { $0.1 < $1.1 })
    }

    @Test("data tables: sources, drop reasons, timings and machine")
    func dataTables() {
        let md = ReportWriter().markdown(ReportFixture.report)
        #expect(md.contains("| gemma-3-270m | 40 | 24 | 9 | 37.5 | 5 | 3 |"))
        #expect(md.contains("| math | SFT | no_correct_response | 2 |"))
        #expect(md.contains("| math | DPO | margin_below_window | 1 |"))
        #expect(md.contains("| qwen2.5-coder-0.5b-instruct | code | 0 | 0 | – |"))
        #expect(md.contains("| sample | 42.0 s | 600 samples |"))
        #expect(md.contains("| sft | 2 min 05 s |  |"))
        #expect(md.contains("| dpo | 1 h 02 min |  |"))
        #expect(md.contains("| total | 1 h 04 min |  |"))
        #expect(md.contains("x86_64, Debian 12; 2 cores, 24.0 GiB memory"))
        #expect(md.contains("```bash\nfusechat chat runs/demo/export/model.gguf\n```"))
    }
}
