/// vLLM `POST /pooling` for reward models served with `--runner pooling` (formerly `--task reward`),
/// e.g. internlm2-reward or Qwen2.5-Math-RM.
///
/// Text form: `{"model", "input": [texts], "use_activation": false, "add_special_tokens": false}`;
/// chat form: `{"model", "messages": [...], "use_activation": false}`. Response:
/// `{"data": [{"index", "object": "pooling", "data": ...}]}` where `data` is `[x]` for a
/// sequence-level head, or one value (or a one-value list) per token for a token-level head (ALL
/// pooling). The reward is the last value: the score at the final token, which is what the
/// sequence-level reward of these models is.
public struct VLLMPoolingClient: RewardModelClient {
    public let endpoint: RewardEndpoint
    public let model: String?
    public var api: RewardAPI { .vllmPooling }

    public init(endpoint: RewardEndpoint, model: String?) {
        self.endpoint = endpoint
        self.model = model
    }

    public func body(for inputs: [RewardInput]) throws(RewardError) -> [String: Any] {
        try RewardWire.vllmBody(inputs, model: model, endpoint: endpoint, base: ["use_activation": false])
    }

    public func parse(_ response: Any, count: Int) throws(RewardError) -> [Double] {
        var rewards: [Double] = []
        for (i, entry) in try RewardWire.indexedData(response, key: "data", count: count, endpoint: endpoint).enumerated() {
            let field = "data[\(i)].data"
            guard let values = entry["data"] as? [Any] else {
                throw RewardWire.malformed(endpoint, entry["data"] == nil ? "\(field) missing"
                    : "\(field) is not a list (encoding_format must be float)")
            }
            guard let last = values.last else { throw RewardWire.malformed(endpoint, "\(field) is empty") }
            if let reward = RewardWire.number(last) {
                rewards.append(reward)
            } else {
                rewards.append(try RewardWire.single(last, field: "\(field)[\(values.count - 1)]", endpoint: endpoint))
            }
        }
        return rewards
    }
}
