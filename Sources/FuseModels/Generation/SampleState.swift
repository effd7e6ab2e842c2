import FuseText

/// One sample being generated: its cache slot, tokens so far, text, sampler state.
struct SampleState {
    let job: GenerationJob
    let index: Int
    let slot: Int
    let seed: UInt64
    var tokens: [Int] = []
    var history: TokenChooser.History
    var random: SeededRandom
    var decoder: StreamingDecoder
    var text: [UInt8] = []
    var streamed = 0
    var logprobs: [TokenLogprob] = []

    init(job: GenerationJob, index: Int, slot: Int, tokenizer: BPETokenizer) {
        self.job = job
        self.index = index
        self.slot = slot
        seed = job.seed
        history = TokenChooser.History(prompt: job.request.prompt)
        random = SeededRandom(seed: job.seed, stream: UInt64(index))
        decoder = StreamingDecoder(tokenizer: tokenizer, skipSpecialTokens: true)
    }

    /// The position the last token will take in the cache.
    var nextPosition: Int { job.request.prompt.count + tokens.count - 1 }
}

/// A submitted request: its samples not yet started, finished results, and where to report.
final class GenerationJob: @unchecked Sendable {
    let request: GenerationRequest
    let seed: UInt64
    let chooser: TokenChooser
    let stopMatcher: StopStringMatcher
    let onDelta: (@Sendable (GenerationDelta) -> Void)?
    let completion: @Sendable (Result<[GeneratedSequence], GenerationError>) -> Void
    var nextToStart = 0
    var results: [GeneratedSequence?]
    var failed = false

    init(request: GenerationRequest, onDelta: (@Sendable (GenerationDelta) -> Void)?,
         completion: @escaping @Sendable (Result<[GeneratedSequence], GenerationError>) -> Void) {
        self.request = request
        seed = request.parameters.seed ?? UInt64.random(in: 0...UInt64.max)
        chooser = TokenChooser(parameters: request.parameters)
        stopMatcher = StopStringMatcher(request.parameters.stop)
        self.onDelta = onDelta
        self.completion = completion
        results = Array(repeating: nil, count: request.n)
    }

    var allStarted: Bool { nextToStart >= request.n }
}
