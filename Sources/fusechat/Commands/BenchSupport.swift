import Foundation

// Helpers shared by the `fusechat bench` commands: timing, medians, table columns, machine load.

/// Mean seconds per call of `body` over `iterations` calls (after one warm-up call).
func time(_ iterations: Int, _ body: () -> Void) -> Double {
    body()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations)
}

/// Seconds since `start`.
func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// The median of `values` (the mean of the two middle values for an even count; 0 when empty).
func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// `x` with one decimal.
func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

/// `s` padded with spaces to `width` columns (and at least one space after it).
func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: max(width, s.count + 1), withPad: " ", startingAt: 0) }

/// The first three fields of /proc/loadavg (1, 5 and 15 minute load), or "unknown".
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// The Python that runs a reference tool: `explicit` if given, else `.venv/bin/python` in the
/// current folder (made by `scripts/fixtures/setup-venv.sh`), else the first `python3` on PATH.
func referencePython(_ explicit: String?) -> String {
    if let explicit { return explicit }
    let venv = FileManager.default.currentDirectoryPath + "/.venv/bin/python"
    if FileManager.default.isExecutableFile(atPath: venv) { return venv }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
    return path.split(separator: ":").map { "\($0)/python3" }
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/python3"
}

/// This process's resident memory now, in bytes (`/proc/self/statm`), or nil where there is none.
func residentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
