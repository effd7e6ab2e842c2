import ArgumentParser
import Foundation
import FuseModels

/// `fusechat bench train`: training tokens/s (forward + backward + AdamW) of the Float32 trainer
/// next to PyTorch (`transformers` on the same GGUF weights, float32, same thread count), each side
/// in its own child process per round, rounds alternating; reports medians, the ratio, and each
/// side's peak resident memory.
struct BenchTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training tokens/s and peak memory vs PyTorch (transformers) on the same weights.")

    @Argument(help: "A demo model name or a .gguf path (llama or qwen2).")
    var model = "smollm2-135m-instruct"
    @Option(help: "Tokens per sequence.")
    var length = 512
    @Option(help: "Sequences per step.")
    var batch = 1
    @Option(help: "Threads for both sides (FUSECHAT threads, torch.set_num_threads).")
    var threads = 2
    @Option(help: "Alternating rounds (one fresh process per side each round); the medians are reported.")
    var rounds = 2
    @Option(help: "Untimed warm-up steps per process.")
    var warmup = 1
    @Option(help: "Timed steps per process.")
    var steps = 2
    @Option(help: "Python with torch and transformers (default: .venv/bin/python, else python3).")
    var python: String?
    @Option(help: "The PyTorch side's script.")
    var script = "scripts/bench/train_torch.py"
    @Flag(help: "Skip the PyTorch reference.")
    var noReference = false
    @Flag(help: .hidden)
    var worker = false

    func run() throws {
        let path = try ModelStore().resolve(model).path
        if worker {
            let report = try SwiftTrainWorker(path: path, length: length, batch: batch, threads: threads,
                                              warmup: warmup, steps: steps).run()
            print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
            return
        }
        let shape = ["--length", "\(length)", "--batch", "\(batch)", "--threads", "\(threads)",
                     "--warmup", "\(warmup)", "--steps", "\(steps)"]
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var env = ProcessInfo.processInfo.environment
        env["OMP_NUM_THREADS"] = "\(threads)"
        env["TRANSFORMERS_VERBOSITY"] = "error"
        env["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        print("model: \(path), \(batch) × \(length) tokens per step, \(threads) threads, float32, AdamW")
        print("rounds: \(rounds) alternating (fresh process per side), \(warmup) warm-up + \(steps) timed steps each")
        print("machine load before (/proc/loadavg): \(loadAverage())")
        var ours: [TrainWorkerReport] = [], theirs: [TrainWorkerReport] = []
        for _ in 0..<rounds {
            ours.append(try runTrainWorker(executable: me, arguments: ["bench", "train", path, "--worker"] + shape))
            if !noReference {
                theirs.append(try runTrainWorker(executable: referencePython(python), arguments: [script, path] + shape,
                                                 environment: env))
            }
        }
        print("machine load after (/proc/loadavg): \(loadAverage())")
        let tokens = Double(batch * length)
        print(pad("side", 44) + pad("tok/s", 8) + pad("s/step", 8) + pad("load s", 8) + pad("peak MB", 9)
              + pad("train peak MB", 15) + "first loss")
        func row(_ reports: [TrainWorkerReport]) -> Double {
            let step = median(reports.flatMap(\.stepSeconds))
            let training = reports.compactMap(\.trainingPeakKib).max()
            let peak = (reports.compactMap(\.loadPeakKib) + [training ?? 0]).max()
            let mb = { (kib: Int?) in kib.map { String(format: "%.0f", Double($0) / 1024) } ?? "-" }
            print(pad(reports[0].side, 44) + pad(fmt(tokens / step), 8) + pad(String(format: "%.2f", step), 8)
                  + pad(fmt(median(reports.map(\.loadSeconds))), 8) + pad(mb(peak), 9) + pad(mb(training), 15)
                  + String(format: "%.5f", reports[0].losses.first ?? .nan))
            return tokens / step
        }
        let a = row(ours)
        if !theirs.isEmpty { print("ratio fusechat / torch tok/s: " + String(format: "%.2f", a / row(theirs))) }
    }
}
