import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only JSONL file of records keyed by stable ids: the unit of crash safety of a run.
///
/// Opening reads every complete line. A last line without its newline is what a crash in the
/// middle of a write leaves: it is dropped with a warning and the file truncated back to the last
/// complete line, so later appends start clean. A complete line that does not decode is an error
/// naming the file and line (data is never dropped silently). A record whose id was already seen
/// is ignored (first one wins), so a rerun that appends again never duplicates. Appends go out as
/// one `write(2)` per batch on an `O_APPEND` descriptor; what `append` returned from survives a
/// `kill -9` of the process.
public final class JSONLFile<Record: Codable & Identifiable & Sendable>: @unchecked Sendable where Record.ID == String {
    public let url: URL
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var storedRecords: [Record] = []
    private var index: [String: Int] = [:]
    private let encoder: JSONEncoder

    /// Opens (creating if needed) and loads the file, repairing a torn last line.
    public init(url: URL, logger: Logger = Logger(label: "fusechat.runstore")) throws(RunStoreError) {
        self.url = url
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .invalidFile(path: url.deletingLastPathComponent().path, detail: "cannot create folder: \(error)")
        }
        try load(logger: logger)
        descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: url.path, errno: errno) }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// All records, in file order, first occurrence of each id.
    public var records: [Record] { lock.withLock { storedRecords } }

    /// Number of distinct records.
    public var count: Int { lock.withLock { storedRecords.count } }

    /// Whether a record with this id is already stored.
    public func contains(_ id: String) -> Bool { lock.withLock { index[id] != nil } }

    /// The record with this id.
    public func record(_ id: String) -> Record? { lock.withLock { index[id].map { storedRecords[$0] } } }

    /// Appends the records whose ids are new, in one write; returns how many were new.
    @discardableResult
    public func append(_ records: [Record]) throws(RunStoreError) -> Int {
        lock.lock()
        defer { lock.unlock() }
        var seen = Set<String>()
        let fresh = records.filter { index[$0.id] == nil && seen.insert($0.id).inserted }
        guard !fresh.isEmpty else { return 0 }
        var bytes = Data()
        for record in fresh {
            do {
                bytes.append(try encoder.encode(record))
            } catch {
                throw .invalidFile(path: url.path, detail: "cannot encode record \(record.id): \(error)")
            }
            bytes.append(0x0A)
        }
        try writeAll(bytes)
        for record in fresh {
            index[record.id] = storedRecords.count
            storedRecords.append(record)
        }
        return fresh.count
    }

    /// Appends one record if its id is new; returns whether it was.
    @discardableResult
    public func append(_ record: Record) throws(RunStoreError) -> Bool { try append([record]) == 1 }

    /// Flushes the file to stable storage (for power loss; a process crash needs no sync).
    public func sync() { lock.withLock { _ = fsync(descriptor) } }

    private func writeAll(_ data: Data) throws(RunStoreError) {
        var failure: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure != 0 { throw .writeFailed(path: url.path, errno: failure) }
    }

    private func load(logger: Logger) throws(RunStoreError) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let data: Data
        do { data = try Data(contentsOf: url, options: .mappedIfSafe) } catch {
            throw .invalidFile(path: url.path, detail: "cannot read: \(error)")
        }
        let decoder = JSONDecoder()
        var lineStart = data.startIndex
        var lineNumber = 0
        while lineStart < data.endIndex {
            lineNumber += 1
            guard let newline = data[lineStart...].firstIndex(of: 0x0A) else {
                logger.warning("\(url.path):\(lineNumber): dropping a torn last line (\(data.endIndex - lineStart) bytes without a newline, left by an interrupted write)")
                guard truncate(url.path, off_t(lineStart - data.startIndex)) == 0 else {
                    throw .writeFailed(path: url.path, errno: errno)
                }
                return
            }
            let line = data[lineStart..<newline]
            lineStart = newline + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let record: Record
            do { record = try decoder.decode(Record.self, from: line) } catch {
                throw .invalidLine(path: url.path, line: lineNumber, detail: "not a valid \(Record.self) record: \(Self.describe(error))")
            }
            if index[record.id] == nil {
                index[record.id] = storedRecords.count
                storedRecords.append(record)
            }
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "invalid JSON (\(context.debugDescription))" : "field '\(path)': \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
