import ArgumentParser
import Foundation
import FuseFormats
import FuseModels

/// `fusechat bench gguf-open MODEL`: median time to open and index a GGUF file (header, all
/// metadata, tensor table, memory map), next to gguf-py's `GGUFReader` on the same file.
struct BenchGGUFOpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gguf-open",
        abstract: "Median time to open and index a GGUF file, beside gguf-py's GGUFReader.",
        discussion: """
            Python with the `gguf` package is looked for at $FUSECHAT_PYTHON, then .venv/bin/python, \
            then python3; without it only FuseChat's time is printed.
            """
    )

    @Argument(help: "A demo model name or a .gguf path.") var model = "qwen2.5-coder-0.5b-instruct"
    @Option(help: "Timed runs (after one warm-up run).") var runs = 20
    @Option(help: "Timed runs of gguf-py's GGUFReader (0 to skip).") var pythonRuns = 3
    @Flag(help: "Print JSON for scripts.") var json = false

    func run() throws {
        let path = try ModelStore().resolve(model).path
        _ = try GGUFFile(path: path)
        var times: [Double] = []
        var file: GGUFFile?
        for _ in 0..<max(runs, 1) {
            file = nil
            let start = DispatchTime.now().uptimeNanoseconds
            file = try GGUFFile(path: path)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let swiftMedian = Self.median(times)
        let python = pythonRuns > 0 ? Self.ggufPyMedian(path: path, runs: pythonRuns) : nil
        let keys = file?.metadataKeys.count ?? 0, tensors = file?.tensorInfos.count ?? 0
        if json {
            var object: [String: Any] = ["model": path, "runs": times.count, "fusechat_ms": swiftMedian,
                                         "metadata_keys": keys, "tensors": tensors]
            if let python { object["gguf_py_ms"] = python }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(path): \(keys) metadata keys, \(tensors) tensors")
        print(String(format: "fusechat GGUFFile        median %8.2f ms over %d runs (min %.2f, max %.2f)",
                     swiftMedian, times.count, times.min()!, times.max()!))
        if let python {
            print(String(format: "gguf-py GGUFReader       median %8.2f ms over %d runs  (%.0fx)", python, pythonRuns, python / swiftMedian))
        } else if pythonRuns > 0 {
            print("gguf-py GGUFReader       not measured (no python with the gguf package found)")
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// gguf-py's median open time in milliseconds, or `nil` if no python with `gguf` runs.
    static func ggufPyMedian(path: String, runs: Int) -> Double? {
        let script = """
            import sys, time, statistics
            from gguf import GGUFReader
            GGUFReader(sys.argv[1])
            t = []
            for _ in range(int(sys.argv[2])):
                s = time.perf_counter(); GGUFReader(sys.argv[1]); t.append((time.perf_counter() - s) * 1000)
            print(statistics.median(t))
            """
        let env = ProcessInfo.processInfo.environment
        let candidates = [env["FUSECHAT_PYTHON"], ".venv/bin/python", "/usr/bin/python3"].compactMap { $0 }
        for python in candidates where FileManager.default.isExecutableFile(atPath: python) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script, path, String(runs)]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            if process.terminationStatus == 0,
               let ms = Double(String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                return ms
            }
        }
        return nil
    }
}
