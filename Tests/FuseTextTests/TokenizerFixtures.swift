import Foundation
import FuseFormats
@testable import FuseText

/// The parity corpus and Hugging Face's ids for it (written by scripts/fixtures/tokenizer_oracle.py).
struct OracleFixture: Decodable {
    let model: String
    let prefix: Int
    let ids: [[Int]]
    /// HF's decode(ids[prefix:]) where it differs from the input, by corpus index.
    let decoded: [String: String]
    /// The same with skip_special_tokens=True.
    let decoded_skip: [String: String]
}

enum TokenizerFixtures {
    static let demoModels = ["smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct"]

    static func url(_ name: String) throws -> URL {
        guard let dir = Bundle.module.resourceURL else { throw TokenizerError.unreadable(source: name, reason: "no test resource bundle") }
        return dir.appendingPathComponent("Fixtures/tokenizer/\(name)")
    }

    static let corpus: [String] = {
        let data = try! Data(contentsOf: try! url("corpus.json"))
        return try! JSONDecoder().decode([String].self, from: data)
    }()

    static func oracle(_ model: String) throws -> OracleFixture {
        try JSONDecoder().decode(OracleFixture.self, from: Data(contentsOf: url("\(model).json")))
    }

    /// `$FUSECHAT_HOME/models/NAME.gguf` (default `~/.cache/fusechat`), as the model store lays it out.
    static func modelPath(_ model: String) -> String {
        let env = ProcessInfo.processInfo.environment
        let home = env["FUSECHAT_HOME"] ?? (NSHomeDirectory() + "/.cache/fusechat")
        return home + "/models/\(model).gguf"
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: BPETokenizer] = [:]

    /// The demo model's tokenizer, built once per test process.
    static func tokenizer(_ model: String) throws -> BPETokenizer {
        lock.lock()
        defer { lock.unlock() }
        if let t = cache[model] { return t }
        let metadata = try GGUFFile(path: modelPath(model)).metadata
        let t = try TokenizerLoader.fromGGUF(metadata, source: model)
        cache[model] = t
        return t
    }
}
