/// The benchmarks by name, loaded from the data store (fetching their data on first use).
public struct BenchmarkCatalog: Sendable {
    public static let names = ["gsm8k", "humaneval", "ifeval", "alpaca-eval"]

    public var store: EvalDataStore
    /// The judge for pairwise benchmarks; without one they cannot run.
    public var judge: PairwiseJudge?

    public init(store: EvalDataStore, judge: PairwiseJudge? = nil) {
        self.store = store
        self.judge = judge
    }

    /// The named benchmark with all its items.
    public func load(_ name: String) throws(EvalError) -> any Benchmark {
        switch name {
        case "gsm8k":
            try store.fetch(.gsm8k)
            return try GSM8KBenchmark(store: store)
        case "humaneval":
            try store.fetch(.humaneval)
            return try HumanEvalBenchmark(store: store)
        case "ifeval":
            try store.fetch(.ifeval)
            return try IFEvalBenchmark(store: store)
        case "alpaca-eval":
            guard let judge else { throw .missingInput(benchmark: name, detail: "a pairwise benchmark needs a judge (--judge)") }
            try store.fetch(.alpacaEval)
            return try AlpacaEvalBenchmark(store: store, judge: judge)
        default:
            throw .unknownBenchmark(name: name, known: Self.names)
        }
    }
}
