import Foundation
import Testing
@testable import FuseText

/// Breadth: 66 further published chat templates (llama.cpp's `models/templates`, taken from the
/// models' Hugging Face repositories) each render ~15 conversations like transformers does.
/// The fixture keeps a hash, the length and the start of each expected text.
@Suite("Published chat templates corpus")
struct ChatTemplateCorpusTests {
    /// Cases where FuseText is known to differ from jinja2, and why (see the module docs).
    static let knownDifferences: [String: String] = [
        // `tools | map(...) | tojson`: jinja2's map returns a generator, which json.dumps refuses; FuseText has lists.
        "llama-cpp-deepseek-r1.jinja": "generators are lists",
        // `"..."|safe + x`: jinja2's Markup HTML-escapes the other operand; FuseText's |safe is a plain string.
        "meetkai-functionary-medium-v3.1.jinja": "Markup arithmetic",
    ]

    static func fnv1a64(_ s: String) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test("66 published templates render like transformers (known differences listed)")
    func corpus() throws {
        guard case let .array(templates)? = JinjaFixtures.object(try JinjaFixtures.load("chat_template_corpus.json"))["templates"] else {
            Issue.record("no fixture"); return
        }
        #expect(templates.count >= 60)
        var differing: Set<String> = []
        var total = 0
        for tv in templates {
            let t = JinjaFixtures.object(tv)
            let name = JinjaFixtures.string(t["name"]) ?? "?"
            let url = Bundle.module.url(forResource: "Fixtures/" + (JinjaFixtures.string(t["file"]) ?? ""), withExtension: nil)!
            let source = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let template: ChatTemplate
            do { template = try ChatTemplate(source: source) } catch {
                // jinja2 refuses it too (e.g. a filter transformers does not define): every case must be an error.
                if case let .array(cases)? = t["cases"], cases.allSatisfy({ JinjaFixtures.object($0)["error"] != nil }) { continue }
                differing.insert(name); Issue.record("\(name): \(error)"); continue
            }
            guard case let .array(cases)? = t["cases"] else { continue }
            for (i, value) in cases.enumerated() {
                total += 1
                let c = JinjaFixtures.object(value)
                guard case let .array(messages)? = c["messages"] else { continue }
                var options = ChatTemplateOptions(addGenerationPrompt: c["add_generation_prompt"]?.truthy ?? false,
                                                  bosToken: JinjaFixtures.string(t["bos_token"]), eosToken: JinjaFixtures.string(t["eos_token"]),
                                                  now: JinjaFixtures.now, timeZone: JinjaFixtures.utc)
                if case let .array(tools)? = c["tools"] { options.tools = tools }
                for (k, v) in JinjaFixtures.object(c["extra"]).pairs { options.extraContext[k] = v }
                let result = Result { () throws(JinjaError) in try template.render(messageValues: messages, options: options) }
                var problem: String? = nil
                if let hash = JinjaFixtures.string(c["expected_fnv1a64"]) {
                    switch result {
                    case let .success(text) where Self.fnv1a64(text) == hash: break
                    case let .success(text): problem = "rendered \(PyRepr.string(String(text.prefix(120)))), expected \(PyRepr.string(JinjaFixtures.string(c["expected_start"]) ?? ""))"
                    case let .failure(e): problem = "failed with \(e)"
                    }
                } else {
                    problem = JinjaFixtures.compare(result, with: c)
                }
                if let problem {
                    differing.insert(name)
                    if Self.knownDifferences[name] == nil { Issue.record("\(name) case \(i): \(problem)") }
                }
            }
        }
        #expect(total >= 600)
        #expect(differing == Set(Self.knownDifferences.keys), "templates that differ from transformers")
    }
}
