import Testing
@testable import FuseFormats

@Suite("Strict JSON parsing")
struct JSONParserTests {
    /// (text, expected value) pairs; the expectations follow RFC 8259 and Python's `json.loads`.
    static let valid: [(String, JSONValue)] = [
        ("0", .int(0)), ("-0", .int(0)), ("12345678901234", .int(12_345_678_901_234)), ("1.5", .double(1.5)),
        ("1e-05", .double(1e-5)), ("-2.5E+3", .double(-2500)), ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("true", .bool(true)), (" null ", .null), ("\"a\\u00e9\\ud83d\\ude00\\n\\\"\"", .string("aé😀\n\"")),
        ("[1,[2,[]],{}]", .array([.int(1), .array([.int(2), .array([])]), .object([:])])),
        ("{\"k\": [true, false], \"é\": \"ü\"}", .object(["k": .array([.bool(true), .bool(false)]), "é": .string("ü")])),
    ]

    @Test("valid JSON parses to the expected values", arguments: 0..<valid.count)
    func parsesValid(_ index: Int) throws {
        let (text, expected) = Self.valid[index]
        #expect(try JSONParser.parse(text) == expected)
    }

    static let invalid: [(String, Int)] = [
        ("", 0), ("{", 1), ("[1,]", 3), ("{\"a\":1,}", 7), ("01", 1), ("1.", 2), ("-", 1), ("+1", 0), ("tru", 0),
        ("\"\\x\"", 2), ("\"\\ud800\"", 7), ("\"abc", 0), ("\"a\u{01}\"", 2), ("NaN", 0), ("1e999", 0),
        ("{\"a\":1,\"a\":2}", 7), ("[1] 2", 4), ("{1:2}", 1),
        (String(repeating: "[", count: 300), 256),
    ]

    @Test("invalid JSON is rejected at the right byte", arguments: 0..<invalid.count)
    func rejectsInvalid(_ index: Int) {
        let (text, offset) = Self.invalid[index]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.offset == offset, "\(error)") }
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func rejectsBadUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test("quoting escapes like serde_json, or like Python's ensure_ascii")
    func quoting() {
        #expect(JSONWriter.quoted("a\"b\\c\n\t\u{01}é") == "\"a\\\"b\\\\c\\n\\t\\u0001é\"")
        #expect(JSONWriter.quoted("é😀\u{7F}", asciiOnly: true) == "\"\\u00e9\\ud83d\\ude00\\u007f\"")
        #expect(JSONWriter.compact(.object(["b": .array([.int(1), .null]), "a": .bool(false)])) == "{\"a\":false,\"b\":[1,null]}")
    }

    @Test("writing then parsing gives the value back")
    func roundTrip() throws {
        for (_, value) in Self.valid {
            #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
            #expect(try JSONParser.parse(JSONWriter.indented(value)) == value)
        }
    }
}
