import Foundation

/// One optimizer step's logged values under TRL's names (`loss`, `grad_norm`, `learning_rate`,
/// `rewards/…`, `logps/…`, `tokens/s`, `epoch`, `step`).
public struct StepMetrics: Sendable, Equatable {
    public var values: [String: Double]
    public subscript(_ name: String) -> Double? { values[name] }
    public var step: Int { Int(values["step"] ?? 0) }
}

/// `metrics.jsonl`: one JSON object per optimizer step, appended as the run goes.
struct MetricsLog {
    let url: URL

    /// Keeps the lines of steps ≤ `step` (a resumed run rewrites what came after its checkpoint).
    func truncate(after step: Int) throws(TrainerError) {
        let kept = read().filter { $0.step <= step }
        write(kept)
    }

    func read() -> [StepMetrics] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            (try? JSONDecoder().decode([String: Double].self, from: Data(line.utf8))).map(StepMetrics.init)
        }
    }

    func append(_ metrics: StepMetrics) throws(TrainerError) {
        let line = Self.line(metrics)
        do {
            if !FileManager.default.fileExists(atPath: url.path) { try Data().write(to: url) }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } catch { throw .io(path: url.path, detail: "cannot append metrics: \(error.localizedDescription)") }
    }

    private func write(_ metrics: [StepMetrics]) {
        try? Data(metrics.map(Self.line).joined().utf8).write(to: url, options: .atomic)
    }

    static func line(_ m: StepMetrics) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(m.values)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
