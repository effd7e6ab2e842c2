import Foundation

/// The files of one export folder (relative path -> text) and notes for the user, built in memory
/// so tests can inspect them before anything touches the disk.
public struct ExportBundle: Sendable {
    public private(set) var files: [(path: String, text: String)] = []
    /// Things the user must know (e.g. a loss the tool cannot express).
    public private(set) var notes: [String] = []

    public init() {}

    public mutating func add(_ path: String, _ text: String) { files.append((path, text)) }
    public mutating func note(_ text: String) { notes.append(text) }

    /// Text of the file at `path`, if the bundle has it.
    public func text(_ path: String) -> String? { files.first { $0.path == path }?.text }

    /// Writes every file under `folder` (created as needed); `.sh` files are made executable.
    public func write(to folder: URL) throws(ExportError) {
        let manager = FileManager.default
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
                if path.hasSuffix(".sh") { try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
            } catch { throw .unwritable(url, error.localizedDescription) }
        }
    }
}

/// JSONL text of `records`, one compact JSON object per line.
func jsonl<T: Encodable>(_ records: [T]) -> String {
    let encoder = JSONEncoder.plain
    return records.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) + "\n" }.joined()
}

/// A POSIX shell script: strict mode, run from its own folder, then `lines` joined with line continuations.
func launchScript(_ comment: String, _ lines: [String]) -> String {
    "#!/usr/bin/env bash\n# \(comment)\nset -euo pipefail\ncd \"$(dirname \"$0\")\"\n"
        + lines.joined(separator: " \\\n    ") + "\n"
}
