import Foundation
@testable import FuseScoring

/// Looks at the host from outside the sandbox: which processes exist, which files.
enum SandboxProbes {
    /// A word no process or file on the host has by accident.
    static func marker() -> String { "fusechat-probe-" + UUID().uuidString.prefix(8).lowercased() }

    /// Host pids whose command line contains `marker`, or whose real uid is `uid`.
    static func processes(marker: String, uid: UInt32? = nil) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            if String(decoding: cmdline, as: UTF8.self).contains(marker) { return true }
            guard let uid, let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
            let line = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }
            return line?.split(separator: "\t").dropFirst().first.map(String.init) == String(uid)
        }
    }

    /// Decodes the JSON object a probe program printed as its last line.
    static func json(_ result: SandboxResult) -> [String: Any] {
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }
}
