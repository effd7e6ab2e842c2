import Foundation

/// Records of a JSONL data file tokenized for training, and the ones that were skipped (by reason).
public struct EncodedDataset<Example: Sendable>: Sendable {
    public var examples: [Example]
    /// Skipped records: reason category → count.
    public var skipped: [String: Int]
    /// The first few skipped records' line numbers and reasons, for the report.
    public var skippedSamples: [String]

    /// "N examples (skipped: 2 prompt not a prefix, …)".
    public var summary: String {
        let parts = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "\(examples.count) examples" + (parts.isEmpty ? "" : " (skipped: " + parts.joined(separator: ", ") + ")")
    }
}

/// Reads and tokenizes the data pipeline's `sft.jsonl` and `dpo.jsonl`.
public enum TrainingData {
    /// Decodes every non-empty line of a JSONL file as `Record`.
    public static func records<Record: Decodable>(_ type: Record.Type, at url: URL) throws(DataError) -> [Record] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .unreadable(file: url.path, detail: "\(error.localizedDescription)")
        }
        var records: [Record] = []
        let decoder = JSONDecoder()
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do { records.append(try decoder.decode(Record.self, from: Data(line.utf8))) } catch {
                throw .badRecord(file: url.lastPathComponent, line: i + 1, detail: "\(error)")
            }
        }
        return records
    }

    /// Tokenizes SFT conversations; records that cannot be used are counted, not fatal.
    public static func encodeSFT(_ records: [SFTConversation], encoder: ConversationEncoder) -> EncodedDataset<SFTExample> {
        encodeAll(records) { (r: SFTConversation) throws(DataError) in try encoder.encodeSFT(r.messages) }
    }

    /// Tokenizes DPO pairs; pairs that cannot be used are counted, not fatal.
    public static func encodeDPO(_ records: [PreferencePair], encoder: ConversationEncoder) -> EncodedDataset<DPOExample> {
        encodeAll(records) { (r: PreferencePair) throws(DataError) in try encoder.encodeDPO(r) }
    }

    static func encodeAll<R, E>(_ records: [R], _ encode: (R) throws(DataError) -> E) -> EncodedDataset<E> {
        var out = EncodedDataset<E>(examples: [], skipped: [:], skippedSamples: [])
        for (i, r) in records.enumerated() {
            do { out.examples.append(try encode(r)) } catch {
                out.skipped[error.category, default: 0] += 1
                if out.skippedSamples.count < 5 { out.skippedSamples.append("record \(i + 1): \(error)") }
            }
        }
        return out
    }
}
