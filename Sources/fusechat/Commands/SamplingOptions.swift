import ArgumentParser
import FuseModels

/// The sampling options of `generate` and `chat`, named as in the OpenAI API.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Sampling temperature; 0 is greedy.") var temperature: Double = 0.7
    @Option(name: .customLong("top-p"), help: "Nucleus sampling: keep the most likely tokens up to this probability mass.") var topP: Double = 1
    @Option(name: .customLong("top-k"), help: "Keep only the k most likely tokens.") var topK: Int?
    @Option(name: .customLong("min-p"), help: "Drop tokens less likely than min-p × the most likely one.") var minP: Double?
    @Option(name: .customLong("repetition-penalty"), help: "> 1 discourages tokens already in the prompt or output.") var repetitionPenalty: Double?
    @Option(name: .customLong("presence-penalty")) var presencePenalty: Double = 0
    @Option(name: .customLong("frequency-penalty")) var frequencyPenalty: Double = 0
    @Option(help: "Random seed: the same seed gives the same text.") var seed: UInt64?
    @Option(name: .customLong("max-tokens"), help: "Most tokens to generate.") var maxTokens: Int = 256
    @Option(help: "Stop before this string (repeatable).") var stop: [String] = []
    @Option(name: .customLong("top-logprobs"), help: "With --json: log-probs of the chosen tokens and this many alternatives.") var topLogprobs: Int?

    var parameters: GenerationParameters {
        GenerationParameters(temperature: temperature, topP: topP, topK: topK, minP: minP,
                             repetitionPenalty: repetitionPenalty, presencePenalty: presencePenalty,
                             frequencyPenalty: frequencyPenalty, seed: seed, maxTokens: maxTokens, stop: stop,
                             logprobs: topLogprobs != nil, topLogprobs: topLogprobs ?? 0)
    }
}
