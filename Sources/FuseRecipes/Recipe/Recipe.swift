import Foundation
import FuseData
import FuseModels
import FuseSampling
import FuseScoring
import Yams

/// One YAML file that declares a whole FuseChat-3.0 run: prompts, sources and their sampling,
/// scoring, pair rules, the target, SFT and DPO settings, and the benchmarks. `fusechat run`
/// executes it stage by stage (see docs/recipes.md for every field).
public struct Recipe: Codable, Sendable, Equatable {
    public var name: String
    public var prompts: PromptsSection
    public var sources: [SourceSection]
    public var scoring: ScoringSection
    public var pairs: PairsSection
    public var target: String
    public var sft: TrainingSection
    public var dpo: TrainingSection
    public var eval: EvalSection
    /// Named overrides of `prompts.per_domain`, `sources[].n`/`max_tokens` and `eval.limit`.
    public var sizes: [String: SizeSection]?

    public struct PromptsSection: Codable, Sendable, Equatable {
        /// JSONL/JSON files, relative to the recipe file.
        public var files: [String]
        /// At most this many prompts per domain (in file order), if set.
        public var perDomain: Int?
        enum CodingKeys: String, CodingKey { case files; case perDomain = "per_domain" }
    }

    /// A source: `local` (in-process) or `url` (OpenAI-compatible endpoint), with sampling settings.
    public struct SourceSection: Codable, Sendable, Equatable {
        public var name: String
        public var local: String?
        public var url: String?
        public var model: String?
        public var apiKeyEnv: String?
        public var n: Int?
        public var preset: String?
        public var temperature: Double?
        public var topP: Double?
        public var topK: Int?
        public var minP: Double?
        public var repetitionPenalty: Double?
        public var maxTokens: Int?
        public var concurrency: Int?
        public var batch: Int?
        /// Local sources: the decode arithmetic (`float32` or `int8`).
        public var activations: ActivationPrecision?
        public var serverN: Bool?
        public var seed: UInt64?
        /// Also evaluate this source on the benchmarks (for the table). Default true.
        public var evaluate: Bool?

        enum CodingKeys: String, CodingKey {
            case name, local, url, model, n, preset, temperature, concurrency, batch, activations, seed, evaluate
            case apiKeyEnv = "api_key_env", topP = "top_p", topK = "top_k", minP = "min_p"
            case repetitionPenalty = "repetition_penalty", maxTokens = "max_tokens", serverN = "server_n"
        }

        /// The sampler's view of this source.
        public func spec() throws(RecipeError) -> SourceSpec {
            guard (local == nil) != (url == nil) else {
                throw .invalid(field: "sources[\(name)]", expected: "exactly one of `local` and `url`")
            }
            var spec = SourceSpec(name: name, url: url ?? "", model: model ?? local ?? name, apiKeyEnv: apiKeyEnv)
            spec.local = local
            spec.batch = batch
            spec.activations = activations
            spec.n = n ?? spec.n
            spec.preset = preset
            spec.temperature = temperature
            spec.topP = topP
            spec.topK = topK
            spec.minP = minP
            spec.repetitionPenalty = repetitionPenalty
            spec.maxTokens = maxTokens ?? spec.maxTokens
            spec.concurrency = concurrency ?? spec.concurrency
            spec.serverN = serverN ?? spec.serverN
            spec.seed = seed ?? spec.seed
            do { _ = try spec.settings() } catch { throw .invalid(field: "sources[\(name)]", expected: error.description) }
            return spec
        }
    }

    public struct ScoringSection: Codable, Sendable, Equatable {
        /// An OpenAI-compatible chat model judging open responses 1-10 (`name=...,url=...,model=...`).
        public var judge: String?
        /// Parallel scoring tasks.
        public var concurrency: Int?
        /// A reward-model server scoring every response (scorer `reward`).
        public var reward: RewardSection?
    }

    /// A reward-model server, as `fusechat score --reward` takes it (docs/scoring.md).
    public struct RewardSection: Codable, Sendable, Equatable {
        /// Server root, e.g. `http://127.0.0.1:8005`.
        public var url: String
        /// `vllm-classify`, `vllm-pooling`, `sglang-classify` or `openrlhf`.
        public var api: String
        public var model: String?
        /// Chat template to render conversations with (a model or a Jinja file), for text APIs.
        public var template: String?
        public var batch: Int?
        public var concurrency: Int?
        public var apiKeyEnv: String?
        enum CodingKeys: String, CodingKey { case url, api, model, template, batch, concurrency; case apiKeyEnv = "api_key_env" }

