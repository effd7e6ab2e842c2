import Foundation

/// Writes a pair stage's outcome: `sft.jsonl`, `dpo.jsonl` and `pairs_summary.json`. The files are
/// derived data, rebuilt whole each time: written to a temporary name and renamed, so a crash
/// leaves either the old or the new file, never half of one.
public enum PairWriter {
    public static func write(_ outcome: PairBuilder.Outcome, to folder: RunFolder) throws(RunStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try replace(folder.sftURL, with: lines(outcome.sft, encoder, folder.sftURL))
        try replace(folder.dpoURL, with: lines(outcome.dpo, encoder, folder.dpoURL))
        encoder.outputFormatting.insert(.prettyPrinted)
        let summary: Data
        do { summary = try encoder.encode(outcome.summary) } catch {
            throw .invalidFile(path: folder.pairsSummaryURL.path, detail: "\(error)")
        }
        try replace(folder.pairsSummaryURL, with: summary)
    }

    static func lines<T: Encodable>(_ records: [T], _ encoder: JSONEncoder, _ url: URL) throws(RunStoreError) -> Data {
        var data = Data()
        for record in records {
            do { data.append(try encoder.encode(record)) } catch { throw .invalidFile(path: url.path, detail: "\(error)") }
            data.append(0x0A)
        }
        return data
    }

    static func replace(_ url: URL, with data: Data) throws(RunStoreError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch { throw .invalidFile(path: url.path, detail: "cannot write: \(error)") }
    }
}
