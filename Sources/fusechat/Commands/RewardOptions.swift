import ArgumentParser
import Foundation
import FuseData
import FuseModels
import FuseSampling
import FuseScoring
import FuseText

extension RewardAPI: ExpressibleByArgument {}

/// The `--reward*` options of `fusechat score`: a reward-model server and how to talk to it.
struct RewardOptions: ParsableArguments {
    @Option(help: "Reward-model server root, e.g. http://127.0.0.1:8000 (a trailing /v1 is dropped).")
    var reward: String?
    @Option(help: "The server's API: \(RewardAPI.allCases.map(\.rawValue).joined(separator: ", ")).")
    var rewardApi: RewardAPI = .vllmClassify
    @Option(help: "The `model` field of each request (vLLM and SGLang; default: the server's model).")
    var rewardModel: String?
    @Option(help: "Render conversations with this chat template (a model: demo name, .gguf or Hugging Face folder; or a Jinja file) and send text in batches. Without it, vLLM APIs get `messages`, one conversation per request; sglang-classify and openrlhf need it.")
    var rewardTemplate: String?
    @Option(help: "Conversations per request (text form).") var rewardBatch = 32
    @Option(help: "Reward requests in flight at once.") var rewardConcurrency = 4
    @Option(help: "Environment variable holding an API key (sent as a Bearer token).") var rewardApiKeyEnv: String?
    @Option(help: "Seconds before a reward request times out.") var rewardTimeout: Double = 600
    @Option(help: "Attempts per batch (429, 5xx, timeouts and non-JSON bodies are retried).") var rewardRetries = 6

    func validate() throws {
        guard reward != nil else { return }
        if rewardTemplate == nil && !rewardApi.acceptsMessages {
            throw ValidationError("--reward-api \(rewardApi.rawValue) takes rendered text: give --reward-template MODEL_OR_FILE")
        }
        if rewardBatch < 1 || rewardConcurrency < 1 || rewardRetries < 1 {
            throw ValidationError("--reward-batch, --reward-concurrency and --reward-retries must be at least 1")
        }
    }

    /// Scoring tasks the reward stage needs in flight to fill `rewardConcurrency` batches.
    var stageConcurrency: Int { (rewardTemplate == nil ? 1 : rewardBatch) * rewardConcurrency }

    /// The reward scorer, if `--reward` was given.
    func scorer() throws -> RewardScorer? {
        guard let reward else { return nil }
        var apiKey: String?
        if let variable = rewardApiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw CommandError(description: "--reward-api-key-env: environment variable \(variable) is not set")
            }
            apiKey = value
        }
        let endpoint = RewardEndpoint(server: reward, path: rewardApi.path, apiKey: apiKey, timeout: rewardTimeout)
        let client = makeRewardClient(api: rewardApi, endpoint: endpoint, model: rewardModel)
        let batcher = RewardBatcher(client: client, batchSize: rewardBatch, concurrency: rewardConcurrency,
                                    retry: RetryPolicy(maxAttempts: rewardRetries))
        let renderer = try rewardTemplate.map(RewardTemplate.init(reference:))
        let render: RewardScorer.Render? = renderer.map { template in
            { messages in try template.render(messages.map { ($0.role, $0.content) }) }
        }
        return RewardScorer(batcher: batcher, model: rewardModel, render: render, templateName: rewardTemplate)
    }
}

/// A reward model's chat template, rendering a whole conversation (no generation prompt) as
/// `apply_chat_template(messages, tokenize=False)` does.
struct RewardTemplate: @unchecked Sendable {
    // ChatTemplate is an immutable parsed template; renders are serialized by the lock anyway.
    private let template: ChatTemplate
    private let options: ChatTemplateOptions
    private let lock = NSLock()

    /// `reference`: a Jinja file (`.jinja`, `.j2`, `.txt`), else a model whose files carry the
    /// template (with its BOS/EOS strings).
    init(reference: String) throws {
        let ext = URL(fileURLWithPath: reference).pathExtension.lowercased()
        if ["jinja", "j2", "txt"].contains(ext) {
            template = try ChatTemplate(source: try readText(reference))
            options = ChatTemplateOptions()
        } else {
            let files = try ModelFiles.open(reference)
            template = try files.chatTemplate()
            if template.isBuiltin { printNote("note: \(reference) carries no chat template; built-in \(template.name) template used for rewards") }
            options = files.templateOptions(tokenizer: try files.tokenizer(), addGenerationPrompt: false)
        }
    }

    /// A conversation as the dicts a template sees, rendered.
    func render(_ messages: [(role: String, content: String)]) throws -> String {
        let values: [JinjaValue] = messages.map { message in
            var object = JinjaObject()
            object["role"] = .string(message.role)
            object["content"] = .string(message.content)
            return .object(object)
        }
        return try lock.withLock { try template.render(messageValues: values, options: options) }
    }
}
