import Foundation
import FuseText

/// Generates text from a model with continuous batching: requests from any thread queue up, and a
/// worker thread runs one decoding step for every active sample at once (up to `maxBatch`),
/// starting queued samples as slots free up. The `n` samples of a request share one prefilled
/// prompt (its KV cache is copied), then finish independently.
///
/// ```swift
/// let engine = GenerationEngine(model: model, tokenizer: tokenizer, endTokens: [2])
/// let samples = try await engine.generate(GenerationRequest(prompt: ids, parameters: .greedy(), n: 1))
/// ```
public final class GenerationEngine: @unchecked Sendable {
    public let model: any LanguageModel
    public let tokenizer: BPETokenizer
    /// Tokens that end a sample (end of turn / end of text).
    public let endTokens: Set<Int>
    /// Longest prompt plus output, per sample.
    public let contextLength: Int
    public let maxBatch: Int

    private let cache: KVCache
    private let queueLock = NSCondition()
    private var queue: [GenerationJob] = []
    private var workerStarted = false
    private var stopping = false
    // Owned by the worker thread only:
    private var active: [SampleState] = []
    private var freeSlots: [Int]
    private var scratch: [Float]

    /// - Parameters:
    ///   - contextLength: per-sample limit (default: the model's, capped at 8,192 tokens).
    ///   - maxBatch: most samples decoded together.
    public init(model: any LanguageModel, tokenizer: BPETokenizer, endTokens: Set<Int>,
                contextLength: Int? = nil, maxBatch: Int = 8) {
        self.model = model
        self.tokenizer = tokenizer
        self.endTokens = endTokens
        self.contextLength = contextLength ?? min(model.configuration.contextLength, 8192)
        self.maxBatch = max(1, maxBatch)
        cache = model.makeCache(sequences: self.maxBatch, capacity: self.contextLength)
        freeSlots = Array((0..<self.maxBatch).reversed())
        scratch = Array(repeating: 0, count: model.configuration.vocabularySize)
    }

    /// Queues `request`; `completion` is called once with every sample (by index) or the error.
    /// `onDelta` receives each sample's text as it becomes final.
    public func submit(_ request: GenerationRequest, onDelta: (@Sendable (GenerationDelta) -> Void)? = nil,
                       completion: @escaping @Sendable (Result<[GeneratedSequence], GenerationError>) -> Void) {
        do {
            try validate(request)
        } catch {
            completion(.failure(error))
            return
        }
        let job = GenerationJob(request: request, onDelta: onDelta, completion: completion)
        queueLock.lock()
        if stopping {
            queueLock.unlock()
            completion(.failure(.cancelled))
            return
        }
        queue.append(job)
        if !workerStarted {
            workerStarted = true
            let thread = Thread { [unowned self] in self.runWorker() }
            thread.name = "fusechat.generation"
            thread.stackSize = 8 << 20
            thread.start()
        }
        queueLock.signal()
        queueLock.unlock()
    }

