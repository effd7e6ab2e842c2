import Foundation
import FuseData
import FuseSampling

/// An LLM judge over any chat backend, for when no reward model is at hand: it rates a response
/// from 1 to 10 with MT-Bench's single-answer grading prompt (greedy), and the rating is the
/// score's value. Ratings step by whole points, so pair windows must be set on that scale.
public struct JudgeScorer: SampleScorer {
    public let name: String
    public let backend: any ChatBackend
    public var maxTokens: Int

    public var version: String { "judge:\(backend.identifier)" }

    public init(backend: any ChatBackend, name: String = "judge", maxTokens: Int = 512) {
        self.backend = backend
        self.name = name
        self.maxTokens = maxTokens
    }

    public func applies(to prompt: PromptRecord) -> Bool { true }

    static let system = """
    Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to \
    the user question displayed below. Your evaluation should consider factors such as the helpfulness, \
    relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by \
    providing a short explanation. Be as objective as possible. After providing your explanation, you must \
    rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: \
    "Rating: [[5]]".
    """

    /// The judge's conversation for one response.
    public static func messages(question: String, answer: String) -> [ChatMessage] {
        [.system(system),
         .user("[Question]\n\(question)\n\n[The Start of Assistant's Answer]\n\(answer)\n[The End of Assistant's Answer]")]
    }

    /// The last `[[n]]` rating in the judge's text, if it is between 1 and 10.
    public static func rating(in text: String) -> Double? {
        var found: Double?
        var rest = text[...]
        while let open = rest.range(of: "[["), let close = rest[open.upperBound...].range(of: "]]") {
            if let value = Double(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)),
               (1...10).contains(value) {
                found = value
            }
            rest = rest[close.upperBound...]
        }
        return found
    }

    public func score(_ sample: SampleRecord, for prompt: PromptRecord) async -> ScoreRecord {
        let settings = SamplingSettings(temperature: 0, topP: 1, maxTokens: maxTokens)
        do {
            let replies = try await backend.complete(messages: Self.messages(question: prompt.lastUserText, answer: sample.text),
                                                     n: 1, settings: settings, seed: 0)
            let text = replies.first?.text ?? ""
            guard let rating = Self.rating(in: text) else {
                return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, verdict: .error,
                                   details: "no [[rating]] in the judge's answer: \(text.suffix(200))")
            }
            return ScoreRecord(sampleId: sample.id, scorer: name, scorerVersion: version, value: rating,
                               details: String(text.suffix(500)))
        } catch {
            return .unavailable(sampleId: sample.id, scorer: name, scorerVersion: version,
                                details: "judge request failed: \(error)")
        }
    }
}
