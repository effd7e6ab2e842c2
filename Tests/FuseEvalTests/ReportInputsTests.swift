import Foundation
import FuseData
import Testing
@testable import FuseEval

/// What the runner feeds the report: metrics files, pass rates from scores, the data mix.
@Suite("Report inputs")
struct ReportInputsTests {
    @Test("metrics.jsonl: every numeric field kept, booleans and strings dropped, blank lines skipped")
    func loadsMetrics() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try """
        {"step": 1, "loss": 0.5, "rewards/margins": -0.25, "note": "warmup", "done": false}

        {"step": 2, "loss": 1e-3, "grad_norm": 3}
        """.write(to: url, atomically: true, encoding: .utf8)
        let curves = try RunReport.Curves.load(stage: "DPO", metricsFile: url)
        #expect(curves.rows == [["step": 1, "loss": 0.5, "rewards/margins": -0.25], ["step": 2, "loss": 0.001, "grad_norm": 3]])
        #expect(ReportCharts.metricKeys(curves.rows) == ["loss", "rewards/margins", "grad_norm"])
    }

    @Test("a line that is not a JSON object is an error naming the file and line")
    func badMetricsLine() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try "{\"step\": 1}\n[1, 2]\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: EvalError.badData(path: url.path, line: 2, detail: "not a JSON object")) {
            try RunReport.Curves.load(stage: "SFT", metricsFile: url)
        }
    }

    @Test("pass rates count samples with a verdict; all verdicts must pass; reward-only samples are skipped")
    func passRates() {
        let prompts = [PromptRecord(id: "m", domain: .math, messages: [.user("1+1?")]),
                       PromptRecord(id: "c", domain: .code, messages: [.user("def f")])]
        func sample(_ prompt: String, _ source: String, _ index: Int) -> SampleRecord {
            SampleRecord(promptId: prompt, source: source, sampleIndex: index, text: "", tokenCount: nil, finishReason: "stop",
                         settings: SamplingSettings(), seed: nil, backend: "fake", latencyMs: nil)
        }
        let samples = [sample("m", "a", 0), sample("m", "a", 1), sample("m", "b", 0), sample("c", "a", 0), sample("c", "a", 1)]
        let scores = [
            ScoreRecord(sampleId: samples[0].id, scorer: "math", scorerVersion: "1", verdict: .correct),
            ScoreRecord(sampleId: samples[1].id, scorer: "math", scorerVersion: "1", verdict: .incorrect),
            ScoreRecord(sampleId: samples[2].id, scorer: "reward", scorerVersion: "1", value: 0.9),
            ScoreRecord(sampleId: samples[3].id, scorer: "code", scorerVersion: "1", verdict: .pass),
            ScoreRecord(sampleId: samples[3].id, scorer: "constraints", scorerVersion: "1", verdict: .fail),
            ScoreRecord(sampleId: samples[4].id, scorer: "code", scorerVersion: "1", verdict: .pass),
        ]
        #expect(RunReport.PassRate.tally(prompts: prompts, samples: samples, scores: scores) == [
            .init(source: "a", domain: "code", passed: 1, total: 2),
            .init(source: "a", domain: "math", passed: 1, total: 2),
        ])
    }

    @Test("the data mix counts SFT records and DPO pairs by provenance")
    func dataMix() {
        func provenance(_ source: String, _ domain: Domain) -> Provenance {
            Provenance(promptId: "p", domain: domain, source: source, chosenSampleId: "s")
        }
        let sft = [SFTRecord(messages: [], provenance: provenance("a", .math)), SFTRecord(messages: [], provenance: provenance("a", .math)),
                   SFTRecord(messages: [], provenance: provenance("b", .code))]
        let dpo = [DPOPair(prompt: [], chosen: [], rejected: [], provenance: provenance("a", .instruction))]
        #expect(RunReport.DataMix.tally(sft: sft, dpo: dpo) == [
            .init(source: "a", domain: "instruction", sftRecords: 0, dpoPairs: 1),
            .init(source: "a", domain: "math", sftRecords: 2, dpoPairs: 0),
            .init(source: "b", domain: "code", sftRecords: 1, dpoPairs: 0),
        ])
    }
}
