/// SGLang's native `POST /classify` for reward models launched with `--is-embedding`.
///
/// Request: `{"model", "text": [texts]}` (SGLang's `EmbeddingReqInput`; the texts rendered with the
/// reward model's chat template). Response: a list, one `{"embedding": [score], "meta_info": {...}}`
/// per text in order; the reward is `embedding[0]`. SGLang's OpenAI-style `/v1/classify` is not
/// used: it applies a softmax over the outputs, which maps a one-output reward head to 1.0.
public struct SGLangClassifyClient: RewardModelClient {
    public let endpoint: RewardEndpoint
    public let model: String?
    public var api: RewardAPI { .sglangClassify }

    public init(endpoint: RewardEndpoint, model: String?) {
        self.endpoint = endpoint
        self.model = model
    }

    public func body(for inputs: [RewardInput]) throws(RewardError) -> [String: Any] {
        var body: [String: Any] = ["text": try RewardWire.texts(inputs, endpoint: endpoint)]
        if let model { body["model"] = model }
        return body
    }

    public func parse(_ response: Any, count: Int) throws(RewardError) -> [Double] {
        guard let items = response as? [Any] else { throw RewardWire.malformed(endpoint, "response is not a list") }
        guard items.count == count else { throw RewardWire.malformed(endpoint, "response has \(items.count) entries for \(count) inputs") }
        var rewards: [Double] = []
        for (i, item) in items.enumerated() {
            guard let object = item as? [String: Any] else { throw RewardWire.malformed(endpoint, "[\(i)] is not an object") }
            rewards.append(try RewardWire.single(object["embedding"], field: "[\(i)].embedding", endpoint: endpoint))
        }
        return rewards
    }
}
