/// Resource limits of one sandbox run. The defaults suit running a model's answer against its
/// tests (HumanEval, MBPP, LeetCode-style prompts).
public struct SandboxLimits: Sendable, Hashable, Codable {
    /// CPU time of the program (RLIMIT_CPU, seconds; SIGXCPU at the limit, SIGKILL a second later).
    public var cpuSeconds: Int
    /// Wall-clock time of the whole run; then every process of the sandbox is killed.
    public var wallSeconds: Double
    /// Virtual address space per process (RLIMIT_AS).
    public var addressSpaceBytes: Int
    /// Largest file the program may write (RLIMIT_FSIZE).
    public var fileSizeBytes: Int
    /// Size of the private tmpfs working directory (isolated runs).
    public var workspaceBytes: Int
    /// Processes and threads of the run's uid (RLIMIT_NPROC).
    public var maxProcesses: Int
    /// Open file descriptors per process (RLIMIT_NOFILE).
    public var openFiles: Int
    /// Bytes kept of standard output and of standard error; more kills the run (`outputLimit`).
    public var outputBytes: Int

    public init(cpuSeconds: Int = 10, wallSeconds: Double = 15, addressSpaceBytes: Int = 1 << 30,
                fileSizeBytes: Int = 16 << 20, workspaceBytes: Int = 64 << 20, maxProcesses: Int = 32,
                openFiles: Int = 256, outputBytes: Int = 1 << 20) {
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.addressSpaceBytes = addressSpaceBytes
        self.fileSizeBytes = fileSizeBytes
        self.workspaceBytes = workspaceBytes
        self.maxProcesses = maxProcesses
        self.openFiles = openFiles
        self.outputBytes = outputBytes
    }
}
