import Foundation
import Testing
@testable import FuseTraining

/// Tiny random model runs: exact resume, reference-cache hits and misses.
@Suite("Trainers")
struct TrainerTests {
    static func sftExamples(count: Int, seed: UInt64) -> [SFTExample] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let length = Int.random(in: 6...14, using: &rng), prompt = Int.random(in: 2...4, using: &rng)
            return SFTExample(tokens: (0..<length).map { _ in Int32.random(in: 0..<37, using: &rng) },
                              assistantMask: (0..<length).map { $0 >= prompt })
        }
    }

    static func dpoExamples(count: Int, seed: UInt64) -> [DPOExample] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let prompt = (0..<Int.random(in: 2...5, using: &rng)).map { _ in Int32.random(in: 0..<37, using: &rng) }
            func response() -> [Int32] { (0..<Int.random(in: 2...7, using: &rng)).map { _ in Int32.random(in: 0..<37, using: &rng) } }
            return DPOExample(promptLength: prompt.count, chosen: prompt + response(), rejected: prompt + response())
        }
    }

    static func temporaryFolder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-train-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    let configuration = TrainerConfiguration(learningRate: 3e-3, epochs: 3, batchSize: 2, globalBatchSize: 4, maxLength: 64,
                                             warmupRatio: 0.2, weightDecay: 0.01, maxGradNorm: 1, seed: 7)

    @Test("SFT stopped at step 4 and resumed gives the losses of an uninterrupted run")
    func sftResume() throws {
        let examples = Self.sftExamples(count: 10, seed: 1)
        let a = Self.temporaryFolder(), b = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let whole = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                                   configuration: configuration, output: a).train()
        #expect(whole.count == 9)  // 10 examples → 5 micro-batches → 3 steps per epoch, 3 epochs
        let first = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                                   configuration: configuration, output: b).train(stopAfter: 4)
        #expect(first.count == 4)
        let resumed = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 99), examples: examples,
                                     configuration: configuration, output: b)
        try resumed.resume()
        #expect(resumed.state.step == 4)
        let rest = try resumed.train()
        #expect(rest.count == 5)
        for (x, y) in zip(whole, first + rest) {
            #expect(abs(x["loss"]! - y["loss"]!) <= 1e-6 * max(1, abs(x["loss"]!)), "step \(x.step)")
            #expect(x["learning_rate"] == y["learning_rate"])
        }
        #expect(whole.last!["loss"]! < whole.first!["loss"]!)
        let logged = MetricsLog(url: b.appendingPathComponent("metrics.jsonl")).read()
        #expect(logged.map(\.step) == Array(1...9))
        #expect(FileManager.default.fileExists(atPath: b.appendingPathComponent("metrics.svg").path))
    }

    @Test("a run started over in the same folder (killed before its first checkpoint) leaves only its own metrics")
    func restartRewritesMetrics() throws {
        let examples = Self.sftExamples(count: 10, seed: 1)
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                           configuration: configuration, output: folder).train(stopAfter: 3)
        let again = try SFTTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples,
                                   configuration: configuration, output: folder).train()
        let logged = MetricsLog(url: folder.appendingPathComponent("metrics.jsonl")).read()
        #expect(logged.map(\.step) == Array(1...9))
        #expect(logged.map { $0["loss"]! } == again.map { $0["loss"]! })
    }

    @Test("DPO resume is exact and the reference cache hits on rerun, misses when the data changes")
    func dpoResumeAndCache() throws {
        let examples = Self.dpoExamples(count: 8, seed: 5)
        let cache = Self.temporaryFolder(), a = Self.temporaryFolder(), b = Self.temporaryFolder()
        defer { for u in [cache, a, b] { try? FileManager.default.removeItem(at: u) } }
        var built = 0
        func reference(_ examples: [DPOExample]) throws -> (ReferenceLogProbs, ReferenceLogProbs.CacheOutcome) {
            let key = ReferenceLogProbs.cacheKey(modelIdentity: "tiny-3", templateSource: "t", dataIdentity: "d",
                                                 maxLength: 64, examples: examples)
            return try ReferenceLogProbs.cached(key: key, folder: cache, examples: examples, batchSize: 3) { () throws(TrainerError) in
                built += 1
                return randomModel(tinyConfiguration(), seed: 3)
            }
        }
        let (logps, miss) = try reference(examples)
        let (again, hit) = try reference(examples)
        #expect(miss == .miss && hit == .hit && built == 1 && again == logps)
        var changed = examples
        changed[0].rejected[changed[0].rejected.count - 1] ^= 1
        #expect(try reference(changed).1 == .miss)
        #expect(built == 2)

        let dpo = DPOConfiguration(loss: .sigmoidNorm, beta: 2)
        let whole = try DPOTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples, reference: logps,
                                   configuration: configuration, dpo: dpo, output: a).train()
        // The policy starts equal to the reference: zero rewards and loss log 2.
        #expect(abs(whole[0]["rewards/margins"]!) < 1e-5 && abs(whole[0]["loss"]! - log(2)) < 1e-5)
        _ = try DPOTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples, reference: logps,
                           configuration: configuration, dpo: dpo, output: b).train(stopAfter: 2)
        let resumed = try DPOTrainer(model: randomModel(tinyConfiguration(), seed: 3), examples: examples, reference: logps,
                                     configuration: configuration, dpo: dpo, output: b)
        try resumed.resume()
        let rest = try resumed.train()
        for (x, y) in zip(whole.suffix(rest.count), rest) {
            #expect(abs(x["loss"]! - y["loss"]!) <= 1e-6, "step \(x.step)")
        }
        #expect(whole.last!["rewards/accuracies"]! >= 0.5 && whole.last!["rewards/margins"]! > 0)
    }
}
