import Foundation
import FuseData
@testable import FuseEval

/// A hand-built report: two sources, the target before and after training, SFT and DPO curves
/// (one DPO row lacks `rewards/margins`), pass rates, a pair summary and a hostile example pair.
enum ReportFixture {
    static let hostile = "<script>alert('x')</script> & ```code``` \"quoted\""

    static let sftRows: [[String: Double]] = (1...7).map { ["step": Double($0), "loss": 2.0 / Double($0), "learning_rate": 1e-5] }
    static let dpoRows: [[String: Double]] = (1...5).map { k in
        var row = ["step": Double(2 * k), "loss": 0.69 - 0.05 * Double(k), "rewards/accuracies": Double(k) / 5]
        if k != 3 { row["rewards/margins"] = 0.1 * Double(k) }
        return row
    }

    static var report: RunReport {
        let summary = try! JSONDecoder().decode(PairSummary.self, from: Data("""
            {"sources": {"gemma-3-270m": {"samples": 40, "correct": 9, "verified": 24, "sft_chosen": 5, "dpo_pairs": 3}},
             "domains": {"math": {"prompts": 10, "sft_prompts": 8, "dpo_prompts": 2, "sft_records": 6, "dpo_pairs": 1,
                                  "sft_dropped": {"no_correct_response": 2}, "dpo_dropped": {"margin_below_window": 1}}}}
            """.utf8))
        let pair = DPOPair(prompt: [.user("What is 2 < 3? " + hostile)],
                           chosen: [ChatMessage(role: "assistant", content: hostile)],
                           rejected: [ChatMessage(role: "assistant", content: "no")],
                           provenance: Provenance(promptId: "demo-math-001", domain: .math, source: "gemma-3-270m",
                                                  chosenSampleId: "a", rejectedSampleId: "b", chosenReward: 0.75,
                                                  rejectedReward: 0.25, margin: 0.5))
        return RunReport(
            title: "FuseChat <demo>",
            benchmarks: [.init(key: "gsm8k", title: "GSM8K", items: 100), .init(key: "humaneval", title: "HumanEval", items: 164),
                         .init(key: "ifeval-strict", title: "IFEval (strict)", items: 541)],
            models: [.init(name: "gemma-3-270m", role: .source, scores: ["gsm8k": 0.25, "humaneval": 0.5, "ifeval-strict": 0.75]),
                     .init(name: "smollm2-135m-instruct", role: .targetBefore, scores: ["gsm8k": 0.4567, "humaneval": 0]),
                     .init(name: "smollm2 + SFT", role: .targetSFT, scores: ["gsm8k": 1, "humaneval": 0.0061, "ifeval-strict": 0.2]),
                     .init(name: "smollm2 + SFT + DPO", role: .targetDPO, scores: ["gsm8k": 0.1, "humaneval": 0.2, "ifeval-strict": 0.3])],
            training: [.init(stage: "SFT", rows: sftRows), .init(stage: "DPO", rows: dpoRows)],
            passRates: [.init(source: "gemma-3-270m", domain: "math", passed: 3, total: 12),
                        .init(source: "qwen2.5-coder-0.5b-instruct", domain: "math", passed: 6, total: 12),
                        .init(source: "qwen2.5-coder-0.5b-instruct", domain: "code", passed: 0, total: 0)],
            pairSummary: summary,
            dataMix: [.init(source: "gemma-3-270m", domain: "math", sftRecords: 5, dpoPairs: 1)],
            examplePairs: [pair],
            machine: .init(description: "x86_64, Debian 12", cores: 2, memoryBytes: 24 * 1_073_741_824),
            timings: [.init(stage: "sample", seconds: 42, detail: "600 samples"), .init(stage: "sft", seconds: 125),
                      .init(stage: "dpo", seconds: 3725)],
            commands: [.init(purpose: "Chat with the fused model", command: "fusechat chat runs/demo/export/model.gguf")],
            notes: ["Size small & fast."])
    }
}
