import Testing
@testable import FuseScoring

/// The request side of the constraint checkers: kwargs validation and error messages, and the
/// loose variants IFEval uses.
@Suite("Constraint checkers")
struct ConstraintCheckerTests {
    @Test("unknown ids, missing and ill-typed kwargs are typed errors naming the instruction")
    func errors() throws {
        #expect(throws: ConstraintError.unknownInstruction("keywords:nope")) {
            try ConstraintVerifier.checkers(ids: ["keywords:nope"], kwargs: [])
        }
        #expect(throws: ConstraintError.missingArgument(instruction: "length_constraints:number_words", name: "num_words")) {
            try ConstraintVerifier.checkers(ids: ["length_constraints:number_words"], kwargs: [ConstraintArguments(["relation": .string("at least")])])
        }
        #expect(throws: ConstraintError.badArgument(instruction: "length_constraints:number_words", name: "relation",
                                                    expected: "\"less than\" or \"at least\"")) {
            try ConstraintVerifier.checkers(ids: ["length_constraints:number_words"],
                                            kwargs: [ConstraintArguments(["num_words": .int(3), "relation": .string("more")])])
        }
        #expect(throws: ConstraintError.self) { try ConstraintArguments.decodeList("[{\"num_words\": true}]") }
    }

    @Test("kwargs JSON: a list per instruction, a single object, nulls dropped")
    func kwargsJSON() throws {
        let list = try ConstraintArguments.decodeList(#"[{"num_words": 5, "relation": "less than", "x": null}, {}]"#)
        #expect(list.count == 2)
        #expect(list[0].values == ["num_words": .int(5), "relation": .string("less than")])
        #expect(try ConstraintArguments.decodeList(#"{"keywords": ["a", "b"]}"#)[0].values == ["keywords": .strings(["a", "b"])])
    }

    @Test("loose variants are IFEval's eight, in its order")
    func looseVariants() {
        let v = ConstraintVerifier.looseVariants("Sure! *Here*:\nbody text\nBye")
        #expect(v == ["Sure! *Here*:\nbody text\nBye", "Sure! Here:\nbody text\nBye", "body text\nBye",
                      "Sure! *Here*:\nbody text", "body text", "body text\nBye", "Sure! Here:\nbody text", "body text"])
    }

    @Test("repeat_prompt takes the prompt when its kwarg is absent")
    func repeatPrompt() throws {
        let checkers = try ConstraintVerifier.checkers(ids: ["combination:repeat_prompt"], kwargs: [], prompt: "Say hi.")
        #expect(try ConstraintVerifier.verify(response: "Say hi. Hi!", instructions: checkers).strict)
        #expect(throws: ConstraintError.self) { try ConstraintVerifier.checkers(ids: ["combination:repeat_prompt"], kwargs: []) }
    }
}