    /// Generates `request`'s samples.
    public func generate(_ request: GenerationRequest,
                         onDelta: (@Sendable (GenerationDelta) -> Void)? = nil) async throws(GenerationError) -> [GeneratedSequence] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[GeneratedSequence], GenerationError>, Never>) in
            submit(request, onDelta: onDelta) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Generates `request`'s samples, blocking the calling thread (for command-line use).
    public func generateBlocking(_ request: GenerationRequest,
                                 onDelta: (@Sendable (GenerationDelta) -> Void)? = nil) throws(GenerationError) -> [GeneratedSequence] {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(request, onDelta: onDelta) { result in
            box.result = result
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Fails queued and running requests with `.cancelled` and stops the worker.
    public func shutdown() {
        queueLock.lock()
        stopping = true
        queueLock.signal()
        queueLock.unlock()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<[GeneratedSequence], GenerationError>?
    }

    private func validate(_ request: GenerationRequest) throws(GenerationError) {
        try request.parameters.validate()
        guard request.n >= 1, request.n <= 128 else {
            throw .invalidParameter(field: "n", value: "\(request.n)", expected: "an integer in [1, 128]")
        }
        guard !request.prompt.isEmpty else { throw .emptyPrompt }
        guard request.prompt.count < contextLength else {
            throw .promptTooLong(tokens: request.prompt.count, contextLength: contextLength)
        }
        let vocab = model.configuration.vocabularySize
        if let bad = request.prompt.first(where: { $0 < 0 || $0 >= vocab }) {
            throw .model(.tokenOutOfRange(token: bad, vocabularySize: vocab))
        }
    }

    // MARK: - Worker

    private func runWorker() {
        while true {
            queueLock.lock()
            while queue.isEmpty && active.isEmpty && !stopping { queueLock.wait() }
            if stopping {
                let waiting = queue
                queue.removeAll()
                queueLock.unlock()
                failAll(waiting + active.map(\.job))
                return
            }
            queueLock.unlock()
            startQueuedSamples()
            decodeStep()
        }
    }

    private func failAll(_ jobs: [GenerationJob]) {
        var seen = Set<ObjectIdentifier>()
        for job in jobs where seen.insert(ObjectIdentifier(job)).inserted && !job.failed {
            job.failed = true
            job.completion(.failure(.cancelled))
        }
        active.removeAll()
    }

    /// Fills free slots with queued samples: one prefill per request, copied to its siblings.
    private func startQueuedSamples() {
        while !freeSlots.isEmpty {
            queueLock.lock()
            guard let job = queue.first else {
                queueLock.unlock()
                return
            }
            let count = min(freeSlots.count, job.request.n - job.nextToStart)
            let first = job.nextToStart
            job.nextToStart += count
            if job.allStarted { queue.removeFirst() }
            queueLock.unlock()

            let slots = (0..<count).map { _ in freeSlots.removeLast() }
            cache.reset(sequence: slots[0])
            let logits: Logits
            do {
                logits = try model.forward(.prefill(job.request.prompt, sequence: slots[0]), cache: cache)
            } catch {
                freeSlots.append(contentsOf: slots)
                fail(job, .model(error))
                continue
            }
            for slot in slots.dropFirst() { cache.copy(sequence: slots[0], to: slot) }
            for (k, slot) in slots.enumerated() {
                var sample = SampleState(job: job, index: first + k, slot: slot, tokenizer: tokenizer)
                let finished = logits.values.withUnsafeBufferPointer { values in
                    advance(&sample, row: UnsafeBufferPointer(rebasing: values[0..<logits.vocabularySize]))
                }
                if !finished { active.append(sample) }
            }
        }
    }

    /// One forward pass for the last token of every active sample, then a new token for each.
    private func decodeStep() {
        guard !active.isEmpty else { return }
        let batch = TokenBatch.decode(active.map { $0.tokens.last! }, sequences: active.map(\.slot),
                                      positions: active.map(\.nextPosition))
        let logits: Logits
        do {
            logits = try model.forward(batch, cache: cache)
        } catch {
            var seen = Set<ObjectIdentifier>()
            for job in active.map(\.job) where seen.insert(ObjectIdentifier(job)).inserted {
                fail(job, .model(error))
            }
            return
        }
        let vocab = logits.vocabularySize
        var still: [SampleState] = []
        still.reserveCapacity(active.count)
        logits.values.withUnsafeBufferPointer { values in
            for (row, var sample) in active.enumerated() where !sample.job.failed {
                let finished = advance(&sample, row: UnsafeBufferPointer(rebasing: values[(row * vocab)..<((row + 1) * vocab)]))
                if !finished { still.append(sample) }
            }
        }
        active = still
    }

    /// Draws the next token of `sample` from `row`; returns whether the sample finished.
    private func advance(_ sample: inout SampleState, row: UnsafeBufferPointer<Float>) -> Bool {
        let job = sample.job
        let parameters = job.request.parameters
        let token = scratch.withUnsafeMutableBufferPointer { scratch in
            job.chooser.choose(row, history: sample.history, scratch: scratch, random: &sample.random)
        }
        if parameters.logprobs {
            let (logprob, top) = TokenChooser.logprobs(row, token: token, top: parameters.topLogprobs)
            sample.logprobs.append(TokenLogprob(token: token, logprob: logprob,
                                                top: top.map { .init(token: $0.0, logprob: $0.1) }))
        }
        sample.tokens.append(token)
        sample.history.append(token)

        if endTokens.contains(token) || parameters.stopTokens.contains(token) {
            return finish(&sample, reason: .stop, stoppedBy: tokenizer.token(for: token))
        }
        let searchedUpTo = sample.text.count
        sample.text.append(contentsOf: sample.decoder.append(token).utf8)
        if let match = job.stopMatcher.firstMatch(in: sample.text, newFrom: searchedUpTo) {
            sample.text.removeSubrange(match.offset...)
            return finish(&sample, reason: .stop, stoppedBy: match.stop, flushDecoder: false)
        }
        if sample.tokens.count >= parameters.maxTokens || job.request.prompt.count + sample.tokens.count >= contextLength {
            return finish(&sample, reason: .length, stoppedBy: nil)
        }
        stream(&sample, upTo: job.stopMatcher.safePrefix(of: sample.text))
        return false
    }

    private func stream(_ sample: inout SampleState, upTo end: Int) {
        guard let onDelta = sample.job.onDelta, end > sample.streamed else { return }
        onDelta(GenerationDelta(index: sample.index, text: String(decoding: sample.text[sample.streamed..<end], as: UTF8.self)))
        sample.streamed = end
    }

    private func finish(_ sample: inout SampleState, reason: FinishReason, stoppedBy: String?,
                        flushDecoder: Bool = true) -> Bool {
        if flushDecoder {
            let searchedUpTo = sample.text.count
            sample.text.append(contentsOf: sample.decoder.finish().utf8)
            if let match = sample.job.stopMatcher.firstMatch(in: sample.text, newFrom: searchedUpTo) {
                sample.text.removeSubrange(match.offset...)
            }
        }
        stream(&sample, upTo: sample.text.count)
        let job = sample.job
        job.results[sample.index] = GeneratedSequence(
            index: sample.index, tokens: sample.tokens, text: String(decoding: sample.text, as: UTF8.self),
            finishReason: reason, stoppedBy: stoppedBy,
            logprobs: job.request.parameters.logprobs ? sample.logprobs : nil,
            promptTokenCount: job.request.prompt.count, seed: sample.seed)
        freeSlots.append(sample.slot)
        if job.allStarted, !job.failed, job.results.allSatisfy({ $0 != nil }) {
            job.completion(.success(job.results.map { $0! }))
        }
        return true
    }

    private func fail(_ job: GenerationJob, _ error: GenerationError) {
        guard !job.failed else { return }
        job.failed = true
        queueLock.lock()
        queue.removeAll { $0 === job }
        queueLock.unlock()
        for sample in active where sample.job === job { freeSlots.append(sample.slot) }
        active.removeAll { $0.job === job }
        job.completion(.failure(error))
    }
}
