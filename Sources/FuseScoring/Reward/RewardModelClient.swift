import Foundation
import FuseData

/// A reward-model server API: how a batch of conversations (prompt + response) becomes one
/// request, and how the response becomes their rewards, in input order. Implementations:
/// `VLLMClassifyClient`, `VLLMPoolingClient`, `SGLangClassifyClient`, `OpenRLHFClient`;
/// `RewardBatcher` adds batching, a concurrency limit and retries.
public protocol RewardModelClient: Sendable {
    var api: RewardAPI { get }
    var endpoint: RewardEndpoint { get }
    /// The JSON request body for `inputs`.
    func body(for inputs: [RewardInput]) throws(RewardError) -> [String: Any]
    /// The rewards in a decoded response to `count` inputs, in input order.
    func parse(_ response: Any, count: Int) throws(RewardError) -> [Double]
}

extension RewardModelClient {
    /// The rewards of `inputs`, in order: one request.
    public func rewards(for inputs: [RewardInput]) async throws(RewardError) -> [Double] {
        try parse(try await endpoint.post(try body(for: inputs)), count: inputs.count)
    }

    /// `<api>:<url>`, recorded in every score's version with the model name.
    public var identifier: String { "\(api.rawValue):\(endpoint.url)" }
}

/// Builds the client of an API.
public func makeRewardClient(api: RewardAPI, endpoint: RewardEndpoint, model: String?) -> any RewardModelClient {
    switch api {
    case .vllmClassify: return VLLMClassifyClient(endpoint: endpoint, model: model)
    case .vllmPooling: return VLLMPoolingClient(endpoint: endpoint, model: model)
    case .sglangClassify: return SGLangClassifyClient(endpoint: endpoint, model: model)
    case .openrlhf: return OpenRLHFClient(endpoint: endpoint)
    }
}

/// Shared request building and response reading.
enum RewardWire {
    /// The texts of a batch, or an input error when a conversation reaches a text-only API.
    static func texts(_ inputs: [RewardInput], endpoint: RewardEndpoint) throws(RewardError) -> [String] {
        var texts: [String] = []
        for input in inputs {
            guard case .text(let text) = input else {
                throw .input(endpoint: endpoint.url, detail: "this API takes rendered text; give the reward model's chat template (--reward-template)")
            }
            texts.append(text)
        }
        return texts
    }

    /// The single conversation of a chat-form request.
    static func conversation(_ inputs: [RewardInput], endpoint: RewardEndpoint) throws(RewardError) -> [[String: String]] {
        guard inputs.count == 1, case .messages(let messages) = inputs[0] else {
            throw .input(endpoint: endpoint.url, detail: "a chat-form request carries exactly one conversation, got \(inputs.count) inputs")
        }
        return messages.map { ["role": $0.role, "content": $0.content] }
    }

    /// A vLLM pooling-API body (`/classify`, `/pooling`): one conversation as `messages`, or the
    /// rendered texts as `input` without extra special tokens; `base` holds the route's own flags.
    static func vllmBody(_ inputs: [RewardInput], model: String?, endpoint: RewardEndpoint,
                         base: [String: Any]) throws(RewardError) -> [String: Any] {
        var body = base
        if let model { body["model"] = model }
        if case .messages? = inputs.first {
            body["messages"] = try conversation(inputs, endpoint: endpoint)
        } else {
            body["input"] = try texts(inputs, endpoint: endpoint)
            body["add_special_tokens"] = false
        }
        return body
    }

    static func malformed(_ endpoint: RewardEndpoint, _ detail: String) -> RewardError {
        .response(endpoint: endpoint.url, detail: detail, transient: false)
    }

    /// A JSON number as a Double.
    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// `object[key]` as an array of `count` entries, each placed by its `index` field (vLLM returns
    /// them in order, but the index is what the API promises).
    static func indexedData(_ object: Any, key: String, count: Int, endpoint: RewardEndpoint) throws(RewardError) -> [[String: Any]] {
        guard let root = object as? [String: Any] else { throw malformed(endpoint, "response is not a JSON object") }
        guard let data = root[key] as? [[String: Any]] else { throw malformed(endpoint, "\(key) missing or not a list of objects") }
        guard data.count == count else { throw malformed(endpoint, "\(key) has \(data.count) entries for \(count) inputs") }
        var placed = [[String: Any]?](repeating: nil, count: count)
        for (position, entry) in data.enumerated() {
            let index = entry["index"].flatMap { number($0) }.map { Int($0) } ?? position
            guard (0..<count).contains(index), placed[index] == nil else {
                throw malformed(endpoint, "\(key)[\(position)].index \(index) is out of range or repeated")
            }
            placed[index] = entry
        }
        return placed.map { $0 ?? [:] }
    }

    /// The one value of a single-output head, e.g. `data[3].probs`.
    static func single(_ value: Any?, field: String, endpoint: RewardEndpoint) throws(RewardError) -> Double {
        guard let value else { throw malformed(endpoint, "\(field) missing") }
        guard let list = value as? [Any] else { throw malformed(endpoint, "\(field) is not a list") }
        guard list.count == 1 else {
            throw malformed(endpoint, "\(field) has \(list.count) values; a reward model has one output (num_labels=1)")
        }
        guard let reward = number(list[0]) else { throw malformed(endpoint, "\(field)[0] is not a number") }
        return reward
    }
}
