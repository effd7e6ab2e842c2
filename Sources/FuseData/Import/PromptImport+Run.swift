import Foundation

extension PromptImporter {
    /// What adding one file's prompts to a run's prompt store did.
    public struct FileSummary: Sendable, Equatable {
        public var file: String
        /// Prompts newly stored.
        public var added: Int
        /// Prompts already in the store or repeated in the file.
        public var duplicates: Int
        /// New prompts left out because their domain had reached the cap.
        public var overCap: Int
    }

    /// Imports `files` into `store` in order, dropping prompts already stored (by `dedupKey`)
    /// and, with `perDomain`, those of a domain that already has that many prompts in the store.
    /// Appends each file's prompts in one write, so an interrupted import leaves whole files.
    public func importFiles(_ files: [URL], into store: JSONLFile<PromptRecord>,
                            perDomain: Int? = nil) throws -> [FileSummary] {
        var seen = Set(store.records.map { Self.dedupKey($0.messages) })
        var counts: [Domain: Int] = [:]
        for record in store.records { counts[record.domain, default: 0] += 1 }
        var summaries: [FileSummary] = []
        for url in files {
            let result = try importFile(url)
            var fresh: [PromptRecord] = []
            var summary = FileSummary(file: url.path, added: 0, duplicates: result.duplicates, overCap: 0)
            for prompt in result.prompts {
                guard seen.insert(Self.dedupKey(prompt.messages)).inserted else { summary.duplicates += 1; continue }
                if let perDomain, counts[prompt.domain, default: 0] >= perDomain { summary.overCap += 1; continue }
                counts[prompt.domain, default: 0] += 1
                fresh.append(prompt)
            }
            summary.added = try store.append(fresh)
            summaries.append(summary)
        }
        return summaries
    }
}
