import ArgumentParser
import Dispatch
import Foundation
import FuseFormats
import FuseModels
import FuseText

/// `fusechat bench tokenizer MODEL`: encoding throughput (tokens/s) of FuseChat's tokenizer on the
/// parity corpus, next to Hugging Face `tokenizers` (`encode_batch` in a Python subprocess), in
/// alternating rounds, at each thread count; reports medians and the ratio.
struct BenchTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer",
        abstract: "Tokenizer throughput vs Hugging Face tokenizers on the parity corpus (tokens/s).")

    @Argument(help: "A demo model name or a .gguf path.")
    var model: String
    @Option(help: "The corpus: a JSON list of strings.")
    var corpus = "Tests/FuseTextTests/Fixtures/tokenizer/corpus.json"
    @Option(name: .customLong("threads"), help: "Thread counts to measure (repeatable).")
    var threadCounts: [Int] = [1, 2]
    @Option(help: "Alternating rounds; the medians are reported.")
    var rounds = 5
    @Option(help: "Python with tokenizers and transformers (default: .venv/bin/python, else python3).")
    var python: String?
    @Option(help: "The Hugging Face side's script.")
    var script = "scripts/bench/tokenizer_hf.py"
    @Flag(help: "Skip the Hugging Face reference.")
    var noReference = false

    func run() throws {
        let path = try ModelStore().resolve(model).path
        let texts = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: corpus)))
        let loadStart = DispatchTime.now()
        let tokenizer = try TokenizerLoader.fromGGUF(GGUFFile(path: path).metadata, source: path)
        print("model: \(path)")
        print("corpus: \(corpus), \(texts.count) strings, \(texts.reduce(0) { $0 + $1.utf8.count }) bytes")
        print("tokenizer built in \(String(format: "%.2f", seconds(since: loadStart))) s")
        print("machine load (/proc/loadavg): \(loadAverage())")
        print(pad("threads", 9) + pad("fusechat tok/s", 16) + pad("HF tok/s", 14) + "ratio")
        for threads in threadCounts {
            let reference = noReference ? nil : try HFTokenizerProcess(python: referencePython(python), script: script,
                                                                        model: path, corpus: corpus, threads: threads)
            var ours: [Double] = [], theirs: [Double] = []
            var tokens = 0
            for _ in 0..<rounds {
                let start = DispatchTime.now()
                tokens = encodeAll(tokenizer, texts, threads: threads)
                ours.append(Double(tokens) / seconds(since: start))
                if let reference {
                    let (s, hfTokens) = try reference.run()
                    if hfTokens != tokens { print("warning: HF produced \(hfTokens) tokens, fusechat \(tokens)") }
                    theirs.append(Double(hfTokens) / s)
                }
            }
            reference?.close()
            let a = median(ours), b = theirs.isEmpty ? nil : median(theirs)
            print(pad("\(threads)", 9) + pad(String(format: "%.0f", a), 16)
                  + pad(b.map { String(format: "%.0f", $0) } ?? "-", 14) + (b.map { String(format: "%.2f", a / $0) } ?? "-"))
        }
        print("machine load after: \(loadAverage())")
    }

    /// Encodes every text (strings split round-robin over `threads`); returns the number of tokens.
    func encodeAll(_ tokenizer: some Tokenizer, _ texts: [String], threads: Int) -> Int {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: threads)
        defer { counts.deallocate() }
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var n = 0
            for i in stride(from: t, to: texts.count, by: threads) { n += tokenizer.encode(texts[i], addSpecialTokens: true).count }
            counts[t] = n
        }
        return counts.reduce(0, +)
    }
}

/// The Python side: one process per thread count (rayon's pool size is fixed at start).
final class HFTokenizerProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    init(python: String, script: String, model: String, corpus: String, threads: Int) throws {
        process.executableURL = URL(fileURLWithPath: python.contains("/") ? python : "/usr/bin/env")
        process.arguments = (python.contains("/") ? [] : [python]) + [script, model, corpus]
        var env = ProcessInfo.processInfo.environment
        env["RAYON_NUM_THREADS"] = "\(threads)"
        env["RAYON_RS_NUM_THREADS"] = "\(threads)"
        env["TOKENIZERS_PARALLELISM"] = threads > 1 ? "true" : "false"
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard try readLine() == "ready" else { throw ValidationError("\(script) did not start; run it by hand to see why") }
    }

    /// Seconds and token count of one encode_batch over the corpus.
    func run() throws -> (Double, Int) {
        input.fileHandleForWriting.write(Data("go\n".utf8))
        let parts = try readLine().split(separator: " ")
        guard parts.count == 2, let s = Double(parts[0]), let n = Int(parts[1]) else {
            throw ValidationError("unexpected answer from the Hugging Face script")
        }
        return (s, n)
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func readLine() throws -> String {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer = Data(buffer[(nl + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw ValidationError("the Hugging Face script exited early") }
            buffer.append(chunk)
        }
    }
}

