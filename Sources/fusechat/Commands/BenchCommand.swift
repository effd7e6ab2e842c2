import ArgumentParser

/// `fusechat bench ...`: speed measurements anyone can rerun (figures go to docs/benchmarks.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of FuseChat's parts, beside the reference tools where available.",
        // One line per benchmark; each lives in Commands/Bench<Name>Command.swift.
        subcommands: [
            BenchGGUFOpenCommand.self,
            BenchGemmCommand.self,
            BenchGenerateCommand.self,
            BenchSamplerCommand.self,
            BenchScorersCommand.self,
            BenchTokenizerCommand.self,
            BenchTrainCommand.self,
        ]
    )
}
