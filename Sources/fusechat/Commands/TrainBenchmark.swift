import Dispatch
import Foundation
import FuseFormats
import FuseTensor
import FuseTraining

/// One side's figures from a `fusechat bench train` worker process (its single JSON line).
struct TrainWorkerReport: Codable {
    var side: String
    var loadSeconds: Double
    /// Seconds of each timed step (warm-up steps excluded).
    var stepSeconds: [Double]
    /// The loss of every step, warm-up included (the first is before any update).
    var losses: [Double]
    /// Peak resident memory (VmHWM, KiB) at the end of loading, and during training alone.
    var loadPeakKib: Int?
    var trainingPeakKib: Int?

    enum CodingKeys: String, CodingKey {
        case side, losses
        case loadSeconds = "load_seconds", stepSeconds = "step_seconds"
        case loadPeakKib = "load_peak_kib", trainingPeakKib = "training_peak_kib"
    }
}

/// The Swift side of `fusechat bench train`, run in its own process: loads the GGUF model in
/// Float32 as `fusechat sft` does, then times full training steps on a synthetic batch.
struct SwiftTrainWorker {
    let path: String, length: Int, batch: Int, threads: Int, warmup: Int, steps: Int

    /// Token n of the flattened batch, shared with scripts/bench/train_torch.py.
    static func token(_ n: Int, vocabulary: Int) -> Int32 { Int32((n * 7919 + 17) % vocabulary) }

    func run() throws -> TrainWorkerReport {
        Parallel.threadCount = threads
        let start = DispatchTime.now()
        let model = try TrainableModel(gguf: GGUFFile(path: path))
        var optimizer = AdamW(parameterCount: model.parameters.count, weightDecay: 0.01)
        let vocabulary = model.configuration.vocabularySize
        let tokens = (0..<batch * length).map { Self.token($0, vocabulary: vocabulary) }
        // Each position predicts the next token of its own sequence (transformers' label shift).
        let targets = tokens.indices.map { $0 % length == length - 1 ? -1 : tokens[$0 + 1] }
        let loadSeconds = seconds(since: start)
        let loadPeak = ResidentMemory.peakKib()
        let reset = ResidentMemory.resetPeak()
        var times: [Double] = [], losses: [Double] = []
        for _ in 0..<warmup + steps {
            let t = DispatchTime.now()
            model.zeroGradients()
            let logProbabilities = try model.forward(tokens: tokens, targets: targets, batch: batch)
            let (loss, gradients) = SFTLoss.evaluate(logProbabilities: logProbabilities, targets: targets)
            try model.backward(logProbabilityGradients: gradients)
            optimizer.update(parameters: model.parameters, gradients: UnsafeBufferPointer(model.gradients),
                             learningRate: 1e-5)
            times.append(seconds(since: t))
            losses.append(loss)
        }
        return TrainWorkerReport(side: "fusechat (\(threads) threads)", loadSeconds: loadSeconds,
                                 stepSeconds: Array(times.dropFirst(warmup)), losses: losses,
                                 loadPeakKib: loadPeak, trainingPeakKib: reset ? ResidentMemory.peakKib() : nil)
    }
}

/// This process's peak resident memory from /proc/self/status, and its reset.
enum ResidentMemory {
    /// VmHWM in KiB, or nil where /proc is missing.
    static func peakKib() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs); false if refused.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
        return true
    }
}

/// Runs one worker process to completion and decodes the JSON line it prints last.
func runTrainWorker(executable: String, arguments: [String], environment: [String: String]? = nil) throws -> TrainWorkerReport {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    guard process.terminationStatus == 0, let last = lines.last,
          let report = try? JSONDecoder().decode(TrainWorkerReport.self, from: Data(last.utf8)) else {
        throw BenchTrainError.worker(command: ([executable] + arguments).joined(separator: " "),
                                     status: process.terminationStatus, output: lines.suffix(5).joined(separator: "\n"))
    }
    return report
}

/// A `fusechat bench train` worker that failed.
enum BenchTrainError: Error, CustomStringConvertible {
    case worker(command: String, status: Int32, output: String)

    var description: String {
        switch self {
        case let .worker(command, status, output):
            "benchmark worker `\(command)` exited with status \(status) without its JSON report; last output:\n\(output)"
        }
    }
}
