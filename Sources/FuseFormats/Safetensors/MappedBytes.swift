#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes of a file, memory-mapped (not copied), unmapped when released; or an owned
/// in-memory copy for buffers that do not come from a file.
final class MappedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let isMapped: Bool

    /// Maps the whole file at `path` read-only.
    init(path: String) throws(SafetensorsError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, detail: "cannot open: \(Self.errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, detail: "cannot stat: \(Self.errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .io(path: path, detail: "not a regular file") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            isMapped = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw .io(path: path, detail: "cannot memory-map \(size) bytes: \(Self.errnoText())")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        isMapped = true
    }

    /// Keeps a copy of `data`.
    init(copying data: [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        data.withUnsafeBytes { buffer.copyMemory(from: $0) }
        bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<data.count])
        isMapped = false
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
