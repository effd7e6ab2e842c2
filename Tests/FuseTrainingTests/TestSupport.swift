import Foundation
import FuseFormats
import Testing
@testable import FuseTraining

/// Deterministic random numbers for test inputs (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// `count` floats uniform in [-scale, scale).
    mutating func floats(_ count: Int, scale: Float = 1) -> [Float] {
        (0..<count).map { _ in Float.random(in: -scale..<scale, using: &self) }
    }
}

/// The URL of a file in the test bundle's Fixtures folder.
func fixtureURL(_ name: String, _ ext: String) throws -> URL {
    try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
}

/// Loads a JSON fixture.
func fixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(contentsOf: fixtureURL(name, "json")))
}

/// ‖a − b‖ / ‖b‖ (‖a‖ when b is zero).
func relativeError(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count)
    var diff = 0.0, norm = 0.0
    for (x, y) in zip(a, b) { diff += Double(x - y) * Double(x - y); norm += Double(y) * Double(y) }
    return norm == 0 ? diff.squareRoot() : (diff / norm).squareRoot()
}

/// A tiny configuration: 2 layers, 4 query heads over 2 key/value heads, vocabulary 37.
func tinyConfiguration(bias: Bool = true, tied: Bool = false) -> TrainingConfiguration {
    TrainingConfiguration(vocabularySize: 37, hiddenSize: 16, intermediateSize: 24, layerCount: 2, headCount: 4,
                          kvHeadCount: 2, headSize: 4, ropeTheta: 10000, rmsEpsilon: 1e-5,
                          tieWordEmbeddings: tied, attentionBias: bias)
}

/// A model with random weights (norm weights near 1).
func randomModel(_ c: TrainingConfiguration, seed: UInt64, scale: Float = 0.3) -> TrainableModel {
    let model = TrainableModel(configuration: c)
    var rng = SeededRandom(seed: seed)
    for e in model.layout.entries {
        let values = rng.floats(e.count, scale: scale)
        let p = model.parameter(named: e.name)!
        for i in 0..<e.count { p[i] = e.name.contains("norm") ? 1 + values[i] : values[i] }
    }
    return model
}

/// Next-token targets for `batch` rows of `tokens`: targets[n] = tokens[n + 1] within a row, −1 at
/// each row's end and where `labels` (if given) hold −100.
func shiftedTargets(_ labels: [Int32], batch: Int) -> [Int32] {
    let length = labels.count / batch
    return (0..<labels.count).map { n in
        let t = n % length
        guard t + 1 < length else { return -1 }
        let next = labels[n + 1]
        return next < 0 ? -1 : next
    }
}

/// The central difference (loss(p[i] + h) − loss(p[i] − h)) / 2h, with p[i] restored afterwards.
func centralDifference(_ p: UnsafeMutableBufferPointer<Float>, at i: Int, h: Float,
                       loss: () throws -> Double) rethrows -> Double {
    let original = p[i]
    p[i] = original + h
    let up = try loss()
    p[i] = original - h
    let down = try loss()
    p[i] = original
    return (up - down) / (2 * Double(h))
}
