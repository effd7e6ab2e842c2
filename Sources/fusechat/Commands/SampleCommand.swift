import ArgumentParser
import Foundation
import FuseData
import FuseSampling

/// `fusechat sample`: every source answers every prompt of the run, resumably.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Sample responses from each source for every prompt of a run (resumable; appends RUN/samples.jsonl).",
        discussion: """
        Each --source is comma-separated key=value pairs: name, url (OpenAI-compatible base URL \
        ending in /v1: vLLM, SGLang, llama.cpp server, Ollama, fusechat serve) or local (a model \
        run in-process: demo name, .gguf file or Hugging Face folder; batch=N samples decoded \
        together), model, n, preset \
        (\(SamplingPreset.allCases.map(\.rawValue).joined(separator: ", "))), temperature, top-p, top-k, \
        min-p, repetition-penalty, max-tokens, concurrency, server-n (false for servers without `n`), \
        seed, timeout, retries, api-key-env, domains (a+b).
        Examples: --source name=qwen,url=http://127.0.0.1:8000/v1,model=qwen,n=5,preset=fusechat3-qwen
                  --source name=gemma,local=gemma-3-270m,n=2,max-tokens=256
        """
    )
    @OptionGroup var runOptions: RunOptions
    @Option(name: .customLong("source"), help: "A source declaration (repeatable).") var sources: [String]
    @Flag(help: "No progress line.") var quiet = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one --source") }
    }

    func run() async throws {
        let specs = try sources.map { text throws(SourceSpecError) in try SourceSpec(parsing: text) }
        let prompts = try runOptions.folder.prompts().records
        guard !prompts.isEmpty else {
            throw ValidationError("\(runOptions.folder.promptsURL.path) has no prompts; run `fusechat prompts import` first")
        }
        let configs = try specs.map { spec throws(SourceSpecError) in try spec.config() }
        let report = try await Sampler(sources: configs, showProgress: !quiet).run(prompts: prompts, into: runOptions.folder)
        print("samples: \(report.written) written, \(report.alreadyDone) already done, \(report.failed) failed (see \(runOptions.folder.sampleFailuresURL.lastPathComponent))")
        if report.failed > 0 { throw ExitCode(2) }
    }
}
