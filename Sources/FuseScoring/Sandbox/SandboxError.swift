#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a sandbox run could not start (what the program did is a `SandboxResult`, not an error).
public enum SandboxError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The interpreter is not an executable file in the sandbox's PATH (or at the given path).
    case interpreterNotFound(name: String, searched: [String])
    /// A file name for the working directory is empty, contains `/` or is `.`/`..`/the main script.
    case invalidFileName(String)
    /// Namespaces (network, PID, mount, user) are not available here, and the isolation policy
    /// requires them.
    case isolationUnavailable(step: String, errno: Int32)
    /// Setting up the child failed at `step` (exec of an unreadable interpreter, setrlimit...).
    case setupFailed(step: String, errno: Int32)
    /// A system call of the supervising process failed.
    case system(call: String, errno: Int32)

    public var description: String {
        switch self {
        case .interpreterNotFound(let name, let searched):
            return "sandbox: interpreter '\(name)' is not an executable file in \(searched.joined(separator: ":"))"
        case .invalidFileName(let name):
            return "sandbox: invalid file name '\(name)' (a plain name other than '.', '..' and 'main.py' expected)"
        case .isolationUnavailable(let step, let code):
            return "sandbox: refusing to run untrusted code without isolation: \(step) failed (\(Self.text(code))). "
                + "This kernel or container does not allow the namespaces the sandbox needs (no network, "
                + "private processes and file system); run where user namespaces are allowed, or accept "
                + "running with resource limits only (isolation policy .preferred, --allow-unisolated)."
        case .setupFailed(let step, let code):
            return "sandbox: \(step) failed (\(Self.text(code)))"
                + (code == EACCES ? "; the interpreter must be readable and executable by an unprivileged user" : "")
        case .system(let call, let code):
            return "sandbox: \(call) failed (\(Self.text(code)))"
        }
    }

    private static func text(_ code: Int32) -> String { "errno \(code): " + String(cString: strerror(code)) }
}
