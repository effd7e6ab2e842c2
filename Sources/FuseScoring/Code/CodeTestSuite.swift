import Foundation

/// The tests a code answer must pass.
public enum CodeTestSuite: Sendable, Hashable {
    /// Python test code run after the answer in the same namespace: top-level asserts, or a
    /// HumanEval-style `check(candidate)` called with the function `entryPoint`. `prompt` is the
    /// HumanEval prompt (signature and docstring): it is put before an answer that does not define
    /// the entry point itself (a function-body completion), and its imports before one that does.
    case python(code: String, entryPoint: String? = nil, prompt: String? = nil)
    /// Standard-input / standard-output pairs: the answer is run as a script once per case and its
    /// output compared line by line (trailing whitespace and trailing blank lines ignored).
    case stdio([StdioCase])

    /// One input/output pair.
    public struct StdioCase: Sendable, Hashable, Codable {
        public var input: String
        public var output: String

        public init(input: String, output: String) {
            self.input = input
            self.output = output
        }
    }

    /// Reads a tests file: a `.json` object in one of the shapes below, or any other file as Python
    /// test code (a `check(candidate)` suite when `entryPoint` is given).
    ///
    /// JSON shapes: `{"code" | "test": "...", "entry_point"?: "...", "prompt"?: "..."}` (a prompt
    /// record's `tests`, or a HumanEval problem as is), `{"stdio" | "io": [{"input", "output"}]}`,
    /// or `{"inputs": [...], "outputs": [...]}` (APPS / CodeContests).
    public static func load(path: String, entryPoint: String? = nil) throws(CodeTestsError) -> CodeTestSuite {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        guard path.lowercased().hasSuffix(".json") else {
            return .python(code: String(decoding: data, as: UTF8.self), entryPoint: entryPoint)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw .badJSON(path: path, reason: "\(error.localizedDescription)")
        }
        return try parse(object, path: path, entryPoint: entryPoint)
    }

    /// Reads the JSON shapes of `load` from an already decoded object.
    public static func parse(_ object: Any, path: String, entryPoint: String? = nil) throws(CodeTestsError) -> CodeTestSuite {
        guard let fields = object as? [String: Any] else { throw .badJSON(path: path, reason: "a JSON object expected") }
        if let code = (fields["code"] ?? fields["test"]) as? String {
            return .python(code: code, entryPoint: entryPoint ?? fields["entry_point"] as? String,
                           prompt: fields["prompt"] as? String)
        }
        if let cases = (fields["stdio"] ?? fields["io"]) as? [Any] {
            var pairs: [StdioCase] = []
            for (index, item) in cases.enumerated() {
                guard let pair = item as? [String: Any], let input = pair["input"] as? String,
                      let output = pair["output"] as? String else {
                    throw .badJSON(path: path, reason: "case \(index): {\"input\": string, \"output\": string} expected")
                }
                pairs.append(StdioCase(input: input, output: output))
            }
            return .stdio(pairs)
        }
        if let inputs = fields["inputs"] as? [String], let outputs = fields["outputs"] as? [String] {
            guard inputs.count == outputs.count else {
                throw .badJSON(path: path, reason: "\(inputs.count) inputs but \(outputs.count) outputs")
            }
            return .stdio(zip(inputs, outputs).map(StdioCase.init))
        }
        throw .badJSON(path: path, reason: "expected \"code\"/\"test\" (Python tests), \"stdio\"/\"io\" (pairs) or \"inputs\"+\"outputs\"")
    }
}

/// Why a tests file could not be read.
public enum CodeTestsError: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadable(path: String)
    case badJSON(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "tests file \(path): cannot be read"
        case .badJSON(let path, let reason): return "tests file \(path): \(reason)"
        }
    }
}
