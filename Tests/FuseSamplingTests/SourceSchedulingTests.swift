import Foundation
import FuseData
import Testing
@testable import FuseSampling

/// Counts how many sources are answering at the same moment.
actor ActivityLog {
    private var active: [String: Int] = [:]
    private(set) var mostSourcesAtOnce = 0
    private(set) var overlapWithRemote = false

    func begin(_ source: String) {
        active[source, default: 0] += 1
        let busy = active.filter { $0.value > 0 }.keys
        mostSourcesAtOnce = max(mostSourcesAtOnce, busy.filter { $0 != "remote" }.count)
        if busy.contains("remote") && busy.count > 1 { overlapWithRemote = true }
    }
    func end(_ source: String) { active[source, default: 0] -= 1 }
}

/// A backend that takes a little time per request and reports to the log.
struct TimedBackend: ChatBackend {
    let name: String
    let local: Bool
    let log: ActivityLog
    var identifier: String { "test:\(name)" }
    var supportsMultipleChoices: Bool { true }
    var runsOnThisMachine: Bool { local }

    func complete(messages: [ChatMessage], n: Int, settings: SamplingSettings, seed: UInt64?) async throws(BackendError) -> [Completion] {
        await log.begin(name)
        try? await Task.sleep(nanoseconds: 5_000_000)
        await log.end(name)
        return (0..<n).map { Completion(text: "\(name) answer \($0)", finishReason: "stop", tokenCount: 3) }
    }
}

@Suite("Sampler scheduling of in-process and endpoint sources")
struct SourceSchedulingTests {
    @Test("in-process sources take turns (never two at once); endpoint sources run alongside them; every sample is written")
    func localSourcesTakeTurns() async throws {
        let log = ActivityLog()
        let sources = [
            SourceConfig(name: "a", backend: TimedBackend(name: "a", local: true, log: log), samplesPerPrompt: 2, concurrency: 4),
            SourceConfig(name: "remote", backend: TimedBackend(name: "remote", local: false, log: log), samplesPerPrompt: 2, concurrency: 4),
            SourceConfig(name: "b", backend: TimedBackend(name: "b", local: true, log: log), samplesPerPrompt: 2, concurrency: 4),
        ]
        let folder = RunFolder(FileManager.default.temporaryDirectory.appendingPathComponent("fusechat-sched-\(UUID().uuidString)"))
        let prompts = (0..<12).map { PromptRecord(id: "p\($0)", domain: .instruction, messages: [.user("question \($0)")]) }
        let report = try await Sampler(sources: sources, showProgress: false).run(prompts: prompts, into: folder)
        #expect(report.written == 12 * 2 * 3 && report.failed == 0)
        #expect(await log.mostSourcesAtOnce == 1)
        #expect(await log.overlapWithRemote)
        #expect(Set(try folder.samples().records.map(\.source)) == ["a", "b", "remote"])
    }
}
