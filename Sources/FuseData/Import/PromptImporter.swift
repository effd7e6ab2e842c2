import Crypto
import Foundation

/// Reads prompts from JSONL or JSON files in the shapes datasets commonly use, and gives each a
/// stable id from its normalized text, dropping duplicates.
///
/// Recognized shapes, per line or array element:
/// - `{"messages": [{"role", "content"}, ...]}` (a trailing assistant turn is dropped: it is an answer)
/// - `{"prompt": "text"}` or `{"prompt": [messages]}`
/// - `{"instruction": "...", "input": "..."}` (Alpaca: the two joined by a blank line)
/// - `{"conversations": [{"from": "human"|"gpt"|"system", "value": ...}]}` (ShareGPT)
/// - `{"question": ...}` / `{"problem": ...}` (GSM8K, MATH)
///
/// Optional fields carried along: `id`, `domain`, the gold answer in `reference`, `gold`,
/// `expected_answer`, `answer` (GSM8K's `#### 42` tail is extracted) or `solution` (its last
/// `\boxed{}`), code tests in `tests`/`test` with `entry_point`, IFEval's `instruction_id_list`
/// and `kwargs`.
public struct PromptImporter: Sendable {
    /// Domain for records that carry none.
    public var defaultDomain: Domain
    /// A label recorded in each prompt's `origin` (defaults to the file name).
    public var originLabel: String?

    public init(defaultDomain: Domain = .instruction, originLabel: String? = nil) {
        self.defaultDomain = defaultDomain
        self.originLabel = originLabel
    }

    /// The outcome of an import: new prompts, and how many duplicates were dropped.
    public struct Result: Sendable {
        public var prompts: [PromptRecord]
        public var duplicates: Int
    }

