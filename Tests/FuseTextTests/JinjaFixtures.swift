import Foundation
@testable import FuseText

/// Loads the JSON fixtures written by `scripts/fixtures/chat_templates.py` (oracle: jinja2 as
/// configured by transformers).
enum JinjaFixtures {
    /// The moment `strftime_now` was pinned to when the fixtures were made: 2026-01-15 10:30:00.
    static let now = Date(timeIntervalSince1970: 1_768_473_000)
    static let utc = TimeZone(identifier: "UTC")!

    static func load(_ name: String) throws -> JinjaValue {
        let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
        return try JinjaJSON.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
    }

    static func string(_ v: JinjaValue?) -> String? {
        if case let .string(s)? = v { return s }
        return nil
    }

    static func object(_ v: JinjaValue?) -> JinjaObject {
        if case let .object(o)? = v { return o }
        return JinjaObject()
    }

    /// Checks a render result against a fixture case's `expected` text or `error`/`message`.
    /// Returns nil on agreement, else a description of the difference.
    static func compare(_ result: Result<String, JinjaError>, with c: JinjaObject) -> String? {
        switch (result, string(c["expected"])) {
        case let (.success(text), expected?):
            return text == expected ? nil : "rendered\n\(PyRepr.string(text))\nexpected\n\(PyRepr.string(expected))"
        case let (.failure(error), expected?):
            return "failed with \(error), expected \(PyRepr.string(expected))"
        case let (.success(text), nil):
            return "rendered \(PyRepr.string(text)), expected error \(string(c["error"]) ?? "?"): \(string(c["message"]) ?? "")"
        case let (.failure(error), nil):
            let kind = string(c["error"]) ?? ""
            let message = string(c["message"]) ?? ""
            switch (kind, error) {
            case let ("raised", .raised(m)): return m == message ? nil : "raised \(PyRepr.string(m)), expected \(PyRepr.string(message))"
            case ("raised", _): return "failed with \(error), expected raise_exception(\(PyRepr.string(message)))"
            case ("syntax", .syntax), ("SyntaxError", .syntax): return nil
            case ("syntax", _): return "failed with \(error), expected a syntax error: \(message)"
            case ("UndefinedError", .undefined): return nil
            case ("SecurityError", .security), ("SecurityError", .undefined): return nil
            case (_, .raised), (_, .syntax): return "failed with \(error), expected \(kind): \(message)"
            default: return nil
            }
        }
    }
}
