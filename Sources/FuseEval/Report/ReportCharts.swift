import Foundation
import FuseTraining

/// The report's charts as inline SVG elements: line charts of training metrics (FuseTraining's
/// `SVGLineChart`, the one the trainer's `metrics.svg` uses) and grouped bar charts of pass rates.
/// Pure text, no external assets; every element is closed (valid XML).
enum ReportCharts {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    static let width = 480.0, height = 220.0
    static let left = 40.0, right = 468.0, top = 30.0, bottom = 186.0

    /// The metric keys of a stage worth plotting, most telling first: `loss`, then the DPO reward
    /// statistics, then every other numeric key; the x axis (`step`, `epoch`) is not a curve.
    static func metricKeys(_ rows: [[String: Double]]) -> [String] {
        let keys = Set(rows.flatMap(\.keys)).subtracting(["step", "epoch"])
        let first = ["loss", "rewards/margins", "rewards/accuracies", "rewards/chosen", "rewards/rejected"].filter(keys.contains)
        return first + keys.subtracting(first).sorted()
    }

    /// One chart of `key` against `step` (or the row number when a row has no step), drawn by the
    /// trainer's `SVGLineChart`: one polyline point per row that has the key.
    static func line(stage: String, key: String, rows: [[String: Double]]) -> String {
        let points = rows.enumerated().compactMap { index, row -> (x: Double, y: Double)? in
            row[key].map { (row["step"] ?? Double(index + 1), $0) }
        }
        var chart = SVGLineChart(title: "\(stage): \(key)", xLabel: "step", series: [.init(name: key, points: points)])
        chart.width = width
        chart.height = height
        return chart.svg
    }

    /// Grouped bars: one group per domain, one bar per source, the pass rate in percent above each.
    static func bars(_ rates: [RunReport.PassRate]) -> String {
        let domains = unique(rates.map(\.domain)), sources = unique(rates.map(\.source))
        var svg = open(title: "Pass rate per source and domain (%)")
        let py = scale(0, 100, bottom, top)
        for t in stride(from: 0.0, through: 100, by: 25) {
            svg += line(left, py(t), right, py(t), "#e5e5e5") + text(left - 6, py(t) + 4, String(format: "%.0f", t), anchor: "end")
        }
        let groupWidth = (right - left) / Double(max(domains.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(sources.count, 1))
        for (g, domain) in domains.enumerated() {
            let x0 = left + Double(g) * groupWidth + groupWidth * 0.1
            svg += text(x0 + groupWidth * 0.4, bottom + 16, domain, anchor: "middle")
            for (b, source) in sources.enumerated() {
                guard let rate = rates.first(where: { $0.domain == domain && $0.source == source })?.rate else { continue }
                let x = x0 + Double(b) * barWidth, y = py(rate * 100)
                svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth - 2))\" height=\"\(f(bottom - y))\" fill=\"\(palette[b % palette.count])\"/>"
                svg += text(x + barWidth / 2 - 1, y - 3, String(format: "%.0f", rate * 100), anchor: "middle")
            }
        }
        for (b, source) in sources.enumerated() {
            let x = left + 150 * Double(b)
            svg += "<rect x=\"\(f(x))\" y=\"\(f(height - 14))\" width=\"10\" height=\"10\" fill=\"\(palette[b % palette.count])\"/>"
            svg += text(x + 14, height - 5, source, anchor: "start")
        }
        return svg + "</svg>"
    }

    private static func open(title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "font-family=\"sans-serif\" font-size=\"11\">" + text(width / 2, 16, title, anchor: "middle", size: 13)
    }

    private static func scale(_ lo: Double, _ hi: Double, _ a: Double, _ b: Double) -> (Double) -> Double {
        { a + ($0 - lo) / max(hi - lo, 1e-300) * (b - a) }
    }

    private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\"/>"
    }

    private static func text(_ x: Double, _ y: Double, _ s: String, anchor: String, size: Int = 11) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">\(HTMLReport.escape(s))</text>"
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
