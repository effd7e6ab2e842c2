import FuseData
import Foundation

/// The training data of one run folder: its `sft.jsonl` and `dpo.jsonl` (either may be absent).
public struct ExportInput: Sendable {
    public var sft: [SFTRecord]
    public var dpo: [DPOPair]

    public init(sft: [SFTRecord], dpo: [DPOPair]) {
        self.sft = sft
        self.dpo = dpo
    }

    /// Reads a run folder's pair files (a torn last line is dropped with a warning, as in every stage).
    public init(run: RunFolder) throws(ExportError) {
        let manager = FileManager.default
        let hasSFT = manager.fileExists(atPath: run.sftURL.path)
        let hasDPO = manager.fileExists(atPath: run.dpoURL.path)
        guard hasSFT || hasDPO else { throw .missingData(run.url) }
        do {
            sft = hasSFT ? try JSONLFile<SFTRecord>(url: run.sftURL).records : []
        } catch { throw .unreadable(run.sftURL, error.description) }
        do {
            dpo = hasDPO ? try JSONLFile<DPOPair>(url: run.dpoURL).records : []
        } catch { throw .unreadable(run.dpoURL, error.description) }
    }
}
