import Crypto
import Foundation

/// The reference model's summed response log-probabilities of every DPO pair, computed once
/// before training and cached on disk.
///
/// The cache key is a SHA-256 over the reference model's identity (a hash of its weight files),
/// the chat template's source, the data file's content, the maximum length and every token of
/// the encoded pairs (which pins the tokenizer). The reference model is created by a closure and
/// released as soon as the log-probs are computed, so it is never in memory during training.
public struct ReferenceLogProbs: Codable, Sendable, Equatable {
    public var chosen: [Double]
    public var rejected: [Double]

    public init(chosen: [Double], rejected: [Double]) {
        self.chosen = chosen
        self.rejected = rejected
    }

    /// Runs `model` (forward only) over every pair, `batchSize` pairs at a time.
    public static func compute(model: TrainableModel, examples: [DPOExample], batchSize: Int,
                               progress: ((Int) -> Void)? = nil) throws(TrainingError) -> ReferenceLogProbs {
        var out = ReferenceLogProbs(chosen: [], rejected: [])
        for start in stride(from: 0, to: examples.count, by: max(1, batchSize)) {
            let batch = examples[start..<min(examples.count, start + max(1, batchSize))]
            var sequences: [(tokens: [Int32], targets: [Int32])] = []
            for e in batch {
                sequences.append((e.chosen, DPOExample.targets(e.chosen, promptLength: e.promptLength)))
                sequences.append((e.rejected, DPOExample.targets(e.rejected, promptLength: e.promptLength)))
            }
            let b = paddedBatch(sequences)
            let lp = try model.forward(tokens: b.tokens, targets: b.targets, batch: sequences.count)
            let sums = DPOObjective.sequenceSums(lp, length: b.length, count: sequences.count)
            for i in batch.indices.map({ $0 - start }) {
                out.chosen.append(sums[2 * i])
                out.rejected.append(sums[2 * i + 1])
            }
            progress?(out.chosen.count)
        }
        return out
    }

    /// The cache key of a reference computation (hex SHA-256).
    public static func cacheKey(modelIdentity: String, templateSource: String, dataIdentity: String, maxLength: Int,
                                examples: [DPOExample]) -> String {
        var h = SHA256()
        for part in ["fusechat-reference-logps-v1", modelIdentity, templateSource, dataIdentity, "\(maxLength)"] {
            h.update(data: Data(part.utf8))
            h.update(data: Data([0]))
        }
        for e in examples {
            for (name, tokens) in [("c", e.chosen), ("r", e.rejected)] {
                h.update(data: Data("\(name)\(e.promptLength):".utf8))
                tokens.withUnsafeBytes { h.update(bufferPointer: $0) }
            }
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the cache answered or the reference model had to run.
    public enum CacheOutcome: Sendable, Equatable { case hit, miss }

    /// The cached log-probs under `key` in `folder`, or else those of the model `makeReference`
    /// builds (freed on return), written to the cache.
    public static func cached(key: String, folder: URL, examples: [DPOExample], batchSize: Int,
                              makeReference: () throws(TrainerError) -> TrainableModel,
                              progress: ((Int) -> Void)? = nil) throws(TrainerError) -> (ReferenceLogProbs, CacheOutcome) {
        let file = folder.appendingPathComponent("\(key).json")
        if let data = try? Data(contentsOf: file), let cached = try? JSONDecoder().decode(ReferenceLogProbs.self, from: data),
           cached.chosen.count == examples.count, cached.rejected.count == examples.count {
            return (cached, .hit)
        }
        let computed: ReferenceLogProbs
        do {
            let model = try makeReference()
            computed = try compute(model: model, examples: examples, batchSize: batchSize, progress: progress)
        } catch let e as TrainerError { throw e } catch let e as TrainingError { throw .model(e) } catch {
            throw .model(.badBatch(detail: "\(error)"))
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try JSONEncoder().encode(computed).write(to: file, options: .atomic)
        } catch { throw .io(path: file.path, detail: "cannot write the reference cache: \(error.localizedDescription)") }
        return (computed, .miss)
    }
}
