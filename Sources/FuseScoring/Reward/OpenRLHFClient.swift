/// OpenRLHF's reward server (`python -m openrlhf.cli.serve_rm`), `POST /get_reward`.
///
/// Request: `{"query": [texts]}` (the conversations rendered with the reward model's chat
/// template; the server strips pad/EOS and appends EOS itself). Response: `{"rewards": [...]}` in
/// the order of the queries.
public struct OpenRLHFClient: RewardModelClient {
    public let endpoint: RewardEndpoint
    public var api: RewardAPI { .openrlhf }

    public init(endpoint: RewardEndpoint) { self.endpoint = endpoint }

    public func body(for inputs: [RewardInput]) throws(RewardError) -> [String: Any] {
        ["query": try RewardWire.texts(inputs, endpoint: endpoint)]
    }

    public func parse(_ response: Any, count: Int) throws(RewardError) -> [Double] {
        guard let root = response as? [String: Any] else { throw RewardWire.malformed(endpoint, "response is not a JSON object") }
        guard let values = root["rewards"] as? [Any] else { throw RewardWire.malformed(endpoint, "rewards missing or not a list") }
        guard values.count == count else { throw RewardWire.malformed(endpoint, "rewards has \(values.count) entries for \(count) inputs") }
        var rewards: [Double] = []
        for (i, value) in values.enumerated() {
            guard let reward = RewardWire.number(value) else { throw RewardWire.malformed(endpoint, "rewards[\(i)] is not a number") }
            rewards.append(reward)
        }
        return rewards
    }
}
