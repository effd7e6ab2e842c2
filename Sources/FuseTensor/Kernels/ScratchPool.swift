import Synchronization

/// Float buffers kept between calls for the GEMM's packed panels.
///
/// A packing buffer of a megabyte or more is above glibc's mmap threshold, so allocating it per
/// call maps fresh pages (zeroed on first touch) and frees them with `munmap`, which in a
/// multi-threaded process interrupts every other running thread to flush its TLB. With two
/// threads each doing that per GEMM call, the second core added almost nothing (53 → 55 GFLOP/s
/// on SmolLM2's shapes); with the buffers kept, 2 threads run at 95-122 GFLOP/s.
enum ScratchPool {
    private static let free = Mutex<[(pointer: UnsafeMutablePointer<Float>, capacity: Int)]>([])

    /// Runs `body` with a buffer of at least `count` floats (contents undefined), then keeps the
    /// buffer for the next caller. At most as many buffers exist as calls ever ran at once.
    static func withFloats<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        var buffer = free.withLock { list -> (pointer: UnsafeMutablePointer<Float>, capacity: Int)? in
            guard let i = list.indices.max(by: { list[$0].capacity < list[$1].capacity }) else { return nil }
            return list.remove(at: i)
        }
        if let b = buffer, b.capacity < count {
            b.pointer.deallocate()
            buffer = nil
        }
        let b = buffer ?? (UnsafeMutablePointer<Float>.allocate(capacity: count), count)
        defer { free.withLock { $0.append(b) } }
        return try body(b.pointer)
    }
}