    /// Reads a `.jsonl` or `.json` file.
    public func importFile(_ url: URL) throws(PromptImportError) -> Result {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, detail: "\(error.localizedDescription)")
        }
        // Parquet files start (and end) with the magic "PAR1". No Swift Parquet reader is among
        // this project's dependencies, so they get a clear way out instead of a JSON error.
        if data.starts(with: Array("PAR1".utf8)) {
            throw .unsupportedFormat(path: url.path, detail: "Parquet is not read; convert it to JSONL first, e.g. python3 -c "
                + "\"import pandas as p; p.read_parquet('in.parquet').to_json('out.jsonl', orient='records', lines=True)\"")
        }
        let label = originLabel ?? url.lastPathComponent
        let objects = try Self.objects(in: data, path: url.path)
        var seen = Set<String>()
        var prompts: [PromptRecord] = []
        var duplicates = 0
        for (line, object) in objects {
            let prompt = try record(from: object, path: url.path, line: line, origin: "\(label):\(line)")
            if seen.insert(Self.dedupKey(prompt.messages)).inserted {
                prompts.append(prompt)
            } else {
                duplicates += 1
            }
        }
        return Result(prompts: prompts, duplicates: duplicates)
    }

    /// The key two prompts share when they are duplicates: the hash of their normalized text.
    public static func dedupKey(_ messages: [ChatMessage]) -> String {
        let text = messages.map { "\($0.role):\(normalize($0.content))" }.joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Lowercased, whitespace runs collapsed to one space, trimmed.
    public static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func objects(in data: Data, path: String) throws(PromptImportError) -> [(Int, [String: Any])] {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        if firstByte == UInt8(ascii: "[") {
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                throw .invalidJSON(path: path, line: 1, detail: "expected a JSON array of objects")
            }
            var result: [(Int, [String: Any])] = []
            for (i, element) in array.enumerated() {
                guard let object = element as? [String: Any] else {
                    throw .invalidJSON(path: path, line: i + 1, detail: "element \(i) is not an object")
                }
                result.append((i + 1, object))
            }
            return result
        }
        var result: [(Int, [String: Any])] = []
        for (i, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                throw .invalidJSON(path: path, line: i + 1, detail: "not a JSON object")
            }
            result.append((i + 1, object))
        }
        return result
    }

    func record(from object: [String: Any], path: String, line: Int, origin: String) throws(PromptImportError) -> PromptRecord {
        func fail(_ field: String, _ expected: String) -> PromptImportError {
            .invalidField(path: path, line: line, field: field, expected: expected)
        }
        var messages: [ChatMessage]
        if let raw = object["messages"] {
            messages = try Self.messages(raw, field: "messages", fail: fail)
            while messages.last?.role == "assistant" { messages.removeLast() }
        } else if let raw = object["conversations"] {
            guard let turns = raw as? [[String: Any]] else { throw fail("conversations", "a list of {from, value} objects") }
            messages = []
            for (i, turn) in turns.enumerated() {
                guard let from = turn["from"] as? String, let value = turn["value"] as? String else {
                    throw fail("conversations[\(i)]", "an object with string 'from' and 'value'")
                }
                let role = ["human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant",
                            "system": "system"][from]
                guard let role else { throw fail("conversations[\(i)].from", "human, gpt or system") }
                messages.append(ChatMessage(role: role, content: value))
            }
            while messages.last?.role == "assistant" { messages.removeLast() }
        } else if let raw = object["prompt"] {
            if let text = raw as? String {
                messages = [.user(text)]
            } else {
                messages = try Self.messages(raw, field: "prompt", fail: fail)
            }
        } else if let instruction = object["instruction"] {
            guard let text = instruction as? String else { throw fail("instruction", "a string") }
            let input = (object["input"] as? String) ?? ""
            messages = [.user(input.isEmpty ? text : text + "\n\n" + input)]
        } else if let question = (object["question"] ?? object["problem"]) {
            guard let text = question as? String else { throw fail("question", "a string") }
            messages = [.user(text)]
        } else {
            throw .unknownShape(path: path, line: line, keys: object.keys.sorted())
        }
        guard messages.contains(where: { $0.role == "user" }) else { throw fail("messages", "at least one user turn") }
        if messages.contains(where: { $0.content.isEmpty && $0.role == "user" }) { throw fail("messages", "non-empty user turns") }

        var domain = defaultDomain
        if let raw = object["domain"] {
            guard let name = raw as? String, let parsed = Domain(rawValue: name) else {
                throw fail("domain", "one of \(Domain.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            domain = parsed
        }
        let reference = Self.reference(in: object)
        var tests: PromptRecord.CodeTests?
        if let raw = object["tests"] ?? object["test"] {
            if let code = raw as? String {
                tests = .init(code: code, entryPoint: object["entry_point"] as? String)
            } else if let list = raw as? [String] {
                tests = .init(code: list.joined(separator: "\n"), entryPoint: object["entry_point"] as? String)
            } else {
                throw fail("tests", "test code as a string or a list of strings")
            }
        }
        var instructionIds: [String]?
        if let raw = object["instruction_id_list"] {
            guard let ids = raw as? [String] else { throw fail("instruction_id_list", "a list of strings") }
            instructionIds = ids
        }
        var instructionKwargs: [AnyJSON]?
        if let raw = object["kwargs"] {
            guard let data = try? JSONSerialization.data(withJSONObject: raw),
                  let list = try? JSONDecoder().decode([AnyJSON].self, from: data),
                  list.count == instructionIds?.count else {
                throw fail("kwargs", "a list of objects, one per entry of instruction_id_list")
            }
            instructionKwargs = list
        }
        let id: String
        if let given = object["id"] {
            if let s = given as? String { id = s } else if let n = given as? Int { id = String(n) } else {
                throw fail("id", "a string or an integer")
            }
        } else {
            id = "p-" + Self.dedupKey(messages)
        }
        return PromptRecord(id: id, domain: domain, messages: messages, reference: reference, tests: tests,
                            origin: origin, instructionIds: instructionIds, instructionKwargs: instructionKwargs)
    }

    static func messages(_ raw: Any, field: String, fail: (String, String) -> PromptImportError) throws(PromptImportError) -> [ChatMessage] {
        guard let list = raw as? [[String: Any]] else { throw fail(field, "a list of {role, content} objects") }
        var messages: [ChatMessage] = []
        for (i, item) in list.enumerated() {
            guard let role = item["role"] as? String, let content = item["content"] as? String else {
                throw fail("\(field)[\(i)]", "an object with string 'role' and 'content'")
            }
            messages.append(ChatMessage(role: role, content: content))
        }
        return messages
    }

    static func reference(in object: [String: Any]) -> String? {
        for key in ["reference", "gold", "expected_answer", "final_answer"] {
            if let s = object[key] as? String { return s }
            if let n = object[key] as? NSNumber { return n.stringValue }
        }
        if let answer = object["answer"] as? String {
            if let range = answer.range(of: "####", options: .backwards) {
                return answer[range.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return answer
        }
        if let n = object["answer"] as? NSNumber { return n.stringValue }
        if let solution = object["solution"] as? String { return lastBoxed(solution) }
        return nil
    }

    /// The content of the last `\boxed{...}` (braces balanced), if any.
    static func lastBoxed(_ text: String) -> String? {
        guard let start = text.range(of: "\\boxed{", options: .backwards) else { return nil }
        var depth = 1
        var index = start.upperBound
        while index < text.endIndex {
            let c = text[index]
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1; if depth == 0 { return String(text[start.upperBound..<index]) } }
            index = text.index(after: index)
        }
        return nil
    }
}

/// Why a prompt file could not be imported.
public enum PromptImportError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, detail: String)
    case unsupportedFormat(path: String, detail: String)
    case invalidJSON(path: String, line: Int, detail: String)
    case unknownShape(path: String, line: Int, keys: [String])
    case invalidField(path: String, line: Int, field: String, expected: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let detail): return "\(path): cannot read: \(detail)"
        case .unsupportedFormat(let path, let detail): return "\(path): \(detail)"
        case .invalidJSON(let path, let line, let detail): return "\(path):\(line): \(detail)"
        case .unknownShape(let path, let line, let keys):
            return "\(path):\(line): unknown record shape (keys: \(keys.joined(separator: ", "))); expected messages, prompt, instruction/input, conversations, question or problem"
        case .invalidField(let path, let line, let field, let expected):
            return "\(path):\(line): field '\(field)' should be \(expected)"
        }
    }
}
