import Foundation
import Testing
@testable import FuseScoring

/// Parity with Hugging Face math-verify on the pairs made by scripts/fixtures/math_verify_pairs.py.
@Suite("Math verifier parity with math-verify")
struct MathVerifierParityTests {
    struct Pair: Decodable {
        let id: String
        let category: String
        let gold: String
        let response: String
        let math_verify: Bool
    }
    struct PairFile: Decodable { let pairs: [Pair] }
    struct Difference: Decodable { let id: String; let math_verify: Bool; let reason: String }
    struct DifferenceFile: Decodable { let differences: [Difference] }

    let pairs = try! FixtureLoader.load("math_verify_pairs", as: PairFile.self).pairs
    let differences = try! FixtureLoader.load("math_verify_differences", as: DifferenceFile.self).differences

    @Test("the fixture has at least 300 pairs, both verdicts well represented")
    func fixtureSize() {
        #expect(pairs.count >= 300)
        #expect(pairs.filter(\.math_verify).count >= 100)
        #expect(pairs.filter { !$0.math_verify }.count >= 80)
    }

    @Test("agrees with math-verify on every pair outside the listed intended differences")
    func agreement() {
        let intended = Dictionary(uniqueKeysWithValues: differences.map { ($0.id, $0) })
        var mismatches: [String] = []
        for pair in pairs where intended[pair.id] == nil {
            let verdict = MathVerifier.verify(gold: pair.gold, response: pair.response)
            if verdict.correct != pair.math_verify {
                mismatches.append("\(pair.id) [\(pair.category)] gold=\(pair.gold) mv=\(pair.math_verify) ours=\(verdict.correct) "
                    + "extracted=\(verdict.extracted ?? "-") why=\(verdict.reason) | \(pair.response.suffix(80))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) disagreements:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test("every listed intended difference is real: we do disagree with math-verify there")
    func differencesAreReal() {
        let byID = Dictionary(uniqueKeysWithValues: pairs.map { ($0.id, $0) })
        #expect(differences.count <= 15)
        for difference in differences {
            guard let pair = byID[difference.id] else { Issue.record("unknown pair \(difference.id)"); continue }
            #expect(pair.math_verify == difference.math_verify, "\(difference.id): fixture changed")
            #expect(MathVerifier.verify(gold: pair.gold, response: pair.response).correct != pair.math_verify,
                    "\(difference.id) now agrees with math-verify; remove it from the list")
        }
    }
}
