import ArgumentParser

/// The `fusechat` command-line tool: fuse several heterogeneous source LLMs into one target LLM
/// (FuseChat-3.0), and the tools around it.
@main
struct FuseChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusechat",
        abstract: "Fuse heterogeneous LLMs into a compact target model (FuseChat-3.0), on the CPU.",
        version: "0.1.0",
        // One line per subcommand; each lives in Commands/<Name>Command.swift.
        subcommands: [
            DemoCommand.self,
            GenerateCommand.self,
            ChatCommand.self,
            ServeCommand.self,
            RunCommand.self,
            ModelsCommand.self,
            PromptsCommand.self,
            SampleCommand.self,
            ScoreCommand.self,
            PairsCommand.self,
            CheckCommand.self,
            BenchCommand.self,
            InspectCommand.self,
            TokenizeCommand.self,
            DetokenizeCommand.self,
            TemplateCommand.self,
            EvalCommand.self,
            DataCommand.self,
            ExportCommand.self,
            SftCommand.self,
            DpoCommand.self,
        ]
    )
}
