import Foundation

/// Where a run stands: enough, with the weights and AdamW moments, to continue it exactly.
/// The data order's random state is a function of (seed, epoch) (see `BatchPlan`), so the data
/// position is the epoch and the index of the next micro-batch in that epoch's plan.
public struct TrainerState: Codable, Sendable, Equatable {
    /// "sft" or "dpo".
    public var kind: String
    public var configuration: TrainerConfiguration
    /// Optimizer steps taken (the schedule's position).
    public var step: Int
    public var totalSteps: Int
    public var epoch: Int
    /// Next micro-batch of `epoch`'s plan.
    public var batchIndex: Int
    /// Seconds spent training so far (for tokens/s across resumes).
    public var elapsed: Double
}

/// A checkpoint folder: `state.json` (`TrainerState`) and `tensors.bin` (the trained values, then
/// AdamW's first and second moments, raw little-endian Float32 in `ParameterLayout` order, or in
/// `LoRAAdapters.entries` order with LoRA: the frozen base weights are not saved).
/// Written to a temporary folder and renamed, so a crash leaves the previous checkpoint intact.
enum Checkpoint {
    static func save(_ state: TrainerState, model: TrainableModel, optimizer: AdamW, to folder: URL) throws(TrainerError) {
        let fm = FileManager.default
        let temporary = folder.deletingLastPathComponent().appendingPathComponent(folder.lastPathComponent + ".partial")
        do {
            try? fm.removeItem(at: temporary)
            try fm.createDirectory(at: temporary, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(state).write(to: temporary.appendingPathComponent("state.json"))
            // Streamed one buffer at a time (no copy of the whole state in memory).
            let file = temporary.appendingPathComponent("tensors.bin")
            guard fm.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
                throw TrainerError.checkpoint(path: file.path, detail: "cannot create")
            }
            defer { try? handle.close() }
            func write(_ buffer: UnsafeBufferPointer<Float>) throws {
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: buffer.baseAddress!),
                                                  count: buffer.count * 4, deallocator: .none))
            }
            try write(UnsafeBufferPointer(model.trainableParameters))
            try optimizer.firstMoment.withUnsafeBufferPointer { try write($0) }
            try optimizer.secondMoment.withUnsafeBufferPointer { try write($0) }
            try? fm.removeItem(at: folder)
            try fm.moveItem(at: temporary, to: folder)
        } catch { throw .checkpoint(path: folder.path, detail: "cannot write: \(error.localizedDescription)") }
    }

    static func state(at folder: URL) throws(TrainerError) -> TrainerState {
        let file = folder.appendingPathComponent("state.json")
        do { return try JSONDecoder().decode(TrainerState.self, from: Data(contentsOf: file)) } catch {
            throw .checkpoint(path: file.path, detail: "cannot read: \(error)")
        }
    }

    /// Restores the trained values and moments; the optimizer's step count is the state's step.
    static func restore(from folder: URL, model: TrainableModel, optimizer: inout AdamW, step: Int) throws(TrainerError) {
        let file = folder.appendingPathComponent("tensors.bin")
        let n = model.trainableParameters.count
        let data: Data
        do { data = try Data(contentsOf: file, options: .mappedIfSafe) } catch {
            throw .checkpoint(path: file.path, detail: "cannot read: \(error.localizedDescription)")
        }
        guard data.count == 3 * n * MemoryLayout<Float>.size else {
            throw .checkpoint(path: file.path, detail: "\(data.count) bytes, expected \(3 * n * 4) for \(n) parameters")
        }
        data.withUnsafeBytes { raw in
            let f = raw.bindMemory(to: Float.self)
            _ = model.trainableParameters.update(fromContentsOf: f[0..<n])
            optimizer.firstMoment = Array(f[n..<2 * n])
            optimizer.secondMoment = Array(f[2 * n..<3 * n])
        }
        optimizer.step = step
    }
}
