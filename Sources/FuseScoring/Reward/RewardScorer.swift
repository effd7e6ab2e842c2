import FuseData

/// A reward model over HTTP scores every response of every domain (FuseChat-3.0 scores all of
/// them with ArmoRM); the score's value is the raw reward (a logit, unbounded).
///
/// The conversation scored is the prompt's messages followed by the response as an assistant
/// message. With a `render` function (the reward model's chat template) it is sent as text, in
/// batches; without one it is sent as `messages` for the server to render (vLLM only), one per request.
public struct RewardScorer: SampleScorer {
    /// Renders a conversation with the reward model's chat template.
    public typealias Render = @Sendable ([ChatMessage]) throws -> String

    public let name: String
    /// `reward:<api>:<url>#<model>`, recorded with every score.
    public let version: String
    public let batcher: RewardBatcher
    public let render: Render?

    /// - Parameters:
    ///   - templateName: how `render` renders (a model name or template file), part of `version`.
    public init(batcher: RewardBatcher, model: String?, render: Render? = nil,
                templateName: String? = nil, name: String = "reward") {
        self.batcher = batcher
        self.render = render
        self.name = name
        var version = "reward:\(batcher.client.identifier)"
        if let model { version += "#\(model)" }
        if let templateName { version += "+template:\(templateName)" }
        self.version = version
    }

    public func applies(to prompt: PromptRecord) -> Bool { true }

    /// The conversation a reward model sees for this sample.
    public static func conversation(_ sample: SampleRecord, for prompt: PromptRecord) -> [ChatMessage] {
        prompt.messages + [.assistant(sample.text)]
    }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        let conversation = Self.conversation(sample, for: prompt)
        let input: RewardInput
        if let render {
            do { input = .text(try render(conversation)) } catch {
                return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error,
                                   details: "cannot render the conversation with the reward template: \(error)")
            }
        } else {
            input = .messages(conversation)
        }
        switch await batcher.reward(for: input) {
        case .success(let reward):
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, value: reward)
        case .failure(let error):
            // A server that stayed unreachable or overloaded through every retry: try again next
            // run. A refusal (HTTP 4xx, a malformed answer) would be refused again: record it.
            guard error.isTransient else {
                return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error,
                                   details: "reward request failed: \(error)")
            }
            return .unavailable(sampleId: sample.id, scorer: name, scorerVersion: version,
                                details: "reward request failed: \(error)")
        }
    }
}
