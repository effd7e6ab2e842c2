import CSandbox
import Foundation

/// What the supervisor saw of one run.
struct SandboxObservation {
    /// Why the supervisor killed the run, if it did.
    enum KillReason { case wallTime, output }

    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var stdoutTruncated = false
    var stderrTruncated = false
    /// The payload's wait status and CPU time, as reported by the sandbox's init.
    var exit: (status: Int32, cpuMicroseconds: Int64)?
    /// A set-up step that failed in the child.
    var failure: (step: Int32, value: Int32)?
    var killReason: KillReason?
    var wallSeconds = 0.0
}

/// Reads the program's output and the init's reports until every process of the run is gone,
/// enforcing the wall-clock and output limits by killing the run's process group (whose init's
/// death takes the whole PID namespace with it).
struct SandboxSupervisor {
    let keeper: pid_t
    let stdout: Int32
    let stderr: Int32
    let report: Int32
    let limits: SandboxLimits
    /// Whether the run has a PID namespace (else the keeper sweeps up leftovers itself).
    let isolated: Bool

    /// Once the run is ending (killed, or the program exited), how long to wait for the pipes to
    /// close: without a PID namespace, for the keeper's sweep of leftovers, then for a process that
    /// left the group and holds them (it is given up on).
    private let killGrace = 2.0
    private var observation = SandboxObservation()
    private var reportBytes: [UInt8] = []

    init(keeper: pid_t, stdout: Int32, stderr: Int32, report: Int32, limits: SandboxLimits, isolated: Bool) {
        self.keeper = keeper
        self.stdout = stdout
        self.stderr = stderr
        self.report = report
        self.limits = limits
        self.isolated = isolated
    }

    mutating func superviseToEnd() -> SandboxObservation {
        let start = Self.now()
        let deadline = start + limits.wallSeconds
        var endingSince: Double?  // when the run was killed or its program exited
        var fds = [stdout, stderr, report].map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)

        while fds.contains(where: { $0.fd >= 0 }) {
            let now = Self.now()
            if endingSince == nil, now >= deadline {
                observation.killReason = .wallTime
                endingSince = killGroup()
            }
            let wakeAt = endingSince.map { $0 + killGrace } ?? deadline
            if now >= wakeAt, endingSince != nil { break }
            let timeout = Int32(min(max((wakeAt - now) * 1000, 0), 60_000).rounded(.up))
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0, errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                if count <= 0 {
                    fds[index].fd = -1
                    continue
                }
                let chunk = buffer[0..<count]
                switch index {
                case 0: capture(chunk, into: &observation.stdout, truncated: &observation.stdoutTruncated)
                case 1: capture(chunk, into: &observation.stderr, truncated: &observation.stderrTruncated)
                default: readReports(chunk)
                }
                if endingSince == nil, observation.stdoutTruncated || observation.stderrTruncated {
                    observation.killReason = .output
                    endingSince = killGroup()
                }
                // The program is done. In a PID namespace the init's exit has already sent every
                // leftover a SIGKILL and this one is a formality; without one the keeper kills and
                // reaps the leftovers itself, and this kill follows after the grace period.
                if endingSince == nil, observation.exit != nil || observation.failure != nil {
                    endingSince = isolated ? killGroup() : Self.now()
                }
            }
        }
        _ = killGroup()
        var status: Int32 = 0
        while waitpid(keeper, &status, 0) < 0, errno == EINTR {}
        observation.wallSeconds = Self.now() - start
        return observation
    }

    private func capture(_ chunk: ArraySlice<UInt8>, into bytes: inout [UInt8], truncated: inout Bool) {
        let room = limits.outputBytes - bytes.count
        if chunk.count > room { truncated = true }
        bytes.append(contentsOf: chunk.prefix(max(room, 0)))
    }

    private mutating func readReports(_ chunk: ArraySlice<UInt8>) {
        reportBytes.append(contentsOf: chunk)
        let size = MemoryLayout<csb_report>.size
        while reportBytes.count >= size {
            let record = reportBytes.withUnsafeBytes { $0.loadUnaligned(as: csb_report.self) }
            reportBytes.removeFirst(size)
            switch Int(record.kind) {
            case Int(CSB_REPORT_EXIT.rawValue): observation.exit = (record.value, record.cpu_usec)
            case Int(CSB_REPORT_FAILURE.rawValue): observation.failure = (record.step, record.value)
            default: break
            }
        }
    }

    /// SIGKILL to the keeper's process group: the keeper, the init (whose death kills its PID
    /// namespace) and every process that stayed in the group. The keeper is not reaped before
    /// this, so its pid (the group id) cannot have been reused. Returns the time of the kill.
    private func killGroup() -> Double {
        kill(-keeper, SIGKILL)
        return Self.now()
    }

    private static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
