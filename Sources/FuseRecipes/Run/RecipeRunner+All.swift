import Foundation
import FuseData
import FuseEval

/// What a whole run produced.
public struct RunOutcome: Sendable {
    /// The results table (markdown).
    public var table: String
    public var reportPath: String
}

extension RecipeRunner {
    /// Every stage in order; finished stages are skipped.
    public func runAll() async throws(RecipeError) -> RunOutcome {
        let started = Date()
        try FileManager.default.createDirectoryIfNeeded(run.url)
        try copyRecipe()
        try await importPrompts()
        try await sample()
        try await score()
        try await buildPairs()
        var rows: [(label: String, summaries: [EvalSummary])] = []
        for source in recipe.sources where source.evaluate ?? true {
            guard let model = source.local else { continue }
            rows.append(("source: \(source.name)", try await evaluate(label: "source-\(source.name)", model: model)))
        }
        rows.append(("target before fusion", try await evaluate(label: "target-before", model: recipe.target)))
        let sftModel = try await trainSFT()
        rows.append(("target after SFT", try await evaluate(label: "target-sft", model: sftModel.path)))
        let dpoModel = try await trainDPO(from: sftModel)
        rows.append(("target after SFT+DPO", try await evaluate(label: "target-dpo", model: dpoModel.path)))
        return try await writeReport(rows: rows, finalModel: dpoModel, started: started)
    }

    /// Keeps the recipe that produced the run beside its outputs.
    func copyRecipe() throws(RecipeError) {
        let url = run.url.appendingPathComponent("recipe.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(recipe).write(to: url, options: .atomic) } catch {
            throw .stage("recipe", detail: "cannot write \(url.path): \(error)")
        }
    }
}

extension FileManager {
    func createDirectoryIfNeeded(_ url: URL) throws(RecipeError) {
        do { try createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw .stage("run", detail: "cannot create \(url.path): \(error)")
        }
    }
}