        /// The reward client's settings (the API key read from `api_key_env`).
        public func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(RecipeError) -> RewardSettings {
            guard let kind = RewardAPI(rawValue: api) else {
                throw .invalid(field: "scoring.reward.api", expected: RewardAPI.allCases.map(\.rawValue).joined(separator: ", ") + " (got '\(api)')")
            }
            var key: String?
            if let variable = apiKeyEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw .invalid(field: "scoring.reward.api_key_env", expected: "environment variable \(variable) to be set")
                }
                key = value
            }
            return RewardSettings(server: url, api: kind, model: model, template: template, batch: batch ?? 32,
                                  concurrency: concurrency ?? 4, apiKey: key)
        }
    }

    public struct PairsSection: Codable, Sendable, Equatable {
        /// The scorer whose value is the reward (`reward`, `judge`, `constraints`).
        public var rewardScorer: String?
        public var minMargin: Double?
        public var maxMargin: Double?
        public var instructionSftFraction: Double?
        public var mathSftFraction: Double?
        public var codeSftFraction: Double?
        /// Whether math / code pairs need a reward margin inside the window.
        public var mathRewardWindow: Bool?
        public var codeRewardWindow: Bool?
        public var splitSeed: UInt64?

        enum CodingKeys: String, CodingKey {
            case rewardScorer = "reward_scorer", minMargin = "min_margin", maxMargin = "max_margin"
            case instructionSftFraction = "instruction_sft_fraction", mathSftFraction = "math_sft_fraction"
            case codeSftFraction = "code_sft_fraction", mathRewardWindow = "math_reward_window"
            case codeRewardWindow = "code_reward_window", splitSeed = "split_seed"
        }

        public var rules: PairRules {
            var rules = PairRules(rewardScorer: rewardScorer ?? "reward", minMargin: minMargin ?? 0.01, maxMargin: maxMargin ?? 0.1,
                                  splitSeed: splitSeed ?? 0)
            if let f = instructionSftFraction { rules.instruction.sftFraction = f }
            if let f = mathSftFraction { rules.math.sftFraction = f }
            if let f = codeSftFraction { rules.code.sftFraction = f }
            if let w = mathRewardWindow { rules.math.rewardWindow = w }
            if let w = codeRewardWindow { rules.code.rewardWindow = w }
            return rules
        }
    }

    /// SFT or DPO hyperparameters (the trainer's names; unset values take its defaults).
    public struct TrainingSection: Codable, Sendable, Equatable {
        public var epochs: Int?
        public var maxSteps: Int?
        public var learningRate: Double?
        public var batchSize: Int?
        public var gradientAccumulation: Int?
        public var maxLength: Int?
        public var warmupRatio: Double?
        public var weightDecay: Double?
        public var seed: UInt64?
        /// DPO only: `sigmoid`, `sigmoid_norm` (length-normalized, FuseChat-3.0's Llama recipe), `ipo`.
        public var loss: String?
        public var beta: Double?
        public var labelSmoothing: Double?
        /// Train LoRA adapters on frozen weights instead of every weight.
        public var lora: LoRASection?

        enum CodingKeys: String, CodingKey {
            case epochs, seed, loss, beta, lora
            case maxSteps = "max_steps", learningRate = "learning_rate", batchSize = "batch_size"
            case gradientAccumulation = "gradient_accumulation", maxLength = "max_length"
            case warmupRatio = "warmup_ratio", weightDecay = "weight_decay", labelSmoothing = "label_smoothing"
        }
    }

    /// `lora: {rank, alpha, dropout, targets}` of `sft` or `dpo` (defaults: PEFT's alpha 8 and
    /// dropout 0, targets q_proj, k_proj, v_proj, o_proj).
    public struct LoRASection: Codable, Sendable, Equatable {
        public var rank: Int
        public var alpha: Double?
        public var dropout: Double?
        /// Module names (`q_proj`, ..., `down_proj`).
        public var targets: [String]?
    }

    public struct EvalSection: Codable, Sendable, Equatable {
        /// Benchmark names (`gsm8k`, `humaneval`, `ifeval`, ...).
        public var benchmarks: [String]
        /// Items per benchmark (the first ones), if set.
        public var limit: Int?
        public var maxTokens: Int?
        enum CodingKeys: String, CodingKey { case benchmarks, limit; case maxTokens = "max_tokens" }
    }

    public struct SizeSection: Codable, Sendable, Equatable {
        public var perDomain: Int?
        public var samples: Int?
        public var maxTokens: Int?
        public var evalLimit: Int?
        enum CodingKeys: String, CodingKey {
            case perDomain = "per_domain", samples, maxTokens = "max_tokens", evalLimit = "eval_limit"
        }
    }

    /// Reads and checks a recipe file.
    public static func load(_ path: String) throws(RecipeError) -> Recipe {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path)
        }
        do {
            return try YAMLDecoder().decode(Recipe.self, from: text)
        } catch let error as DecodingError {
            throw .decoding(path: path, detail: RecipeError.describe(error))
        } catch {
            throw .decoding(path: path, detail: "\(error)")
        }
    }

    /// This recipe with a named size applied.
    public func sized(_ size: String?) throws(RecipeError) -> Recipe {
        guard let size else { return self }
        guard let s = sizes?[size] else {
            throw .invalid(field: "sizes", expected: "one of: \((sizes ?? [:]).keys.sorted().joined(separator: ", ")) (got '\(size)')")
        }
        var r = self
        if let v = s.perDomain { r.prompts.perDomain = v }
        if let v = s.evalLimit { r.eval.limit = v }
        for i in r.sources.indices {
            if let v = s.samples { r.sources[i].n = v }
            if let v = s.maxTokens { r.sources[i].maxTokens = v }
        }
        return r
    }
}
