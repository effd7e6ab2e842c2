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
        var wall: [Double] = [], cpu: [Double] = []
        var file: GGUFFile?
        for _ in 0..<max(runs, 1) {
            file = nil
            let (startWall, startCPU) = (DispatchTime.now().uptimeNanoseconds, Self.threadCPUNanoseconds())
            file = try GGUFFile(path: path)
            cpu.append(Double(Self.threadCPUNanoseconds() - startCPU) / 1e6)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - startWall) / 1e6)
        }
        let swift = (wall: median(wall), cpu: median(cpu))
        let python = pythonRuns > 0 ? Self.ggufPyMedians(path: path, runs: pythonRuns) : nil
        let keys = file?.metadataKeys.count ?? 0, tensors = file?.tensorInfos.count ?? 0
        if json {
            var object: [String: Any] = ["model": path, "runs": wall.count, "fusechat_ms": swift.wall, "fusechat_cpu_ms": swift.cpu,
                                         "metadata_keys": keys, "tensors": tensors]
            if let python { object["gguf_py_ms"] = python.wall; object["gguf_py_cpu_ms"] = python.cpu }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(path): \(keys) metadata keys, \(tensors) tensors")
        print(String(format: "fusechat GGUFFile    median %9.2f ms wall, %9.2f ms CPU over %d runs", swift.wall, swift.cpu, wall.count))
        if let python {
            print(String(format: "gguf-py GGUFReader   median %9.2f ms wall, %9.2f ms CPU over %d runs (%.0fx the CPU time)",
                         python.wall, python.cpu, pythonRuns, python.cpu / swift.cpu))
        } else if pythonRuns > 0 {
            print("gguf-py GGUFReader   not measured (no python with the gguf package found)")
        }
    }

    /// CPU time this thread has used (wall-clock time suffers when other processes hold the cores).
    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// gguf-py's median open time in milliseconds (wall, CPU), or `nil` if no python with `gguf` runs.
    static func ggufPyMedians(path: String, runs: Int) -> (wall: Double, cpu: Double)? {
        let script = """
            import sys, time, statistics
            from gguf import GGUFReader
            GGUFReader(sys.argv[1])
            w, c = [], []
            for _ in range(int(sys.argv[2])):
                s, p = time.perf_counter(), time.process_time()
                GGUFReader(sys.argv[1])
                c.append((time.process_time() - p) * 1000); w.append((time.perf_counter() - s) * 1000)
            print(statistics.median(w), statistics.median(c))
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
            let numbers = String(decoding: output, as: UTF8.self).split(separator: " ").compactMap {
                Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if process.terminationStatus == 0, numbers.count == 2 { return (numbers[0], numbers[1]) }
        }
        return nil
    }
}
