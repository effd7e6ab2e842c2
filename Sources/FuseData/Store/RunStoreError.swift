/// Why a run file could not be read or written.
public enum RunStoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)
    case invalidLine(path: String, line: Int, detail: String)
    case invalidFile(path: String, detail: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code): return "\(path): cannot open (\(String(cString: strerror(code))))"
        case .writeFailed(let path, let code): return "\(path): write failed (\(String(cString: strerror(code))))"
        case .invalidLine(let path, let line, let detail): return "\(path):\(line): \(detail)"
        case .invalidFile(let path, let detail): return "\(path): \(detail)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
