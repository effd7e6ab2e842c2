import CSandbox
import Foundation

/// One program ready to start: the C-side description of it, its pipes, and the supervision that
/// turns what happened into a `SandboxResult`.
struct SandboxLaunch {
    let executable: String
    let arguments: [String]
    let files: [(name: String, data: [UInt8])]
    let stdin: [UInt8]
    let limits: SandboxLimits

    /// Starts the program, supervises it to the end and classifies the outcome. Isolation failures
    /// are `.isolationUnavailable`, so that the caller may decide to run without isolation.
    func run(isolated: Bool) throws(SandboxError) -> SandboxResult {
        let hostDirectory = isolated ? nil : try makeHostDirectory()
        defer { if let hostDirectory { try? FileManager.default.removeItem(atPath: hostDirectory) } }
        let workdir = hostDirectory ?? "/tmp"
        let environment = [
            "PATH=" + Sandbox.searchPath.joined(separator: ":"), "HOME=" + workdir, "TMPDIR=" + workdir,
            "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0",
            "PYTHONIOENCODING=utf-8", "PYTHONNOUSERSITE=1",
        ]
        let runUID = getuid() == 0 ? csb_next_run_uid() : nil

        let stdinFD = csb_memory_file(stdin, stdin.count)
        guard stdinFD >= 0 else { throw .system(call: "memfd_create", errno: errno) }
        defer { close(stdinFD) }
        // Read ends stay ours to the end; write ends belong to the child once it is forked.
        var writeEnds: [Int32] = []
        defer { for fd in writeEnds { close(fd) } }
        let stdoutPipe = try Self.makePipe()
        defer { close(stdoutPipe.read) }
        writeEnds.append(stdoutPipe.write)
        let stderrPipe = try Self.makePipe()
        defer { close(stderrPipe.read) }
        writeEnds.append(stderrPipe.write)
        let reportPipe = try Self.makePipe()
        defer { close(reportPipe.read) }
        writeEnds.append(reportPipe.write)

        let strings = CStrings(arguments: arguments, environment: environment,
                               other: [executable, "size=\(limits.workspaceBytes),mode=0700", workdir])
        defer { strings.release() }
        let buffers = files.map { file -> (UnsafeMutablePointer<CChar>, UnsafeMutableRawPointer) in
            let data = UnsafeMutableRawPointer.allocate(byteCount: max(file.data.count, 1), alignment: 1)
            file.data.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { data.copyMemory(from: base, byteCount: bytes.count) }
            }
            return (strdup(file.name)!, data)
        }
        defer { for (name, data) in buffers { free(name); data.deallocate() } }
        var cFiles = zip(files, buffers).map { file, buffer in
            csb_file(name: buffer.0, data: buffer.1, length: file.data.count)
        }

        let keeper: pid_t = cFiles.withUnsafeMutableBufferPointer { filesPointer in
            var spec = csb_spec()
            spec.executable = UnsafePointer(strings.other[0])
            spec.argv = UnsafePointer(strings.argv)
            spec.envp = UnsafePointer(strings.envp)
            spec.files = UnsafePointer(filesPointer.baseAddress)
            spec.file_count = filesPointer.count
            spec.limits = csb_limits(
                cpu_seconds: UInt64(limits.cpuSeconds), address_space_bytes: UInt64(limits.addressSpaceBytes),
                file_size_bytes: UInt64(limits.fileSizeBytes), max_processes: UInt64(limits.maxProcesses),
                open_files: UInt64(limits.openFiles))
            spec.isolate = isolated ? 1 : 0
            spec.tmpfs_options = UnsafePointer(strings.other[1])
            spec.host_workdir = UnsafePointer(strings.other[2])
            spec.run_uid = runUID ?? 0
            spec.run_gid = runUID ?? 0
            spec.stdin_fd = stdinFD
            spec.stdout_fd = stdoutPipe.write
            spec.stderr_fd = stderrPipe.write
            spec.report_fd = reportPipe.write
            return csb_spawn(&spec)
        }
        let spawnErrno = errno
        for fd in writeEnds { close(fd) }
        writeEnds = []
        guard keeper > 0 else {
            if spawnErrno == ENOSYS { throw .isolationUnavailable(step: "fork (Linux only)", errno: spawnErrno) }
            throw .system(call: "fork", errno: spawnErrno)
        }

        var supervisor = SandboxSupervisor(keeper: keeper, stdout: stdoutPipe.read, stderr: stderrPipe.read,
                                           report: reportPipe.read, limits: limits, isolated: isolated)
        let observed = supervisor.superviseToEnd()
        if let failure = observed.failure {
            let step = String(cString: csb_step_name(failure.step))
            let isolationSteps: ClosedRange<Int32> = Int32(CSB_STEP_UNSHARE.rawValue)...Int32(CSB_STEP_MOUNT_PROC.rawValue)
            if isolated && isolationSteps.contains(failure.step) {
                throw .isolationUnavailable(step: step, errno: failure.value)
            }
            throw .setupFailed(step: step, errno: failure.value)
        }
        return SandboxOutcome(observed: observed, limits: limits).result(
            isolation: isolated ? .namespaces : .limitsOnly, uid: runUID)
    }

    /// A private directory on the host file system (runs without a mount namespace).
    private func makeHostDirectory() throws(SandboxError) -> String {
        let path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fusechat-sandbox-XXXXXX").path
        var template = Array(path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw .system(call: "mkdtemp", errno: errno) }
        return String(cString: template)
    }

    /// A pipe with both ends close-on-exec.
    private static func makePipe() throws(SandboxError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard csb_pipe(&fds) == 0 else { throw .system(call: "pipe2", errno: errno) }
        return (fds[0], fds[1])
    }
}

/// NUL-terminated copies of the argument vector, the environment and other strings, alive until
/// `release()`: the child reads them after fork, when it may not allocate.
private struct CStrings {
    let argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    let other: [UnsafeMutablePointer<CChar>]
    private let counts: (Int, Int)

    init(arguments: [String], environment: [String], other: [String]) {
        argv = Self.vector(arguments)
        envp = Self.vector(environment)
        self.other = other.map { strdup($0)! }
        counts = (arguments.count, environment.count)
    }

    private static func vector(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let vector = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { vector[index] = strdup(string) }
        vector[strings.count] = nil
        return vector
    }

    func release() {
        for index in 0..<counts.0 { free(argv[index]) }
        for index in 0..<counts.1 { free(envp[index]) }
        for string in other { free(string) }
        argv.deallocate()
        envp.deallocate()
    }
}
