import Foundation

/// A small line chart written as SVG text: axes with rounded tick values, one polyline per
/// series, a title and a legend. `page` stacks several charts in one SVG document.
public struct SVGLineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var series: [Series]
    public var width = 640.0, height = 240.0
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    public init(title: String, xLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.series = series
    }

    /// A complete SVG document with `charts` one above the other.
    public static func page(_ charts: [SVGLineChart]) -> String {
        let width = charts.map(\.width).max() ?? 640
        var y = 0.0, body = ""
        for chart in charts {
            body += "<g transform=\"translate(0,\(fmt(y)))\">\n" + chart.body() + "</g>\n"
            y += chart.height
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(fmt(width))\" height=\"\(fmt(y))\" "
            + "viewBox=\"0 0 \(fmt(width)) \(fmt(y))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
    }

    /// This chart alone as an SVG document.
    public var svg: String { Self.page([self]) }

    func body() -> String {
        let left = 60.0, right = width - 20, top = 28.0, bottom = height - 34
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        var out = "<text x=\"\(fmt(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">\(escape(title))</text>\n"
        out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" height=\"\(fmt(bottom - top))\" fill=\"none\" stroke=\"#999\"/>\n"
        guard let x0 = all.map(\.x).min(), let x1 = all.map(\.x).max(), let y0 = all.map(\.y).min(), let y1 = all.map(\.y).max() else {
            return out + "<text x=\"\(fmt(width / 2))\" y=\"\(fmt((top + bottom) / 2))\" text-anchor=\"middle\">no data</text>\n"
        }
        let xs = Self.ticks(x0, x1), ys = Self.ticks(y0, y1)
        let xmin = xs.first!, xmax = xs.last!, ymin = ys.first!, ymax = ys.last!
        func px(_ x: Double) -> Double { left + (x - xmin) / max(xmax - xmin, 1e-300) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (y - ymin) / max(ymax - ymin, 1e-300) * (bottom - top) }
        for t in xs {
            out += "<line x1=\"\(fmt(px(t)))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(px(t)))\" y2=\"\(fmt(bottom + 4))\" stroke=\"#999\"/>"
            out += "<text x=\"\(fmt(px(t)))\" y=\"\(fmt(bottom + 15))\" text-anchor=\"middle\">\(Self.label(t))</text>\n"
        }
        for t in ys {
            out += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(py(t)))\" x2=\"\(fmt(right))\" y2=\"\(fmt(py(t)))\" stroke=\"#eee\"/>"
            out += "<text x=\"\(fmt(left - 5))\" y=\"\(fmt(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
        }
        out += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(height - 4))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let points = s.points.filter { $0.x.isFinite && $0.y.isFinite }.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
            if series.count > 1 {
                out += "<text x=\"\(fmt(left + 8))\" y=\"\(fmt(top + 14 + 13 * Double(i)))\" fill=\"\(color)\">\(escape(s.name))</text>\n"
            }
        }
        return out
    }

    /// About five round tick values covering [lo, hi] (1, 2 or 5 × 10ⁿ apart).
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        var lo = lo, hi = hi
        if hi - lo < 1e-12 * max(1, abs(hi)) { lo -= 0.5 * max(1e-3, abs(lo)); hi += 0.5 * max(1e-3, abs(hi)) }
        let raw = (hi - lo) / 5, magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        return stride(from: first, through: last + step / 2, by: step).map { $0 }
    }

    static func label(_ v: Double) -> String {
        let a = abs(v)
        if a == 0 { return "0" }
        if a >= 1e4 || a < 1e-3 { return String(format: "%.1e", v) }
        return String(format: a >= 100 ? "%.0f" : a >= 1 ? "%.2g" : "%.3g", v)
    }
}

private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

private func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
}
