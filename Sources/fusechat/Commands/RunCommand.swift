import ArgumentParser
import Foundation
import FuseData
import FuseRecipes

/// `fusechat run RECIPE.yaml`: every stage of a FuseChat-3.0 run, resumable.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a recipe end to end: prompts, sampling, scoring, pairs, evaluation, SFT, DPO, report (resumable).",
        discussion: """
            The run folder (--run, default runs/<recipe name>) receives every stage's outputs. Finished \
            stages are recorded in RUN/stages/ and skipped when the command is started again; an \
            interrupted stage resumes from its own partial outputs (JSONL files, checkpoints). \
            Recipe fields: docs/recipes.md.
            """)

    @Argument(help: "The recipe file (YAML).") var recipe: String
    @Option(help: "Run folder (default: runs/<recipe name>).") var run: String?
    @Option(help: "A named size from the recipe's `sizes`.") var size: String?

    func run() async throws {
        let loaded = try Recipe.load(recipe).sized(size)
        let folder = RunFolder(path: run ?? "runs/\(loaded.name)\(size.map { "-" + $0 } ?? "")")
        let runner = RecipeRunner(recipe: loaded, recipeDirectory: URL(fileURLWithPath: recipe).deletingLastPathComponent(),
                                  run: folder, say: printNote)
        let outcome = try await runner.runAll()
        print(outcome.table)
        print("\nreport: \(outcome.reportPath)")
    }
}
