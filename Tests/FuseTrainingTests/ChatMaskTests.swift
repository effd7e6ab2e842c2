import Foundation
import FuseModels
import FuseText
import Testing
@testable import FuseTraining

/// Oracle: scripts/fixtures/training_chat_masks.py (transformers' `apply_chat_template` on the
/// SmolLM2 demo GGUF's tokenizer and template: the generation-tagged assistant mask, equal to
/// the prefix-rendering mask).
@Suite("Chat masks")
struct ChatMaskTests {
    struct Fixture: Decodable {
        struct SFT: Decodable {
            var messages: [TrainingMessage]
            var input_ids: [Int32]
            var assistant_mask: [Int]
        }
        struct DPO: Decodable {
            var prompt: [TrainingMessage], chosen: [TrainingMessage], rejected: [TrainingMessage]
            var prompt_ids: [Int32], chosen_ids: [Int32], rejected_ids: [Int32]
        }
        var sft: [SFT]
        var dpo: [DPO]
    }

    static let oracle = try! fixture("chat_masks", as: Fixture.self)

    func encoder(maxLength: Int = 4096) throws -> ConversationEncoder {
        let path = ModelStore().path(of: try #require(DemoModel.named("smollm2-135m-instruct"))).path
        return try TrainingTarget.open(path).encoder(maxLength: maxLength)
    }

    @Test("SFT ids and assistant masks equal transformers'", arguments: 0..<5)
    func sftMasks(_ i: Int) throws {
        let case_ = Self.oracle.sft[i]
        let example = try encoder().encodeSFT(case_.messages)
        #expect(example.tokens == case_.input_ids)
        #expect(example.assistantMask == case_.assistant_mask.map { $0 == 1 })
        // Targets: the next token where it is an assistant token (the end-of-turn token included).
        let endOfTurn = Int32(2)
        #expect(example.targets.contains(endOfTurn))
        #expect(example.targets.filter { $0 >= 0 }.count == case_.assistant_mask.dropFirst().filter { $0 == 1 }.count)
    }

    @Test("DPO prompt, chosen and rejected ids equal transformers'", arguments: 0..<3)
    func dpoIds(_ i: Int) throws {
        let c = Self.oracle.dpo[i]
        let example = try encoder().encodeDPO(PreferencePair(prompt: c.prompt, chosen: c.chosen, rejected: c.rejected))
        #expect(example.promptLength == c.prompt_ids.count)
        #expect(example.chosen == c.chosen_ids)
        #expect(example.rejected == c.rejected_ids)
        #expect(DPOExample.targets(example.chosen, promptLength: example.promptLength).filter { $0 >= 0 }.count == example.chosenLength)
    }

    @Test("truncation keeps the first max-length tokens; a prompt filling them is refused")
    func truncation() throws {
        let c = Self.oracle.sft[3]
        let prefix = c.assistant_mask.firstIndex(of: 1)!
        let example = try encoder(maxLength: prefix + 5).encodeSFT(c.messages)
        #expect(example.tokens == Array(c.input_ids.prefix(prefix + 5)))
        #expect(example.assistantTokenCount == 5)
        #expect(throws: DataError.nothingToLearn(maxLength: prefix)) { try encoder(maxLength: prefix).encodeSFT(c.messages) }
        let d = Self.oracle.dpo[0]
        let pair = PreferencePair(prompt: d.prompt, chosen: d.chosen, rejected: d.rejected)
        #expect(throws: DataError.promptTooLong(tokens: d.prompt_ids.count, maxLength: d.prompt_ids.count)) {
            try encoder(maxLength: d.prompt_ids.count).encodeDPO(pair)
        }
    }

    @Test("a template whose prompt is not a prefix of the conversation is reported and skipped")
    func notAPrefix() throws {
        var e = try encoder()
        // Renders the final assistant turn differently from the generation prompt.
        e = ConversationEncoder(tokenizer: e.tokenizer, template: try ChatTemplate(source:
            "{% for m in messages %}{% if loop.last and m.role == 'assistant' %}[final] {{ m.content }}"
            + "{% else %}{{ m.role }}: {{ m.content }}\n{% endif %}{% endfor %}{% if add_generation_prompt %}assistant: {% endif %}"),
            options: e.options, maxLength: 4096)
        let records = Self.oracle.sft.map { SFTConversation(messages: $0.messages) }
        let data = TrainingData.encodeSFT(records, encoder: e)
        #expect(data.examples.isEmpty)
        #expect(data.skipped == ["prompt not a prefix": 5])
        #expect(data.summary == "0 examples (skipped: 5 prompt not a prefix)")
    }
}
