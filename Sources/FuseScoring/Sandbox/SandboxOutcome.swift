#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what the supervisor observed into a verdict: the limit that ended the run if one did,
/// else how the program ended.
struct SandboxOutcome {
    let observed: SandboxObservation
    let limits: SandboxLimits

    func result(isolation: SandboxResult.Isolation, uid: UInt32?) -> SandboxResult {
        let stderrText = String(decoding: observed.stderr, as: UTF8.self)
        var exitCode: Int32?
        var signal: Int32?
        if let status = observed.exit?.status {
            if status & 0x7f == 0 { exitCode = (status >> 8) & 0xff } else { signal = status & 0x7f }
        }
        let cpuSeconds = observed.exit.map { Double($0.cpuMicroseconds) / 1e6 }
        let (verdict, limit) = classify(exitCode: exitCode, signal: signal, cpuSeconds: cpuSeconds, stderr: stderrText)
        return SandboxResult(
            verdict: verdict, limitHit: limit, exitCode: exitCode, signal: signal,
            stdout: String(decoding: observed.stdout, as: UTF8.self), stderr: stderrText,
            stdoutTruncated: observed.stdoutTruncated, stderrTruncated: observed.stderrTruncated,
            wallSeconds: observed.wallSeconds, cpuSeconds: cpuSeconds, isolation: isolation, uid: uid)
    }

    private func classify(exitCode: Int32?, signal: Int32?, cpuSeconds: Double?,
                          stderr: String) -> (SandboxResult.Verdict, SandboxResult.Limit?) {
        if observed.killReason == .output { return (.outputLimit, .output) }
        if let signal {
            // RLIMIT_CPU sends SIGXCPU at the soft limit and SIGKILL at the hard one.
            if signal == SIGXCPU || (signal == SIGKILL && (cpuSeconds ?? 0) >= Double(limits.cpuSeconds)) {
                return (.timeout, .cpuTime)
            }
            if observed.killReason == .wallTime { return (.timeout, .wallTime) }
            return (.killed, signal == SIGXFSZ ? .fileSize : nil)
        }
        guard let exitCode else {
            return observed.killReason == .wallTime ? (.timeout, .wallTime) : (.killed, nil)
        }
        if exitCode == 0 { return (.ok, nil) }
        // Python reports a failed allocation under RLIMIT_AS as MemoryError (or, from C code, as
        // ENOMEM); a failed fork or thread start under RLIMIT_NPROC as EAGAIN; RLIMIT_FSIZE as EFBIG.
        if stderr.contains("MemoryError") || stderr.contains("Cannot allocate memory") { return (.memoryLimit, .memory) }
        if stderr.contains("Resource temporarily unavailable") || stderr.contains("can't start new thread") {
            return (.error, .processes)
        }
        if stderr.contains("File too large") { return (.error, .fileSize) }
        return (.error, nil)
    }
}
