import ArgumentParser
import Foundation

/// `fusechat bench gemm`: GFLOP/s of the Swift GEMM on the demo models' layer shapes next to
/// numpy's matmul (OpenBLAS) measured alternately in the same run, and GB/s of the quantized
/// matrix-vector kernels.
struct BenchGemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "GEMM GFLOP/s vs numpy (OpenBLAS) on the demo models' shapes, and quantized matvec GB/s.")

    @Option(name: .customLong("threads"), help: "Thread counts to measure (repeatable).")
    var threadCounts: [Int] = [1, 2]
    @Option(help: "Tokens per prefill batch (the M of every shape).")
    var tokens = 512
    @Option(help: "Alternating rounds per shape; the medians are reported.")
    var rounds = 5
    @Option(help: "Python with numpy for the reference (default: .venv/bin/python, else python3).")
    var python: String?
    @Flag(help: "Skip the numpy reference.")
    var noNumpy = false
    @Flag(help: "Skip the quantized matrix-vector measurements.")
    var noQuantized = false

    func run() throws {
        try GemmBenchmark(threadCounts: threadCounts, tokens: tokens, rounds: rounds, python: python,
                          numpy: !noNumpy, quantized: !noQuantized).run()
    }
}
