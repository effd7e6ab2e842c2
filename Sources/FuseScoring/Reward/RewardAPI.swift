import FuseData

/// The reward-model server APIs FuseChat speaks (request and response shapes in docs/scoring.md).
public enum RewardAPI: String, CaseIterable, Sendable, Codable {
    /// vLLM `POST /classify` (a `*ForSequenceClassification` reward model): `data[i].probs[0]`,
    /// raw when `use_activation` is false.
    case vllmClassify = "vllm-classify"
    /// vLLM `POST /pooling` (a model served with `--runner pooling`, formerly `--task reward`):
    /// the last value of `data[i].data`.
    case vllmPooling = "vllm-pooling"
    /// SGLang's native `POST /classify` (`--is-embedding`): `[i].embedding[0]`.
    case sglangClassify = "sglang-classify"
    /// OpenRLHF `POST /get_reward` (`python -m openrlhf.cli.serve_rm`): `rewards[i]`.
    case openrlhf

    /// The route, relative to the server root.
    public var path: String {
        switch self {
        case .vllmClassify, .sglangClassify: return "/classify"
        case .vllmPooling: return "/pooling"
        case .openrlhf: return "/get_reward"
        }
    }

    /// Whether the server renders a conversation itself (`messages`, one conversation per
    /// request); the others need the text rendered with the reward model's chat template.
    public var acceptsMessages: Bool { self == .vllmClassify || self == .vllmPooling }
}

/// What a reward model is asked to score: one conversation ending with the response.
public enum RewardInput: Sendable, Hashable {
    /// The conversation rendered with the reward model's chat template (batched, `input`/`text`/`query`).
    case text(String)
    /// The conversation itself, rendered by the server (vLLM's chat form; one per request).
    case messages([ChatMessage])

    /// Whether this is a conversation for the server to render (sent alone).
    public var isConversation: Bool { if case .messages = self { return true } else { return false } }
}
