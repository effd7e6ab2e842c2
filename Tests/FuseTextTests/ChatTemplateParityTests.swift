import Foundation
import Testing
@testable import FuseText

/// Template parity: every conversation of every template renders byte for byte like
/// `transformers.apply_chat_template(tokenize=False)` (fixtures from scripts/fixtures/chat_templates.py),
/// and templates that raise (system message refused, roles not alternating) raise the same message.
@Suite("Chat template parity with transformers/jinja2")
struct ChatTemplateParityTests {
    static let templates: [JinjaObject] = {
        guard case let .array(items)? = JinjaFixtures.object(try? JinjaFixtures.load("chat_template_parity.json"))["templates"] else { return [] }
        return items.map { JinjaFixtures.object($0) }
    }()

    @Test("fixtures cover the demo models' and four published templates with >= 50 conversations each")
    func coverage() {
        #expect(Self.templates.count == 7)
        for t in Self.templates {
            guard case let .array(cases)? = t["cases"] else { Issue.record("no cases"); continue }
            #expect(cases.count >= 50, "\(JinjaFixtures.string(t["name"]) ?? "?")")
        }
    }

    @Test("renders byte for byte like transformers", arguments: 0..<7)
    func parity(index: Int) throws {
        let t = try #require(Self.templates.count > index ? Self.templates[index] : nil)
        let name = JinjaFixtures.string(t["name"]) ?? "?"
        let source = try #require(JinjaFixtures.string(t["source"]))
        let template: ChatTemplate
        if let arch = JinjaFixtures.string(t["builtin"]) {
            template = try #require(ChatTemplate.builtin(forArchitecture: arch))
            #expect(template.isBuiltin)
            #expect(template.source == source, "built-in \(arch) template differs from the published text")
        } else {
            template = try ChatTemplate(source: source)
            #expect(!template.isBuiltin)
        }
        guard case let .array(cases)? = t["cases"] else { Issue.record("no cases"); return }
        var mismatches = 0
        let start = Date()
        for (i, value) in cases.enumerated() {
            let c = JinjaFixtures.object(value)
            guard case let .array(messages)? = c["messages"] else { Issue.record("case \(i) has no messages"); continue }
            var options = ChatTemplateOptions(addGenerationPrompt: c["add_generation_prompt"]?.truthy ?? false,
                                              bosToken: JinjaFixtures.string(t["bos_token"]), eosToken: JinjaFixtures.string(t["eos_token"]),
                                              now: JinjaFixtures.now, timeZone: JinjaFixtures.utc)
            if case let .array(tools)? = c["tools"] { options.tools = tools }
            for (k, v) in JinjaFixtures.object(c["extra"]).pairs { options.extraContext[k] = v }
            let result = Result { () throws(JinjaError) in try template.render(messageValues: messages, options: options) }
            if let problem = JinjaFixtures.compare(result, with: c) {
                mismatches += 1
                Issue.record("\(name) case \(i): \(problem)")
            }
        }
        print("chat template parity: \(name): \(cases.count) conversations in \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        #expect(mismatches == 0, "\(name): \(mismatches) of \(cases.count) conversations differ")
    }
}
