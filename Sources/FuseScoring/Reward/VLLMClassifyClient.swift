/// vLLM `POST /classify` for `*ForSequenceClassification` reward models (e.g. Skywork-Reward).
///
/// Text form: `{"model", "input": [texts], "use_activation": false, "activation": false,
/// "add_special_tokens": false}`; chat form: `{"model", "messages": [...], ...}` with one
/// conversation. Response: `{"data": [{"index", "label", "probs", "num_classes"}]}`; with the
/// activation off `probs` holds the raw logits, and the reward is `probs[0]`. `use_activation` is
/// the current field; `activation` is what vLLM 0.10 read (current vLLM still accepts it, marked
/// deprecated). The template already holds BOS, so the text form adds no special tokens.
public struct VLLMClassifyClient: RewardModelClient {
    public let endpoint: RewardEndpoint
    public let model: String?
    public var api: RewardAPI { .vllmClassify }

    public init(endpoint: RewardEndpoint, model: String?) {
        self.endpoint = endpoint
        self.model = model
    }

    public func body(for inputs: [RewardInput]) throws(RewardError) -> [String: Any] {
        try RewardWire.vllmBody(inputs, model: model, endpoint: endpoint, base: ["use_activation": false, "activation": false])
    }

    public func parse(_ response: Any, count: Int) throws(RewardError) -> [Double] {
        var rewards: [Double] = []
        for (i, entry) in try RewardWire.indexedData(response, key: "data", count: count, endpoint: endpoint).enumerated() {
            rewards.append(try RewardWire.single(entry["probs"], field: "data[\(i)].probs", endpoint: endpoint))
        }
        return rewards
    }
}
