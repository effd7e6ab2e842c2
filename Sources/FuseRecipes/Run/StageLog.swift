import Foundation

/// Which stages of a run are finished: `RUN/stages/<stage>.json` holds when each finished and how
/// long it took. A stage with a record is skipped on rerun; a stage without one is run again and
/// resumes from its own partial outputs (append-only JSONL, checkpoints).
public struct StageLog: Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        public var stage: String
        public var finished: Date
        public var seconds: Double
    }

    public let folder: URL

    public init(run: URL) { folder = run.appendingPathComponent("stages", isDirectory: true) }

    public func entry(_ stage: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: url(stage).path) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Entry.self, from: data)
    }

    public func isDone(_ stage: String) -> Bool { entry(stage) != nil }

    /// Records `stage` as finished (written atomically).
    public func markDone(_ stage: String, seconds: Double) throws(RecipeError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try encoder.encode(Entry(stage: stage, finished: Date(), seconds: seconds)).write(to: url(stage), options: .atomic)
        } catch { throw .stage(stage, detail: "cannot record completion: \(error)") }
    }

    /// Every finished stage, in order of completion.
    public func all() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.compactMap { entry(String($0.dropLast(5))) }.sorted { $0.finished < $1.finished }
    }

    private func url(_ stage: String) -> URL { folder.appendingPathComponent("\(stage).json") }
}
