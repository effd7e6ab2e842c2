import Foundation

/// Runs untrusted programs (model-written Python) in a child process that cannot reach the network,
/// see or change the rest of the machine, or outlive its run.
///
/// Each run gets: new mount, PID, network, IPC and UTS namespaces (plus a user namespace when not
/// root); a read-only view of the file system except a fresh, size-limited tmpfs at `/tmp` that is
/// its working directory and `HOME` (also seen at `/var/tmp` and `/dev/shm`) and vanishes with it;
/// its own `/proc`; an unprivileged uid unique to the run when started by root; CPU, address-space,
/// file-size, process and file-descriptor limits, no core dumps; a clean environment; a wall-clock
/// timeout after which the whole PID namespace is killed. When the program exits, every process it
/// left behind is killed. See docs/sandbox.md.
///
/// Where the kernel refuses the namespaces the sandbox refuses to run (`SandboxError
/// .isolationUnavailable`) unless its `isolation` policy accepts limits, a new session and a clean
/// environment alone.
public struct Sandbox: Sendable {
    /// Whether a run may go without namespaces.
    public enum IsolationPolicy: String, Sendable, Hashable, Codable {
        /// Namespaces or nothing: refuse to run where the kernel does not allow them (the default).
        case required
        /// Namespaces where allowed, else limits only (no network isolation, a host temp folder).
        case preferred
        /// Limits, a new session, a clean environment and a private host temp folder only.
        case limitsOnly
    }

    /// The directories searched for a relative interpreter name: the sandbox's own PATH, never the
    /// caller's (a shim under the caller's home would not be readable by the sandbox's uid).
    public static let searchPath = ["/usr/local/bin", "/usr/bin", "/bin"]
    /// The name of the program file in the working directory.
    public static let scriptName = "main.py"

    /// Interpreter: a name looked up in `searchPath`, or an absolute path.
    public var interpreter: String
    public var limits: SandboxLimits
    public var isolation: IsolationPolicy

    public init(interpreter: String = "python3", limits: SandboxLimits = SandboxLimits(),
                isolation: IsolationPolicy = .required) {
        self.interpreter = interpreter
        self.limits = limits
        self.isolation = isolation
    }

    /// Runs `source` as `main.py` with `stdin`, extra `files` beside it and `arguments` after the
    /// script name, on a thread of its own (the run blocks while it supervises the child).
    public func run(source: String, stdin: String = "", files: [String: String] = [:],
                    arguments: [String] = []) async throws(SandboxError) -> SandboxResult {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<SandboxResult, SandboxError>, Never>) in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(SandboxError) in
                    try runBlocking(source: source, stdin: stdin, files: files, arguments: arguments)
                })
            }
            thread.start()
        }
        return try outcome.get()
    }

    /// `run` on the calling thread, which must stay alive until it returns (the child is killed
    /// when the thread that started it exits).
    public func runBlocking(source: String, stdin: String = "", files: [String: String] = [:],
                            arguments: [String] = []) throws(SandboxError) -> SandboxResult {
        let executable = try resolveInterpreter()
        var programFiles = [(name: Self.scriptName, data: Array(source.utf8))]
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", name != Self.scriptName else {
                throw .invalidFileName(name)
            }
            programFiles.append((name, Array(text.utf8)))
        }
        let launch = SandboxLaunch(executable: executable, arguments: [executable, Self.scriptName] + arguments,
                                   files: programFiles, stdin: Array(stdin.utf8), limits: limits)
        if isolation == .limitsOnly { return try launch.run(isolated: false) }
        do throws(SandboxError) {
            return try launch.run(isolated: true)
        } catch .isolationUnavailable(let step, let code) {
            guard isolation == .preferred else { throw .isolationUnavailable(step: step, errno: code) }
            return try launch.run(isolated: false)
        }
    }

    private func resolveInterpreter() throws(SandboxError) -> String {
        if interpreter.hasPrefix("/") {
            guard access(interpreter, X_OK) == 0 else { throw .interpreterNotFound(name: interpreter, searched: []) }
            return interpreter
        }
        for directory in Self.searchPath {
            let candidate = directory + "/" + interpreter
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw .interpreterNotFound(name: interpreter, searched: Self.searchPath)
    }
}
