import Foundation
import FuseFormats
import Testing
@testable import FuseTraining

/// transformers' logits for SmolLM2-135M-Instruct loaded from the demo GGUF
/// (scripts/fixtures/training_gguf_logits.py).
struct GGUFLogitsFixture: Decodable {
    let input_ids: [Int32]
    let argmax: [Int]
    let logsumexp: [Double]
    let sample_indices: [Int]
    let samples: [[Double]]
    let last_logits_f32: String
}

/// The demo model's path, as FuseModels' store lays it out (`$FUSECHAT_HOME` or ~/.cache/fusechat).
func demoModelPath(_ name: String) -> String {
    let home = ProcessInfo.processInfo.environment["FUSECHAT_HOME"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fusechat").path
    return home + "/models/\(name).gguf"
}

@Suite("Real weights from GGUF")
struct GGUFLoadTests {
    @Test("Llama q/k un-permutation maps llama.cpp's interleaved rows back to halves")
    func unpermute() {
        // One head of size 4, 1 column: GGUF rows hold HF rows [0, 2, 1, 3].
        var w: [Float] = [0, 2, 1, 3]
        TrainableModel.unpermuteRotaryRows(&w, heads: 1, headSize: 4, columns: 1)
        #expect(w == [0, 1, 2, 3])
    }

    @Test("SmolLM2-135M from the Q4_1 demo GGUF gives transformers' logits")
    func smollm2() throws {
        let f = try fixture("smollm2_gguf_logits", as: GGUFLogitsFixture.self)
        let model = try TrainableModel(gguf: GGUFFile(path: demoModelPath("smollm2-135m-instruct")))
        #expect(model.configuration.tieWordEmbeddings && !model.configuration.attentionBias)
        let targets = [Int32](repeating: -1, count: f.input_ids.count)
        _ = try model.forward(tokens: f.input_ids, targets: targets, batch: 1)
        let v = model.configuration.vocabularySize
        let logits = Array(model.logits)
        for t in 0..<f.input_ids.count {
            let row = Array(logits[t * v..<(t + 1) * v])
            #expect(row.indices.max { row[$0] < row[$1] } == f.argmax[t], "position \(t)")
            let m = row.max()!
            let lse = Double(m) + log(row.reduce(0.0) { $0 + exp(Double($1 - m)) })
            #expect(abs(lse - f.logsumexp[t]) < 2e-3, "position \(t)")
            for (i, expected) in zip(f.sample_indices, f.samples[t]) {
                #expect(abs(Double(row[i]) - expected) < 2e-3, "position \(t) logit \(i)")
            }
        }
        let last = Data(base64Encoded: f.last_logits_f32)!.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(relativeError(Array(logits[(f.input_ids.count - 1) * v..<f.input_ids.count * v]), last) < 1e-4)
    }
}
