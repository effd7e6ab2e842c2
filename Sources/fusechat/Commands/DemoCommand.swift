import ArgumentParser
import Foundation
import FuseData
import FuseModels
import FuseRecipes

/// `fusechat demo`: FuseChat-3.0 in miniature on the CPU, from one command.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fuse two small heterogeneous models into SmolLM2-135M on the CPU (recipes/demo.yaml), and print the before/after table.",
        discussion: """
            Fetches the three demo models if missing, then runs recipes/demo.yaml: Qwen2.5-Coder-0.5B \
            (qwen2) and Gemma 3 270M (gemma3) answer math, code and instruction prompts; verifiers \
            score the answers; FuseChat-3.0's rules build the SFT set and DPO pairs; SmolLM2-135M-Instruct \
            (llama) is trained with SFT then length-normalized DPO; every model is evaluated on GSM8K, \
            HumanEval and IFEval items. Prints the table and writes RUN/report.md, RUN/report.html and \
            the fused model (RUN/dpo/model.gguf, RUN/dpo/hf/). Started again, it resumes where it stopped.
            """)

    @Option(help: "small (default, about 30 minutes on 2 cores), medium or large.") var size = "small"
    @Option(help: "Run folder (default: runs/demo-<size>).") var run: String?
    @Option(help: "The recipe (default: recipes/demo.yaml of this repository).") var recipe: String?

    func run() async throws {
        let store = ModelStore()
        for name in ["qwen2.5-coder-0.5b-instruct", "gemma-3-270m", "smollm2-135m-instruct"] {
            try store.fetch(DemoModel.named(name)!, verifyExisting: false) { printNote($0) }
        }
        let path = try recipe ?? Self.demoRecipe()
        let loaded = try Recipe.load(path).sized(size)
        let folder = RunFolder(path: run ?? "runs/demo-\(size)")
        printNote("FuseChat demo (\(size)): recipe \(path), run folder \(folder.url.path)")
        let runner = RecipeRunner(recipe: loaded, recipeDirectory: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                  run: folder, say: printNote)
        let outcome = try await runner.runAll()
        print(outcome.table)
        print("\nreport: \(outcome.reportPath)")
        print("chat with the fused model: fusechat generate \(folder.url.appendingPathComponent("dpo/model.gguf").path) --prompt \"What is 15% of 80?\"")
    }

    /// recipes/demo.yaml in the working directory, else in the source tree this binary was built from.
    static func demoRecipe() throws -> String {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("recipes/demo.yaml"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("recipes/demo.yaml"),
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw CommandError(description: "recipes/demo.yaml not found (looked in \(candidates.map(\.path).joined(separator: ", "))); pass --recipe FILE")
        }
        return found.path
    }
}
