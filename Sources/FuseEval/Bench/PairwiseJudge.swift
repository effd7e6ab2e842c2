import Foundation
import FuseData
import FuseSampling

/// Asks a judge model which of two outputs better follows an instruction, in the wording of
/// AlpacaEval's ranking prompt (`alpaca_eval_gpt4` / AlpacaFarm), greedy. The judge answers `Output (a)` or
/// `Output (b)`; anything else counts as no preference.
public struct PairwiseJudge: Sendable {
    public var judge: any ChatBackend
    public var settings: SamplingSettings

    public init(judge: any ChatBackend, settings: SamplingSettings = SamplingPreset.greedy.settings(maxTokens: 16)) {
        self.judge = judge
        self.settings = settings
    }

    public static let system = "You are a helpful assistant, that ranks models by the quality of their answers."

    /// The user turn, with the instruction and the two outputs in the given order.
    public static func prompt(instruction: String, a: String, b: String) -> String {
        """
        Select the output (a) or (b) that best matches the given instruction. Choose your preferred output, which can be subjective. Your answer should ONLY contain: Output (a) or Output (b). Here's an example:

        # Example:
        ## Instruction:
        Give a description of the following job: "ophthalmologist"

        ## Output (a):
        An ophthalmologist is a medical doctor who specializes in the diagnosis and treatment of eye diseases and conditions.

        ## Output (b):
        An ophthalmologist is a medical doctor who pokes and prods at your eyes while asking you to read letters from a chart.

        ## Which is best, Output (a) or Output (b)?
        Output (a)

        Here the answer is Output (a) because it provides a comprehensive and accurate description of the job of an ophthalmologist. In contrast, output (b) is more of a joke.

        # Task:
        Now is the real task, do not explain your answer, just say Output (a) or Output (b).

        ## Instruction:
        \(instruction)

        ## Output (a):
        \(a)

        ## Output (b):
        \(b)

        ## Which is best, Output (a) or Output (b)?
        """
    }

    /// Which output the judge's reply names: "a", "b", or nil when it names neither or both.
    public static func parse(_ reply: String) -> String? {
        let text = reply.lowercased()
        let a = text.contains("output (a)"), b = text.contains("output (b)")
        if a != b { return a ? "a" : "b" }
        let bare = text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return bare == "a" || bare == "b" ? bare : nil
    }

    /// The judge's choice between the two outputs ("a", "b" or nil) and its raw reply.
    public func choose(instruction: String, a: String, b: String) async throws(BackendError) -> (choice: String?, reply: String) {
        let messages: [ChatMessage] = [.system(Self.system), .user(Self.prompt(instruction: instruction, a: a, b: b))]
        let reply = try await judge.complete(messages: messages, n: 1, settings: settings, seed: 0).first?.text ?? ""
        return (Self.parse(reply), reply)
    }
}
