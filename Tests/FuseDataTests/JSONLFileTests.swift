import Foundation
import Testing
@testable import FuseData

@Suite("JSONL run files")
struct JSONLFileTests {
    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("fusechat-jsonl-\(UUID().uuidString)/scores.jsonl")
    }

    static func score(_ i: Int) -> ScoreRecord {
        ScoreRecord(sampleId: "p/s/\(i)", scorer: "reward", scorerVersion: "rm@1", value: Double(i) / 10)
    }

    @Test("appends survive reopening; duplicate ids are never written twice")
    func appendAndReopen() throws {
        let url = Self.temporaryFile()
        let file = try JSONLFile<ScoreRecord>(url: url)
        #expect(try file.append((0..<5).map(Self.score)) == 5)
        #expect(try file.append([Self.score(3), Self.score(5), Self.score(5)]) == 1)
        let reopened = try JSONLFile<ScoreRecord>(url: url)
        #expect(reopened.records.map(\.sampleId) == (0...5).map { "p/s/\($0)" })
        #expect(reopened.contains("p/s/4#reward"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
    }

    @Test("a torn last line is dropped and truncated away; later appends start clean")
    func tornLine() throws {
        let url = Self.temporaryFile()
        try JSONLFile<ScoreRecord>(url: url).append([Self.score(0), Self.score(1)])
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"id":"p/s/2#reward","sample_id":"p/s"#.utf8))
        try handle.close()
        let repaired = try JSONLFile<ScoreRecord>(url: url)
        #expect(repaired.count == 2)
        try repaired.append(Self.score(2))
        let again = try JSONLFile<ScoreRecord>(url: url)
        #expect(again.records.map(\.sampleId) == ["p/s/0", "p/s/1", "p/s/2"])
    }

    @Test("a complete line that is not a record is an error naming the file, line and field")
    func corruptLine() throws {
        let url = Self.temporaryFile()
        try JSONLFile<ScoreRecord>(url: url).append(Self.score(0))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"id\": \"x\", \"scorer\": \"r\", \"scorer_version\": \"v\"}\n".utf8))
        try handle.close()
        #expect {
            _ = try JSONLFile<ScoreRecord>(url: url)
        } throws: { error in
            let text = "\(error)"
            return text.contains(url.path + ":2:") && text.contains("missing field 'sample_id'")
        }
    }

    @Test("records written by concurrent tasks are all present exactly once")
    func concurrentAppends() async throws {
        let url = Self.temporaryFile()
        let file = try JSONLFile<ScoreRecord>(url: url)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<50 { _ = try? file.append(Self.score((task * 50 + i) % 300)) }
                }
            }
        }
        let reopened = try JSONLFile<ScoreRecord>(url: url)
        #expect(reopened.count == 300)
        #expect(Set(reopened.records.map(\.id)).count == 300)
    }
}
