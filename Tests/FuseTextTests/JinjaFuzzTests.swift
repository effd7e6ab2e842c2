import Foundation
import Testing
@testable import FuseText

/// Robustness: seeded random mutations of real chat templates and snippets must compile or fail
/// with a typed error, and render or fail with a typed error, within the hard limits: never a
/// crash, never a hang.
@Suite("Jinja fuzzing")
struct JinjaFuzzTests {
    /// SplitMix64: a tiny deterministic generator, so a failing mutation can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [
        "{{", "}}", "{%", "%}", "{#", "#}", "-", "+", " ", "\n", "'", "\"", "\\", "(", ")", "[", "]", "{", "}", "|", ".",
        ",", ":", "=", "~", "*", "**", "//", "%", "for x in messages", "endfor", "if", "elif", "else", "endif", "set ns.a",
        "loop.index", "range(99999)", "recursive", "namespace(a=1)", "| tojson(indent=1000)", "'x' * 100000",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{% for a in range(9999) %}{% for b in range(9999) %}x{% endfor %}{% endfor %}",
        "((((((((((((((((((((", "[[[[[[[[[[", "not not not not", "raise_exception('boom')", "{% raw %}", "{% endraw %}",
        "messages[::-1]", "|selectattr('role')", "|map(attribute='content')", "strftime_now('%Y')", "é日🤖", "\u{0}", "\r\n",
    ]

    static func corpus() -> [String] {
        var sources: [String] = []
        if case let .array(templates)? = JinjaFixtures.object(try? JinjaFixtures.load("chat_template_parity.json"))["templates"] {
            for t in templates { if let s = JinjaFixtures.string(JinjaFixtures.object(t)["source"]) { sources.append(s) } }
        }
        if case let .array(cases)? = JinjaFixtures.object(try? JinjaFixtures.load("jinja_units.json"))["cases"] {
            for c in cases.prefix(200) { if let s = JinjaFixtures.string(JinjaFixtures.object(c)["template"]) { sources.append(s) } }
        }
        return sources
    }

    static func mutate(_ source: String, _ g: inout Generator) -> String {
        var s = Array(source.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &g) {
            let i = s.isEmpty ? 0 : Int.random(in: 0...s.count, using: &g)
            let len = Int.random(in: 0...min(40, s.count - i), using: &g)
            switch Int.random(in: 0..<5, using: &g) {
            case 0: s.removeSubrange(i..<(i + len))
            case 1: s.insert(contentsOf: s[i..<(i + len)], at: Int.random(in: 0...s.count, using: &g))
            case 2: s.insert(contentsOf: fragments.randomElement(using: &g)!.unicodeScalars, at: i)
            case 3: if i < s.count { s[i] = Unicode.Scalar(UInt8.random(in: 32...126, using: &g)) }
            default: s.replaceSubrange(i..<(i + len), with: fragments.randomElement(using: &g)!.unicodeScalars)
            }
        }
        return PyString.make(s)
    }

    @Test("10,000 seeded template mutations never crash or hang")
    func mutations() throws {
        let corpus = Self.corpus()
        #expect(corpus.count >= 100)
        var g = Generator(state: 20_260_115)
        let limits = JinjaLimits(maxDepth: 100, maxIterations: 20_000, maxOutputBytes: 1 << 20)
        let messages: JinjaValue = [["role": "system", "content": "sys"], ["role": "user", "content": "hi"],
                                    ["role": "assistant", "content": "yo"], ["role": "user", "content": ["a", ["type": "text", "text": "t"]]]]
        let context: [String: JinjaValue] = ["messages": messages, "bos_token": "<s>", "eos_token": "</s>",
                                             "add_generation_prompt": true, "tools": .none]
        var compiled = 0, rendered = 0, slowest = 0.0
        let start = Date()
        for n in 0..<10_000 {
            let source = Self.mutate(corpus[n % corpus.count], &g)
            let t0 = Date()
            guard let template = try? JinjaTemplate(source, limits: limits) else { continue }
            compiled += 1
            if (try? template.render(context)) != nil { rendered += 1 }
            slowest = max(slowest, Date().timeIntervalSince(t0))
        }
        let total = Date().timeIntervalSince(start)
        print("jinja fuzz: 10000 mutations, \(compiled) compiled, \(rendered) rendered, slowest \(Int(slowest * 1000)) ms, total \(Int(total)) s")
        #expect(compiled > 1_000 && rendered > 500, "mutations should still exercise the renderer")
        #expect(slowest < 10, "one template took \(slowest) s")
    }

    static let hostile: [String: String] = [
        "infinite macro recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "10^10 loop iterations": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "100 MB string": "{{ 'x' * 100000000 }}",
        "3 GB of output": "{% for a in range(100000) %}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' * 1000 }}{% endfor %}",
        "5000 nested parentheses": "{{ " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " }}",
        "3000 nested ifs": String(repeating: "{% if true %}", count: 3000),
        "range over the sandbox cap": "{{ range(1000000) }}",
    ]

    @Test("hostile templates stop at the limits with a typed error", arguments: hostile.keys.sorted())
    func hostile(name: String) {
        let limits = JinjaLimits(maxDepth: 100, maxIterations: 100_000, maxOutputBytes: 1 << 20)
        #expect(throws: JinjaError.self) { try JinjaTemplate(Self.hostile[name]!, limits: limits).render([:]) }
    }
}
