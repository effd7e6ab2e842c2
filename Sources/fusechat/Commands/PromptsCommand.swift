import ArgumentParser
import Foundation
import FuseData

/// `fusechat prompts import`: bring prompt files into a run.
struct PromptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "Import prompts into a run folder.",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read JSONL/JSON prompt files (messages, prompt, instruction/input, ShareGPT, question/problem shapes) into RUN/prompts.jsonl, dropping duplicates.")
        @OptionGroup var runOptions: RunOptions
        @Option(help: "Domain for records without a 'domain' field: \(Domain.allCases.map(\.rawValue).joined(separator: ", ")).")
        var domain: Domain = .instruction
        @Option(name: .customLong("per-domain"), help: "Keep at most this many prompts per domain in the run (first come, first kept).")
        var perDomain: Int?
        @Argument(help: "Prompt files (.jsonl or .json).") var files: [String]

        func validate() throws {
            if let perDomain, perDomain < 1 { throw ValidationError("--per-domain must be at least 1") }
        }

        func run() throws {
            let store = try runOptions.folder.prompts()
            let summaries = try PromptImporter(defaultDomain: domain)
                .importFiles(files.map { URL(fileURLWithPath: $0) }, into: store, perDomain: perDomain)
            for s in summaries {
                print("\(s.file): \(s.added) new prompts, \(s.duplicates) duplicates skipped"
                      + (s.overCap > 0 ? ", \(s.overCap) over the per-domain cap" : ""))
            }
            print("\(runOptions.folder.promptsURL.path): \(store.count) prompts")
        }
    }
}

extension Domain: ExpressibleByArgument {}
