/// What happened to a program run in the sandbox.
public struct SandboxResult: Sendable, Hashable, Codable {
    /// The outcome, most specific first: a limit that ended the run, else how the program ended.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Exited with status 0.
        case ok
        /// Exited with a non-zero status.
        case error
        /// Ran past its CPU-time or wall-clock limit and was killed.
        case timeout
        /// Ran out of address space (Python's `MemoryError`).
        case memoryLimit
        /// Wrote more than the output limit and was killed.
        case outputLimit
        /// Ended by a signal other than the limits above.
        case killed
    }

    /// A limit the run ran into (several may apply; this is the one that explains the verdict).
    public enum Limit: String, Sendable, Hashable, Codable {
        case cpuTime, wallTime, memory, output, processes, fileSize
    }

    /// How the run was contained.
    public enum Isolation: String, Sendable, Hashable, Codable {
        /// New user (when not root), mount, PID, network, IPC and UTS namespaces.
        case namespaces
        /// Resource limits, a new session and a clean environment only (explicitly allowed).
        case limitsOnly
    }

    public var verdict: Verdict
    public var limitHit: Limit?
    /// Exit status when the program exited.
    public var exitCode: Int32?
    /// Terminating signal when a signal ended it.
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    /// Wall-clock seconds from start to the last process gone.
    public var wallSeconds: Double
    /// CPU seconds of the program and the children it waited for (nil when it was killed by the
    /// supervisor before its init could report).
    public var cpuSeconds: Double?
    public var isolation: Isolation
    /// The unprivileged uid the program ran as, when the sandbox was started by root.
    public var uid: UInt32?

    /// One line saying what happened and why.
    public var summary: String {
        var text = verdict.rawValue
        switch verdict {
        case .ok: text += ": exited with status 0"
        case .error: text += ": exited with status \(exitCode ?? -1)"
        case .timeout: text += limitHit == .cpuTime ? ": CPU-time limit reached" : ": wall-clock limit reached"
        case .memoryLimit: text += ": out of memory under the address-space limit"
        case .outputLimit: text += ": output limit reached"
        case .killed: text += signal.map { ": killed by signal \($0)" } ?? ": killed"
        }
        if let limitHit, verdict == .error || verdict == .killed {
            switch limitHit {
            case .processes: text += " (process limit reached: fork failed)"
            case .fileSize: text += " (file-size limit reached)"
            default: break
            }
        }
        if verdict == .timeout || verdict == .outputLimit { text += "; every process of the sandbox killed" }
        return text
    }
}
