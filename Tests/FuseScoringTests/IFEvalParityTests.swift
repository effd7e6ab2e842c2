import Foundation
import Testing
@testable import FuseScoring

/// Parity with IFEval's reference checkers on the cases made by scripts/fixtures/ifeval_oracle.py.
@Suite("IFEval checkers parity with the reference implementation")
struct IFEvalParityTests {
    struct Case: Decodable {
        let response: Int
        let id: String
        let kwargs: [String: KwargJSON]
        let strict: Bool
        let loose: Bool
    }
    enum KwargJSON: Decodable {
        case int(Int), string(String), strings([String])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let v = try? c.decode(Int.self) { self = .int(v) }
            else if let v = try? c.decode(String.self) { self = .string(v) }
            else { self = .strings(try c.decode([String].self)) }
        }
        var value: ConstraintArguments.Value {
            switch self {
            case .int(let v): return .int(v)
            case .string(let v): return .string(v)
            case .strings(let v): return .strings(v)
            }
        }
    }
    struct OracleFile: Decodable {
        let responses: [String]
        let cases: [Case]
        let abbreviations: [String]
        let sentence_counts: [Int]
        let word_counts: [Int]
        let capital_word_counts: [Int]
    }
    struct Difference: Decodable { let response: Int; let id: String; let reason: String }
    struct DifferenceFile: Decodable { let differences: [Difference] }

    let oracle = try! FixtureLoader.load("ifeval_oracle", as: OracleFile.self)
    let differences = try! FixtureLoader.load("ifeval_differences", as: DifferenceFile.self).differences

    @Test("the oracle used the same abbreviation list as the Swift sentence splitter")
    func sameAbbreviations() {
        #expect(Set(oracle.abbreviations) == TextSplitting.abbreviations)
    }

    @Test("sentence, word and all-capital word counts equal NLTK's on every response")
    func splitterCounts() {
        for (k, response) in oracle.responses.enumerated() {
            #expect(TextSplitting.sentences(response).count == oracle.sentence_counts[k],
                    "response \(k): \(TextSplitting.sentences(response).map { String($0) })")
            #expect(TextSplitting.words(response).count == oracle.word_counts[k], "response \(k)")
            let capitals = TextSplitting.treebankTokens(response).filter { PatternScans.isCased($0, upper: true) }
            #expect(capitals.count == oracle.capital_word_counts[k], "response \(k): \(capitals)")
        }
    }

    @Test("covers all 25 instruction ids with hundreds of cases")
    func coverage() {
        #expect(Set(oracle.cases.map(\.id)) == Set(InstructionID.allCases.map(\.rawValue)))
        #expect(oracle.cases.count >= 300)
    }

    @Test("strict and loose verdicts agree with IFEval outside the listed intended differences")
    func agreement() throws {
        let intended = Set(differences.map { "\($0.response)|\($0.id)" })
        var mismatches: [String] = []
        for c in oracle.cases where !intended.contains("\(c.response)|\(c.id)") {
            let args = ConstraintArguments(c.kwargs.mapValues(\.value))
            let checker = try InstructionChecker(id: InstructionID(rawValue: c.id)!, arguments: args)
            let verdict = try ConstraintVerifier.verify(response: oracle.responses[c.response], instructions: [checker])
            let v = verdict.instructions[0]
            if v.strict != c.strict || v.loose != c.loose {
                mismatches.append("response \(c.response) \(c.id) \(c.kwargs.keys.sorted()) oracle=\(c.strict)/\(c.loose) ours=\(v.strict)/\(v.loose): \(v.detail)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) disagreements:\n\(mismatches.joined(separator: "\n"))")
    }
}
