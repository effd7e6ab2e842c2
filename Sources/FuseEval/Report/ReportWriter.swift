import Foundation

/// Writes a run's report: `report.md` (tables, examples, commands) and `report.html` (the same
/// plus SVG charts of the training metrics and pass rates, in one file with no external assets).
public struct ReportWriter: Sendable {
    public init() {}

    /// The Markdown report.
    public func markdown(_ report: RunReport) -> String { MarkdownReport.render(report) }

    /// The HTML report.
    public func html(_ report: RunReport) -> String { HTMLReport.render(report) }

    /// The results table alone as Markdown (for the terminal and the README).
    public func resultsTable(_ report: RunReport) -> String { MarkdownReport.table(ReportTables.results(report)) }

    /// Writes `report.md` and `report.html` into `folder` (created if needed) and returns their URLs.
    @discardableResult
    public func write(_ report: RunReport, to folder: URL) throws(EvalError) -> (markdown: URL, html: URL) {
        let md = folder.appendingPathComponent("report.md"), page = folder.appendingPathComponent("report.html")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try markdown(report).write(to: md, atomically: true, encoding: .utf8)
            try html(report).write(to: page, atomically: true, encoding: .utf8)
        } catch {
            throw .io(path: folder.path, detail: "cannot write the report: \(error.localizedDescription)")
        }
        return (md, page)
    }
}
