import ArgumentParser

/// `fusechat check math|constraints|code`: run one scorer on a single item, for debugging a verdict.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Score one response with one verifier and print the verdict and why.",
        discussion: "Exit status: 0 when the response passes, 1 when it does not, 64 on a usage error.",
        subcommands: [CheckMathCommand.self, CheckConstraintsCommand.self, CheckCodeCommand.self]
    )
}
