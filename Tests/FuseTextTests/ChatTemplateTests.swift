import Foundation
import Testing
@testable import FuseText

@Suite("ChatTemplate API")
struct ChatTemplateTests {
    @Test("a file without a template falls back to the architecture's built-in, and says so")
    func builtinFallback() throws {
        let t = try ChatTemplate.resolve(embedded: nil, architecture: "gemma3")
        #expect(t.isBuiltin && t.name == "gemma3")
        let text = try t.render([ChatMessage(role: "system", "Be brief."), ChatMessage(role: "user", "Hi")],
                                options: ChatTemplateOptions(addGenerationPrompt: true, bosToken: "<bos>"))
        #expect(text == "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n")
        #expect(ChatTemplate.builtin(forArchitecture: "llama") == nil)
        #expect(throws: ChatTemplateError.self) { try ChatTemplate.resolve(embedded: nil, architecture: "llama") }
    }

    @Test("an embedded template wins over the built-in")
    func embeddedWins() throws {
        let t = try ChatTemplate.resolve(embedded: "{{ messages[0].content }}", architecture: "gemma3")
        #expect(!t.isBuiltin && t.name == "embedded")
        #expect(try t.render([ChatMessage(role: "user", "x")]) == "x")
    }

    @Test("a template that raises gives a typed error with the template's message")
    func raising() throws {
        let t = try #require(ChatTemplate.builtin(forArchitecture: "gemma3"))
        #expect(throws: JinjaError.raised(message: "Conversation roles must alternate user/assistant/user/assistant/...")) {
            try t.render([ChatMessage(role: "user", "a"), ChatMessage(role: "user", "b")])
        }
    }

    @Test("message fields: absent ones are undefined, tool calls and parts reach the template")
    func messageFields() throws {
        let t = try ChatTemplate(source: "{% for m in messages %}{{ m.role }}:{{ m.content is defined }}:{{ m.tool_calls|length }}:{{ m.name }};{% endfor %}")
        let call: JinjaValue = ["type": "function", "function": ["name": "f", "arguments": ["x": 1]]]
        let text = try t.render([ChatMessage(role: "assistant", content: nil, toolCalls: [call]),
                                 ChatMessage(role: "tool", content: .parts([["type": "text", "text": "r"]]), name: "f")])
        #expect(text == "assistant:False:1:;tool:True:0:f;")
    }

    @Test("strftime_now uses the date override")
    func dateOverride() throws {
        let t = try ChatTemplate(source: "{{ strftime_now('%d %b %Y') }}")
        let options = ChatTemplateOptions(now: Date(timeIntervalSince1970: 1_768_473_000), timeZone: TimeZone(identifier: "UTC")!)
        #expect(try t.render([], options: options) == "15 Jan 2026")
    }
}
