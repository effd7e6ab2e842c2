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
        @Argument(help: "Prompt files (.jsonl or .json).") var files: [String]

        func run() throws {
            let store = try runOptions.folder.prompts()
            var seen = Set(store.records.map { PromptImporter.dedupKey($0.messages) })
            for file in files {
                let result = try PromptImporter(defaultDomain: domain).importFile(URL(fileURLWithPath: file))
                let fresh = result.prompts.filter { seen.insert(PromptImporter.dedupKey($0.messages)).inserted }
                let added = try store.append(fresh)
                print("\(file): \(added) new prompts, \(result.prompts.count - fresh.count + result.duplicates) duplicates skipped")
            }
            print("\(runOptions.folder.promptsURL.path): \(store.count) prompts")
        }
    }
}

extension Domain: ExpressibleByArgument {}
