import Foundation
import Testing
@testable import FuseData

@Suite("Prompt import")
struct PromptImporterTests {
    static func write(_ text: String, ext: String = "jsonl") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString).\(ext)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("the common dataset shapes all become user turns, with their fields carried along")
    func shapes() throws {
        let url = try Self.write("""
        {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
        {"prompt": "Write a haiku."}
        {"instruction": "Translate to French", "input": "cat"}
        {"conversations": [{"from": "human", "value": "What is 2+2?"}, {"from": "gpt", "value": "4"}], "domain": "math", "reference": "4"}
        {"question": "Tom has 3 apples and buys 4. How many?", "answer": "3+4=7\\n#### 7"}
        {"problem": "Compute 1/2+1/3.", "solution": "It is $\\\\boxed{\\\\frac{5}{6}}$."}
        {"prompt": "def add(a, b):", "domain": "code", "test": "assert add(1, 2) == 3", "entry_point": "add", "id": 17}

        """)
        let result = try PromptImporter().importFile(url)
        let p = result.prompts
        #expect(p.count == 7)
        #expect(p[0].messages == [.system("Be brief."), .user("Hi")])
        #expect(p[1].messages == [.user("Write a haiku.")])
        #expect(p[2].messages == [.user("Translate to French\n\ncat")])
        #expect(p[3].domain == .math && p[3].reference == "4" && p[3].messages == [.user("What is 2+2?")])
        #expect(p[4].reference == "7")
        #expect(p[5].reference == "\\frac{5}{6}")
        #expect(p[6].id == "17" && p[6].tests == .init(code: "assert add(1, 2) == 3", entryPoint: "add"))
        #expect(p[1].origin == url.lastPathComponent + ":2")
    }

    @Test("duplicates by normalized text are dropped; ids are stable hashes")
    func dedup() throws {
        let url = try Self.write("""
        [{"prompt": "Hello   World"}, {"prompt": "hello world"}, {"prompt": "Other"}]
        """, ext: "json")
        let result = try PromptImporter().importFile(url)
        #expect(result.prompts.count == 2)
        #expect(result.duplicates == 1)
        #expect(result.prompts[0].id == "p-" + PromptImporter.dedupKey([.user("HELLO world")]))
    }

    @Test("importing into a run: duplicates across files and runs are skipped, the per-domain cap holds")
    func intoRun() throws {
        let first = try Self.write("""
        {"prompt": "A1"}
        {"prompt": "A2"}
        {"prompt": "A3"}
        {"prompt": "M1", "domain": "math", "reference": "1"}

        """)
        let second = try Self.write("""
        {"prompt": "a1"}
        {"prompt": "M2", "domain": "math", "reference": "2"}
        {"prompt": "M3", "domain": "math", "reference": "3"}

        """)
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)"))
        let store = try folder.prompts()
        let summaries = try PromptImporter().importFiles([first, second], into: store, perDomain: 2)
        #expect(summaries.map(\.added) == [3, 1])
        #expect(summaries.map(\.overCap) == [1, 1])
        #expect(summaries.map(\.duplicates) == [0, 1])
        #expect(store.records.map(\.messages) == [[.user("A1")], [.user("A2")], [.user("M1")], [.user("M2")]])
        let again = try PromptImporter().importFiles([first], into: try folder.prompts(), perDomain: 5)
        #expect(again.map(\.added) == [1] && again.map(\.duplicates) == [3])
    }

    @Test("a Parquet file is refused with the way to convert it")
    func parquet() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString).parquet")
        try Data(Array("PAR1".utf8) + [0, 1, 2] + Array("PAR1".utf8)).write(to: url)
        #expect {
            try PromptImporter().importFile(url)
        } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains("Parquet is not read") && "\(error)".contains("to_json")
        }
    }

    @Test("bad records name the file, line and field")
    func errors() throws {
        let cases: [(String, String)] = [
            ("{\"prompt\": \"ok\"}\n{not json}\n", ":2: not a JSON object"),
            ("{\"text\": \"x\"}\n", ":1: unknown record shape (keys: text)"),
            ("{\"prompt\": \"x\", \"domain\": \"poetry\"}\n", ":1: field 'domain' should be one of"),
            ("{\"messages\": [{\"role\": \"user\"}]}\n", ":1: field 'messages[0]' should be"),
            ("{\"conversations\": [{\"from\": \"bot\", \"value\": \"x\"}]}\n", ":1: field 'conversations[0].from'"),
        ]
        for (text, expected) in cases {
            let url = try Self.write(text)
            #expect {
                _ = try PromptImporter().importFile(url)
            } throws: { error in
                "\(error)".contains(url.path) && "\(error)".contains(expected)
            }
        }
    }
}
