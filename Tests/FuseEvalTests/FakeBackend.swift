import Foundation
import FuseData
import FuseSampling

/// A `ChatBackend` answering from a closure over the last user message, counting its calls and
/// recording the settings it was given; `failFirst` transient failures happen before any answer.
final class FakeBackend: ChatBackend, @unchecked Sendable {
    let identifier = "fake:test"
    let supportsMultipleChoices = false
    private let lock = NSLock()
    private var calls = 0
    private var failuresLeft: Int
    private(set) var lastSettings: SamplingSettings?
    private let answer: @Sendable ([ChatMessage]) -> String

    init(failFirst: Int = 0, answer: @escaping @Sendable ([ChatMessage]) -> String) {
        failuresLeft = failFirst
        self.answer = answer
    }

    var callCount: Int { lock.withLock { calls } }

    func complete(messages: [ChatMessage], n: Int, settings: SamplingSettings, seed: UInt64?) async throws(BackendError) -> [Completion] {
        let fail: Bool = lock.withLock {
            calls += 1
            lastSettings = settings
            if failuresLeft > 0 { failuresLeft -= 1; return true }
            return false
        }
        if fail { throw .transient(detail: "503 from the fake", retryAfter: 0) }
        return [Completion(text: answer(messages), finishReason: "stop", tokenCount: nil)]
    }
}
