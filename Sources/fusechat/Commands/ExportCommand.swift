import ArgumentParser
import Foundation
import FuseData
import FuseRecipes

/// `fusechat export --to TOOL --run DIR --out DIR [--target MODEL_ID]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's SFT/DPO data and the FuseChat-3.0 training recipe for TRL, LLaMA-Factory, OpenRLHF or mlx-lm.",
        discussion: """
            Reads sft.jsonl and dpo.jsonl of a run folder (from `fusechat pairs`) and writes, under --out, \
            the datasets in the tool's format, its training configs (paper defaults for Llama-3.2-1B: SFT lr \
            5e-6 x 3 epochs, LN-DPO beta 10 lr 1e-6), DeepSpeed ZeRO-3 config, launch scripts and a README.md.
            Example: fusechat export --to trl --run runs/demo --out exports/trl
            """
    )
    @Option(help: "trl, llama-factory, openrlhf or mlx-lm.") var to: String
    @Option(name: .customLong("run"), help: "Run folder holding sft.jsonl / dpo.jsonl.") var runFolder: String
    @Option(help: "Export folder to write (created).") var out: String
    @Option(help: "Target model id or path to fine-tune.") var target: String?
    @Option(help: "DPO loss: sigmoid_norm (LN-DPO, paper's Llama setting) or sigmoid.") var dpoLoss: String?
    @Option(help: "DPO beta (paper: 10 with sigmoid_norm, 0.01 with sigmoid).") var beta: Double?
    @Option(help: "GPUs per node the launch scripts assume.") var gpus: Int?

    func run() throws {
        let tool = try ExportTool(name: to)
        var plan = TrainingPlan(targetModel: target)
        if let dpoLoss {
            guard let loss = DPOLoss(rawValue: dpoLoss) else {
                throw ValidationError("--dpo-loss \(dpoLoss): expected sigmoid_norm or sigmoid")
            }
            plan.dpo.loss = loss
        }
        if let beta { plan.dpo.beta = beta }
        if let gpus { plan.gpus = gpus }
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let bundle = try Exporter(plan: plan).export(run: RunFolder(path: runFolder), to: tool, folder: folder)
        print("wrote \(bundle.files.count) files to \(folder.path) (see README.md there)")
        for note in bundle.notes { print("note: \(note)") }
    }
}
