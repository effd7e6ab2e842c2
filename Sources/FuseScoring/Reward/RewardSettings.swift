import Foundation
import FuseModels
import FuseSampling
import FuseText

/// Everything that makes a reward scorer: the server, its API, and how conversations are sent.
/// `fusechat score --reward ...` and a recipe's `scoring.reward` section both build one.
public struct RewardSettings: Sendable, Equatable {
    /// Server root, e.g. `http://127.0.0.1:8005`.
    public var server: String
    public var api: RewardAPI
    /// The `model` field of each request (vLLM, SGLang).
    public var model: String?
    /// Render conversations with this chat template (a model or a Jinja file) and send text in
    /// batches; without it, vLLM APIs get `messages`, one conversation per request.
    public var template: String?
    public var batch: Int
    public var concurrency: Int
    public var apiKey: String?
    public var timeout: Double
    public var retries: Int

    public init(server: String, api: RewardAPI, model: String? = nil, template: String? = nil, batch: Int = 32,
                concurrency: Int = 4, apiKey: String? = nil, timeout: Double = 600, retries: Int = 6) {
        self.server = server
        self.api = api
        self.model = model
        self.template = template
        self.batch = batch
        self.concurrency = concurrency
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = retries
    }

    /// Scoring tasks the reward stage needs in flight to fill `concurrency` batches.
    public var stageConcurrency: Int { (template == nil ? 1 : batch) * concurrency }

    /// The scorer (`reward`), after checking that text-only APIs have a template.
    public func scorer() throws -> RewardScorer {
        if template == nil && !api.acceptsMessages {
            throw RewardSettingsError(message: "reward API \(api.rawValue) takes rendered text: give a chat template (a model or a Jinja file)")
        }
        let endpoint = RewardEndpoint(server: server, path: api.path, apiKey: apiKey, timeout: timeout)
        let batcher = RewardBatcher(client: makeRewardClient(api: api, endpoint: endpoint, model: model), batchSize: batch,
                                    concurrency: concurrency, retry: RetryPolicy(maxAttempts: retries))
        let renderer = try template.map(RewardTemplate.init(reference:))
        let render: RewardScorer.Render? = renderer.map { template in
            { messages in try template.render(messages.map { ($0.role, $0.content) }) }
        }
        return RewardScorer(batcher: batcher, model: model, render: render, templateName: template)
    }
}

/// A reward setting that cannot work.
public struct RewardSettingsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A reward model's chat template, rendering a whole conversation (no generation prompt) as
/// `apply_chat_template(messages, tokenize=False)` does.
public struct RewardTemplate: @unchecked Sendable {
    // ChatTemplate is an immutable parsed template; renders are serialized by the lock anyway.
    private let template: ChatTemplate
    private let options: ChatTemplateOptions
    private let lock = NSLock()
    /// Whether the model carried no template and FuseChat's built-in one is used.
    public let isBuiltin: Bool

    /// `reference`: a Jinja file (`.jinja`, `.j2`, `.txt`), else a model whose files carry the
    /// template (with its BOS/EOS strings).
    public init(reference: String) throws {
        let ext = URL(fileURLWithPath: reference).pathExtension.lowercased()
        if ["jinja", "j2", "txt"].contains(ext) {
            guard let data = FileManager.default.contents(atPath: reference) else {
                throw RewardSettingsError(message: "\(reference): cannot read the chat template file")
            }
            template = try ChatTemplate(source: String(decoding: data, as: UTF8.self))
            options = ChatTemplateOptions()
        } else {
            let files = try ModelFiles.open(reference)
            template = try files.chatTemplate()
            options = files.templateOptions(tokenizer: try files.tokenizer(), addGenerationPrompt: false)
        }
        isBuiltin = template.isBuiltin
    }

    /// A conversation as the dicts a template sees, rendered.
    public func render(_ messages: [(role: String, content: String)]) throws -> String {
        let values: [JinjaValue] = messages.map { message in
            var object = JinjaObject()
            object["role"] = .string(message.role)
            object["content"] = .string(message.content)
            return .object(object)
        }
        return try lock.withLock { try template.render(messageValues: values, options: options) }
    }
}
