import FuseData
import Foundation

/// Builds the export folder for one training tool from a run's SFT/DPO data and a training plan.
public struct Exporter: Sendable {
    public var plan: TrainingPlan

    public init(plan: TrainingPlan = TrainingPlan()) { self.plan = plan }

    /// The files for `tool`, including a README.md that says how to run them.
    public func bundle(for tool: ExportTool, input: ExportInput) -> ExportBundle {
        var out: ExportBundle
        switch tool {
        case .trl: out = TRLExport(plan: plan, input: input).bundle()
        case .llamaFactory: out = LlamaFactoryExport(plan: plan, input: input).bundle()
        case .openrlhf: out = OpenRLHFExport(plan: plan, input: input).bundle()
        case .mlxLM: out = MLXExport(plan: plan, input: input).bundle()
        }
        out.add("README.md", ExportReadme(tool: tool, plan: plan, input: input, bundle: out).text)
        return out
    }

    /// Reads `run`, builds the bundle for `tool` and writes it under `folder`.
    @discardableResult
    public func export(run: RunFolder, to tool: ExportTool, folder: URL) throws(ExportError) -> ExportBundle {
        let bundle = bundle(for: tool, input: try ExportInput(run: run))
        try bundle.write(to: folder)
        return bundle
    }
}
