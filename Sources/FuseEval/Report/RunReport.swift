import FuseData

/// Everything a fusion run's report shows, filled in by the recipe runner and rendered by
/// `ReportWriter` as `report.md` and `report.html`. Scores and rates are fractions in 0...1.
public struct RunReport: Codable, Sendable, Equatable {
    /// The report's heading (`FuseChat demo`, the recipe's name...).
    public var title: String
    /// The benchmark columns of the results table, in order.
    public var benchmarks: [Column]
    /// The rows of the results table: sources first, then the target before and after training.
    public var models: [ModelRow]
    /// Per-step training metrics, one curve set per training stage (SFT, DPO).
    public var training: [Curves]
    /// Score-stage pass (or correct) rates per source and domain.
    public var passRates: [PassRate]
    /// The pair stage's counts, as `pairs_summary.json` holds them.
    public var pairSummary: PairSummary?
    /// SFT records and DPO pairs per source and domain.
    public var dataMix: [DataMix]
    /// A few DPO pairs to show.
    public var examplePairs: [DPOPair]
    /// The machine the run used.
    public var machine: Machine?
    /// Wall-clock seconds per stage, in run order.
    public var timings: [Timing]
    /// Commands to show (reproduce the run, chat with the exported model...).
    public var commands: [Command]
    /// Free-text remarks shown under the title (settings, sizes, caveats).
    public var notes: [String]

    public init(title: String, benchmarks: [Column] = [], models: [ModelRow] = [],
                training: [Curves] = [], passRates: [PassRate] = [], pairSummary: PairSummary? = nil, dataMix: [DataMix] = [],
                examplePairs: [DPOPair] = [], machine: Machine? = nil, timings: [Timing] = [],
                commands: [Command] = [], notes: [String] = []) {
        self.title = title
        self.benchmarks = benchmarks
        self.models = models
        self.training = training
        self.passRates = passRates
        self.pairSummary = pairSummary
        self.dataMix = dataMix
        self.examplePairs = examplePairs
        self.machine = machine
        self.timings = timings
        self.commands = commands
        self.notes = notes
    }
}

extension RunReport {
    /// A column of the results table.
    public struct Column: Codable, Sendable, Equatable {
        /// The key of this benchmark in `ModelRow.scores` (`gsm8k`, `ifeval-strict`...).
        public var key: String
        /// The header shown (`GSM8K`, `IFEval (strict)`...).
        public var title: String
        /// How many items each score is computed over.
        public var items: Int

        public init(key: String, title: String, items: Int) {
            self.key = key
            self.title = title
            self.items = items
        }
    }

    /// One row of the results table.
    public struct ModelRow: Codable, Sendable, Equatable {
        /// What the row's model is in the fusion.
        public enum Role: String, Codable, Sendable {
            case source
            case targetBefore = "target_before"
            case targetSFT = "target_sft"
            case targetDPO = "target_dpo"
        }

        /// The model's name as shown (`gemma-3-270m`, `smollm2-135m-instruct + SFT`...).
        public var name: String
        public var role: Role
        /// Headline score (0...1) per benchmark key; a missing key is shown as a dash.
        public var scores: [String: Double]

        public init(name: String, role: Role, scores: [String: Double]) {
            self.name = name
            self.role = role
            self.scores = scores
        }
    }

    /// The `metrics.jsonl` rows of one training stage.
    public struct Curves: Codable, Sendable, Equatable {
        /// The stage's name (`SFT`, `DPO`).
        public var stage: String
        /// One row per logged step: every numeric field of the line (`step`, `loss`, `rewards/margins`...).
        public var rows: [[String: Double]]

        public init(stage: String, rows: [[String: Double]]) {
            self.stage = stage
            self.rows = rows
        }
    }

    /// How many of a source's verified samples in one domain passed (code) or were correct (math), or
    /// followed every instruction (instruction prompts with constraints).
    public struct PassRate: Codable, Sendable, Equatable {
        public var source: String
        public var domain: String
        public var passed: Int
        public var total: Int

        public init(source: String, domain: String, passed: Int, total: Int) {
            self.source = source
            self.domain = domain
            self.passed = passed
            self.total = total
        }

        /// `passed / total`, or nil without samples.
        public var rate: Double? { total > 0 ? Double(passed) / Double(total) : nil }
    }

    /// How many SFT records and DPO pairs one source contributed in one domain.
    public struct DataMix: Codable, Sendable, Equatable {
        public var source: String
        public var domain: String
        public var sftRecords: Int
        public var dpoPairs: Int

        public init(source: String, domain: String, sftRecords: Int, dpoPairs: Int) {
            self.source = source
            self.domain = domain
            self.sftRecords = sftRecords
            self.dpoPairs = dpoPairs
        }
    }

    /// The machine a run used, as the report states it.
    public struct Machine: Codable, Sendable, Equatable {
        /// Free text (`x86_64, AVX2+FMA, Debian 12`).
        public var description: String
        public var cores: Int
        public var memoryBytes: UInt64

        public init(description: String, cores: Int, memoryBytes: UInt64) {
            self.description = description
            self.cores = cores
            self.memoryBytes = memoryBytes
        }
    }

    /// Wall-clock time of one stage.
    public struct Timing: Codable, Sendable, Equatable {
        public var stage: String
        public var seconds: Double
        /// What the stage did (`600 samples`, `40 steps`...).
        public var detail: String?

        public init(stage: String, seconds: Double, detail: String? = nil) {
            self.stage = stage
            self.seconds = seconds
            self.detail = detail
        }
    }

    /// A shell command shown in the report, with what it is for.
    public struct Command: Codable, Sendable, Equatable {
        public var purpose: String
        public var command: String

        public init(purpose: String, command: String) {
            self.purpose = purpose
            self.command = command
        }
    }
}
