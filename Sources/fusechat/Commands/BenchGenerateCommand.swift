import ArgumentParser
import Foundation
import FuseModels
import FuseTensor
import FuseText

/// `fusechat bench generate`: prefill and decode tokens/s of the demo models (or given ones), next
/// to llama.cpp's `llama-bench` / `llama-batched-bench` on the same GGUF files, alternating.
struct BenchGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Prefill and decode tok/s (batch 1 and 8) vs llama.cpp on the same GGUF files.",
        discussion: """
            llama.cpp's tools are looked for in .deps/llama.cpp/bin (built by \
            scripts/build-llama-cpp.sh) or --llama-cpp DIR; without them only FuseChat is measured.
            """)

    @Argument(help: "Models (demo names or GGUF files).")
    var models: [String] = ["smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct"]
    @Option(name: .customLong("prompt-tokens"), help: "Prompt length for prefill (and before decoding).")
    var promptTokens = 256
    @Option(name: .customLong("gen-tokens"), help: "Decode steps per sequence.")
    var genTokens = 32
    @Option(name: .customLong("batch"), help: "Decode batch sizes (repeatable).")
    var batches: [Int] = [1, 8]
    @Option(help: "Threads for both engines.")
    var threads = Parallel.threadCount
    @Option(help: "Alternating rounds; medians are reported.")
    var rounds = 3
    @Option(name: .customLong("llama-cpp"), help: "Folder with llama-bench and llama-batched-bench.")
    var llamaCpp: String?
    @Option(name: .customLong("activations"),
            help: "Decode arithmetic to measure (repeatable): int8 (as llama.cpp) or float32 (transformers-exact).")
    var activations: [ActivationPrecision] = [.int8, .float32]

    /// The row of llama.cpp's decode at batch `b` (its only arithmetic), and of FuseChat's in `mode`.
    static func decodeRow(_ b: Int) -> String { "decode b\(b)" }
    static func decodeRow(_ b: Int, _ mode: ActivationPrecision) -> String { "\(decodeRow(b)) \(mode)" }

    func validate() throws {
        guard promptTokens > 0, genTokens > 0, rounds > 0, threads > 0, batches.allSatisfy({ $0 > 0 }), !activations.isEmpty else {
            throw ValidationError("--prompt-tokens, --gen-tokens, --rounds, --threads and --batch must be positive,"
                                  + " and --activations needs at least one of int8, float32")
        }
    }

    func run() throws {
        Parallel.threadCount = threads
        let reference = LlamaCppBench.found(in: llamaCpp)
        print("machine load (/proc/loadavg): \(loadAverage()); \(threads) threads; prompt \(promptTokens) tokens, \(genTokens) decode steps")
        print("reference: " + (reference.map { "llama.cpp tools in \($0.bin.path)" } ?? "none (run scripts/build-llama-cpp.sh)"))
        print(pad("model", 30) + pad("measure", 20) + pad("fusechat tok/s", 16) + pad("llama.cpp tok/s", 17) + "ratio")
        for name in models {
            let files = try ModelFiles.open(name)
            let tokenizer = try files.tokenizer()
            let prompt = Self.prompt(tokenizer: tokenizer, count: promptTokens)
            // Each row with the llama.cpp figure it is compared with: llama.cpp's decode (int8
            // activations, its only mode) is the reference of both arithmetics' rows.
            let rows = [(measure: "prefill", reference: "prefill")]
                + activations.flatMap { mode in batches.map { (measure: Self.decodeRow($0, mode), reference: Self.decodeRow($0)) } }
            let path: String? = if case .gguf(let p) = files.location { p } else { nil }
            var ours: [String: [Double]] = [:], theirs: [String: [Double]] = [:]
            var memory: GenerationBenchmark.Memory?
            for _ in 0..<rounds {
                // One model at a time, so the memory statement is one model's. Prefill (batches
                // over 8 tokens) runs the float GEMM in every mode: measured with the first.
                for (index, mode) in activations.enumerated() {
                    let bench = GenerationBenchmark(model: try ModelLoader.load(files.location, activations: mode),
                                                    prompt: prompt, genTokens: genTokens)
                    if index == 0 { ours["prefill", default: []].append(try bench.prefillTokensPerSecond()) }
                    for b in batches {
                        let run = try bench.decode(batch: b)
                        ours[Self.decodeRow(b, mode), default: []].append(run.tokensPerSecond)
                        if index == 0, b == batches.max() { memory = run.memory }
                    }
                }
                guard let reference, let path else { continue }
                let single = reference.single(model: path, promptTokens: promptTokens, genTokens: genTokens, threads: threads)
                if let p = single.prefill { theirs["prefill", default: []].append(p) }
                for b in batches {
                    let rate = b == 1 ? single.decode
                        : reference.batched(model: path, promptTokens: promptTokens, genTokens: genTokens, batch: b, threads: threads)
                    if let rate { theirs[Self.decodeRow(b), default: []].append(rate) }
                }
            }
            for (measure, referenceMeasure) in rows {
                let a = median(ours[measure] ?? [])
                let b = theirs[referenceMeasure].map(median)
                print(pad(name, 30) + pad(measure, 20) + pad(fmt(a), 16) + pad(b.map(fmt) ?? "-", 17) + (b.map { String(format: "%.2f", a / $0) } ?? "-"))
            }
            if let memory, let resident = memory.resident {
                let file = path.flatMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int } ?? 0
                let mb = { (bytes: Int) in String(format: "%.0f MB", Double(bytes) / 1_048_576) }
                print("  memory after decode b\(batches.max()!) (\(batches.max()!) × \(promptTokens + genTokens) tokens): resident \(mb(resident))"
                      + " = weights file \(mb(file)) + KV cache \(mb(memory.cache)) + \(mb(resident - file - memory.cache)) other")
            }
        }
        print("peak resident memory: fusechat \(Self.peakRSS(children: false)) (this process, every model above)"
              + (reference == nil ? "" : ", llama.cpp \(Self.peakRSS(children: true)) (its largest run)"))
        print("machine load after: \(loadAverage())")
    }

    /// Peak resident set size of this process or of its largest waited-for child, in MB.
    static func peakRSS(children: Bool) -> String {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t((children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue), &usage)
        let bytes = Double(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
        let bytes = Double(usage.ru_maxrss)  // bytes on macOS
        #endif
        return String(format: "%.0f MB", bytes / 1_048_576)
    }

    /// `count` tokens of ordinary English text (a paragraph repeated), so that both engines see
    /// the same kind of input; llama.cpp's tools use their own random prompt of the same length.
    static func prompt(tokenizer: BPETokenizer, count: Int) -> [Int] {
        let paragraph = """
            The quick brown fox jumps over the lazy dog while the committee reviews the quarterly \
            report on renewable energy, noting that wind and solar capacity grew faster than expected. 
            """
        let ids = tokenizer.encode(paragraph, addSpecialTokens: false)
        return (0..<count).map { ids[$0 % ids.count] }
    }
}
