import Foundation

/// A long-lived Python subprocess timing numpy's matmul (OpenBLAS) on request, so that numpy and
/// the Swift kernels can be measured alternately in the same run.
final class NumpyMatmulReference {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer = Data()
    /// What numpy runs on (threadpoolctl's report, or the numpy version when it is missing).
    private(set) var kernelInfo = ""

    private static let script = #"""
import sys, time, json
import numpy as np
try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None
np.ones((8, 8)) @ np.ones((8, 8))
if threadpool_info:
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    info = "; ".join(f"{p.get('internal_api')} {p.get('version')} kernel {p.get('architecture')} ({p.get('num_threads')} threads max)" for p in pools)
else:
    info = f"numpy {np.__version__} (threadpoolctl not installed: BLAS kernel unknown)"
print(json.dumps({"info": info}), flush=True)
rng = np.random.default_rng(0)
for line in sys.stdin:
    m, n, k, threads, iters = map(int, line.split())
    a = rng.standard_normal((m, k), dtype=np.float32)
    w = rng.standard_normal((n, k), dtype=np.float32)
    def run():
        a @ w.T
        t = time.perf_counter()
        for _ in range(iters):
            a @ w.T
        return (time.perf_counter() - t) / iters
    if threadpool_limits:
        with threadpool_limits(limits=threads, user_api="blas"):
            seconds = run()
    else:
        seconds = run()
    print(json.dumps({"seconds": seconds}), flush=True)
"""#

    /// Starts `python` with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment
    /// (they may pin OpenBLAS to a kernel for another CPU) and OPENBLAS_NUM_THREADS = `maxThreads`.
    init(python: String, maxThreads: Int) throws {
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script]
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_CORETYPE"] = nil
        env["OPENBLAS_L2_SIZE"] = nil
        env["OPENBLAS_NUM_THREADS"] = String(maxThreads)
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        kernelInfo = try readReply()["info"] as? String ?? "?"
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Mean seconds of one `[m,k] @ [n,k]ᵀ` float32 product over `iterations` runs.
    func seconds(m: Int, n: Int, k: Int, threads: Int, iterations: Int) throws -> Double {
        input.fileHandleForWriting.write(Data("\(m) \(n) \(k) \(threads) \(iterations)\n".utf8))
        guard let s = try readReply()["seconds"] as? Double else { throw BenchError.reference("no timing from numpy") }
        return s
    }

    private func readReply() throws -> [String: Any] {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any] else {
                    throw BenchError.reference("unreadable reply from numpy: \(String(decoding: line, as: UTF8.self))")
                }
                return object
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw BenchError.reference("the numpy subprocess exited (is numpy installed for this python?)") }
            buffer.append(chunk)
        }
    }
}

/// Errors of the benchmark commands.
enum BenchError: Error, CustomStringConvertible {
    case reference(String)
    var description: String {
        switch self {
        case .reference(let message): return "reference run failed: \(message)"
        }
    }
}
