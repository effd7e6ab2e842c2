/// A prompt of a fusion run: the conversation to answer plus what its scorers need.
public struct PromptRecord: Codable, Sendable, Hashable, Identifiable {
    /// Tests that a code answer must pass.
    public struct CodeTests: Codable, Sendable, Hashable {
        /// Python test code (asserts, or a HumanEval-style `check(candidate)` function).
        public var code: String
        /// Function under test for `check(candidate)` style tests.
        public var entryPoint: String?

        public init(code: String, entryPoint: String? = nil) {
            self.code = code
            self.entryPoint = entryPoint
        }

        enum CodingKeys: String, CodingKey {
            case code
            case entryPoint = "entry_point"
        }
    }

    /// Stable id: a hash of the domain and the normalized prompt text unless the source gave one.
    public var id: String
    public var domain: Domain
    public var messages: [ChatMessage]
    /// Gold final answer (math).
    public var reference: String?
    /// Tests (code).
    public var tests: CodeTests?
    /// Where the prompt came from (`file.jsonl:17`, a dataset name...).
    public var origin: String?
    /// IFEval-style verifiable instructions attached to the prompt, if any.
    public var instructionIds: [String]?
    /// The arguments of each instruction (IFEval's `kwargs`), parallel to `instructionIds`.
    public var instructionKwargs: [AnyJSON]?

    public init(id: String, domain: Domain, messages: [ChatMessage], reference: String? = nil,
                tests: CodeTests? = nil, origin: String? = nil, instructionIds: [String]? = nil,
                instructionKwargs: [AnyJSON]? = nil) {
        self.id = id
        self.domain = domain
        self.messages = messages
        self.reference = reference
        self.tests = tests
        self.origin = origin
        self.instructionIds = instructionIds
        self.instructionKwargs = instructionKwargs
    }

    enum CodingKeys: String, CodingKey {
        case id, domain, messages, reference, tests, origin
        case instructionIds = "instruction_ids"
        case instructionKwargs = "instruction_kwargs"
    }

    /// The text of the last user turn, the part a pair's `prompt` ends with.
    public var lastUserText: String { messages.last { $0.role == "user" }?.content ?? "" }
}
