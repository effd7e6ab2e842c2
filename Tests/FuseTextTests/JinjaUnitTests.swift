import Foundation
import Testing
@testable import FuseText

/// Feature coverage: a few hundred small snippets x contexts, each rendered by jinja2 in the
/// transformers environment (scripts/fixtures/jinja_units.py). Output must match byte for byte;
/// where jinja2 fails, FuseText must fail too (same message for `raise_exception`, a syntax
/// error where jinja2 reports one).
@Suite("Jinja snippets against jinja2")
struct JinjaUnitTests {
    static let cases: [JinjaObject] = {
        guard case let .array(items)? = JinjaFixtures.object(try? JinjaFixtures.load("jinja_units.json"))["cases"] else { return [] }
        return items.map { JinjaFixtures.object($0) }
    }()

    @Test("every snippet renders like jinja2")
    func snippets() {
        #expect(Self.cases.count >= 300)
        var failures = 0
        for (i, c) in Self.cases.enumerated() {
            let source = JinjaFixtures.string(c["template"]) ?? ""
            var context: [String: JinjaValue] = [:]
            for (k, v) in JinjaFixtures.object(c["context"]).pairs { context[k] = v }
            let result = Result { () throws(JinjaError) in
                try JinjaTemplate(source).render(context, now: JinjaFixtures.now, timeZone: JinjaFixtures.utc)
            }
            if let problem = JinjaFixtures.compare(result, with: c) {
                failures += 1
                Issue.record("snippet \(i) \(PyRepr.string(source)): \(problem)")
            }
        }
        #expect(failures == 0)
    }

    @Test("syntax errors carry the line and column of the problem")
    func syntaxErrorPosition() {
        #expect(throws: JinjaError.syntax(message: "Encountered unknown tag 'nosuch'.", line: 3, column: 4)) {
            try JinjaTemplate("a\nb\n{% nosuch %}")
        }
    }
}
