import Foundation
import FuseData
import FuseEval

extension RecipeRunner {
    /// Writes `report.md` and `report.html` (table, curves, data statistics, example pairs,
    /// timings) and returns the table.
    func writeReport(rows: [(label: String, summaries: [EvalSummary])], finalModel: URL,
                     started: Date) async throws(RecipeError) -> RunOutcome {
        let report = try buildReport(rows: rows, finalModel: finalModel)
        let writer = ReportWriter()
        var written: (markdown: URL, html: URL)?
        try await stage("report") {
            written = try writer.write(report, to: run.url)
        }
        let path = written?.html.path ?? run.url.appendingPathComponent("report.html").path
        return RunOutcome(table: writer.resultsTable(report), reportPath: path)
    }

    func buildReport(rows: [(label: String, summaries: [EvalSummary])], finalModel: URL) throws(RecipeError) -> RunReport {
        do {
            let prompts = try run.prompts().records, samples = try run.samples().records, scores = try run.scores().records
            let pairs = try ExportInput(run: run)
            let sft = pairs.sft, dpo = pairs.dpo
            var report = RunReport(title: "FuseChat run: \(recipe.name)")
            report.benchmarks = recipe.eval.benchmarks.map { name in
                let items = rows.first?.summaries.first { $0.benchmark == name }?.items ?? 0
                return RunReport.Column(key: name, title: Self.title(of: name, summaries: rows.first?.summaries ?? []), items: items)
            }
            report.models = rows.map { row in
                let role: RunReport.ModelRow.Role = row.label.hasPrefix("source") ? .source
                    : row.label.contains("before") ? .targetBefore : row.label.contains("DPO") ? .targetDPO : .targetSFT
                let scores = Dictionary(row.summaries.compactMap { s in s.headline.map { (s.benchmark, $0.value) } },
                                        uniquingKeysWith: { a, _ in a })
                return RunReport.ModelRow(name: row.label, role: role, scores: scores)
            }
            report.training = try ["sft", "dpo"].compactMap { stage throws -> RunReport.Curves? in
                let url = folder(stage).appendingPathComponent("metrics.jsonl")
                return FileManager.default.fileExists(atPath: url.path) ? try RunReport.Curves.load(stage: stage.uppercased(), metricsFile: url) : nil
            }
            report.passRates = RunReport.PassRate.tally(prompts: prompts, samples: samples, scores: scores)
            if let data = FileManager.default.contents(atPath: run.pairsSummaryURL.path) {
                report.pairSummary = try? JSONDecoder().decode(PairSummary.self, from: data)
            }
            report.dataMix = RunReport.DataMix.tally(sft: sft, dpo: dpo)
            report.examplePairs = Array(dpo.prefix(3))
            report.machine = RunReport.Machine.current()
            report.timings = stages.all().map { RunReport.Timing(stage: $0.stage, seconds: $0.seconds) }
            report.commands = [
                .init(purpose: "chat with the fused model", command: "fusechat generate \(finalModel.path) --prompt \"What is 15% of 80?\""),
                .init(purpose: "serve it over the OpenAI API", command: "fusechat serve fused=\(finalModel.path) --port 8000"),
                .init(purpose: "export the data and recipe for TRL / DeepSpeed", command: "fusechat export --to trl --run \(run.url.path) --out \(run.url.path)/export-trl"),
            ]
            report.notes = ["\(prompts.count) prompts, \(samples.count) samples from \(recipe.sources.count) sources, "
                            + "\(sft.count) SFT records, \(dpo.count) DPO pairs; target \(recipe.target); "
                            + "DPO loss \(recipe.dpo.loss ?? "sigmoid"), beta \(recipe.dpo.beta ?? 0.1)."]
            return report
        } catch {
            throw .stage("report", detail: "\(error)")
        }
    }

    static func title(of benchmark: String, summaries: [EvalSummary]) -> String {
        let names = ["gsm8k": "GSM8K", "humaneval": "HumanEval", "ifeval": "IFEval", "alpaca-eval": "AlpacaEval"]
        let metric = summaries.first { $0.benchmark == benchmark }?.headline?.name
        return (names[benchmark] ?? benchmark) + (metric.map { " (\($0))" } ?? "")
    }
}
