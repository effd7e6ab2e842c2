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

    /// The reward settings, if `--reward` was given.
    func settings() throws -> RewardSettings? {
        guard let reward else { return nil }
        var apiKey: String?
        if let variable = rewardApiKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
                throw CommandError(description: "--reward-api-key-env: environment variable \(variable) is not set")
            }
            apiKey = value
        }
        return RewardSettings(server: reward, api: rewardApi, model: rewardModel, template: rewardTemplate, batch: rewardBatch,
                              concurrency: rewardConcurrency, apiKey: apiKey, timeout: rewardTimeout, retries: rewardRetries)
    }
}
