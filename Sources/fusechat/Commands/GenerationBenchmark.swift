import Foundation
import FuseModels
import FuseTensor

/// Prefill and decode throughput of one model in FuseChat's engine, measured on the forward pass
/// and KV cache directly (no sampling, no stop tokens: every sequence runs `genTokens` steps).
struct GenerationBenchmark {
    let model: any LanguageModel
    /// The prompt fed to prefill (and shared by the decoded sequences).
    let prompt: [Int]
    let genTokens: Int

    /// Prompt tokens per second: the whole prompt in one forward pass, into an empty cache.
    func prefillTokensPerSecond() throws -> Double {
        let cache = model.makeCache(sequences: 1, capacity: prompt.count + 1)
        let start = DispatchTime.now()
        _ = try model.forward(.prefill(prompt), cache: cache)
        return Double(prompt.count) / seconds(since: start)
    }

    /// Resident memory right after the last decode step, and the part of it the KV cache holds.
    struct Memory {
        var resident: Int?
        var cache: Int
    }

    /// Generated tokens per second over `batch` sequences decoding together after the prompt
    /// (prefilled once and copied to every slot; the prefill is not timed), and the memory in use
    /// at the end. Each step feeds every sequence its greedy next token.
    func decode(batch: Int) throws -> (tokensPerSecond: Double, memory: Memory) {
        let cache = model.makeCache(sequences: batch, capacity: prompt.count + genTokens + 1)
        let first = try model.forward(.prefill(prompt), cache: cache)
        for s in 1..<max(1, batch) { cache.copy(sequence: 0, to: s) }
        var next = Array(repeating: argmax(first.row(0)), count: batch)
        let slots = Array(0..<batch)
        let start = DispatchTime.now()
        for step in 0..<genTokens {
            let logits = try model.forward(.decode(next, sequences: slots, positions: Array(repeating: prompt.count + step, count: batch)),
                                           cache: cache)
            next = slots.map { argmax(logits.row($0)) }
        }
        let rate = Double(batch * genTokens) / seconds(since: start)
        return (rate, Memory(resident: residentBytes(), cache: cache.cachedBytes))
    }

    private func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}

/// llama.cpp's own benchmark tools (`llama-bench`, `llama-batched-bench`) run on the same GGUF
/// file, as the reference for `GenerationBenchmark`.
struct LlamaCppBench {
    let bin: URL

    /// The default place `scripts/build-llama-cpp.sh` puts the tools, if they are there.
    static func found(in directory: String?) -> LlamaCppBench? {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let candidates = directory.map { [URL(fileURLWithPath: $0)] }
            ?? [root.appendingPathComponent(".deps/llama.cpp/bin")]
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("llama-bench").path) {
            return LlamaCppBench(bin: dir)
        }
        return nil
    }

    /// (prefill tok/s, decode tok/s at batch 1) from one repetition of `llama-bench`: prefill from an
    /// empty context, decode after `promptTokens` tokens of context (`-d`, as FuseChat decodes after
    /// its prompt; llama-bench's plain `-n` test would decode from an empty cache).
    func single(model: String, promptTokens: Int, genTokens: Int, threads: Int) -> (prefill: Double?, decode: Double?) {
        guard let text = run("llama-bench", ["-m", model, "-p", "\(promptTokens)", "-n", "\(genTokens)", "-t", "\(threads)",
                                             "-d", "0,\(promptTokens)", "-r", "1", "-o", "json"]),
              let start = text.firstIndex(of: "["),
              let rows = try? JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [[String: Any]] else { return (nil, nil) }
        func rate(depth: Int, _ wanted: (Int, Int) -> Bool) -> Double? {
            rows.first {
                ($0["n_depth"] as? Int ?? 0) == depth && wanted(($0["n_prompt"] as? Int) ?? -1, ($0["n_gen"] as? Int) ?? -1)
            }?["avg_ts"] as? Double
        }
        return (rate(depth: 0) { p, g in p == promptTokens && g == 0 }, rate(depth: promptTokens) { p, g in p == 0 && g == genTokens })
    }

    /// Decode tok/s of `batch` sequences sharing one prompt, from `llama-batched-bench`.
    func batched(model: String, promptTokens: Int, genTokens: Int, batch: Int, threads: Int) -> Double? {
        // llama-batched-bench reserves prompt + generated tokens for every sequence, even with the
        // prompt shared (-pps); a smaller context makes it skip the measurement without a word.
        let context = batch * (promptTokens + genTokens + 8)
        guard let text = run("llama-batched-bench", ["-m", model, "-c", "\(context)", "-npp", "\(promptTokens)",
                                                     "-ntg", "\(genTokens)", "-npl", "\(batch)", "-pps", "-t", "\(threads)",
                                                     "-tb", "\(threads)", "--output-format", "jsonl"]) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            if let row = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
               let speed = row["speed_tg"] as? Double { return speed }
        }
        return nil
    }

    /// Standard output of a tool, or nil when it fails.
    private func run(_ tool: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = bin.appendingPathComponent(tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
