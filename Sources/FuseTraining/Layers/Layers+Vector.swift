import FuseTensor

/// Eight-lane helpers of the layers' element-wise loops: a loop over a row in chunks of 8 whose
/// last chunk may be partial (`lanes` < 8: loads give 0 past it, stores leave it alone).
extension Layers {
    typealias F8 = SIMD8<Float>

    @inline(__always)
    static func forEachChunk(_ count: Int, _ body: (_ index: Int, _ lanes: Int) -> Void) {
        var j = 0
        while j + 8 <= count { body(j, 8); j += 8 }
        if j < count { body(j, count - j) }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ lanes: Int) -> F8 {
        if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: F8.self) }
        var v = F8()
        for i in 0..<lanes { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>, _ lanes: Int) -> F8 { load(UnsafePointer(p), lanes) }

    @inline(__always)
    static func store(_ v: F8, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 8 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: F8.self); return }
        for i in 0..<lanes { p[i] = v[i] }
    }

    /// Lane-wise maximum (compare and blend: the generic `pointwiseMax` and `SIMD.max()` are
    /// out-of-line calls here).
    @inline(__always)
    static func lanewiseMax(_ a: F8, _ b: F8) -> F8 { a.replacing(with: b, where: b .> a) }

    /// The largest lane.
    @inline(__always)
    static func largest(_ v: F8) -> Float {
        let a = Swift.max(Swift.max(v[0], v[1]), Swift.max(v[2], v[3]))
        let b = Swift.max(Swift.max(v[4], v[5]), Swift.max(v[6], v[7]))
        return Swift.max(a, b)
    }

    /// The lanes at or past `lanes` (the unused tail of a partial chunk).
    @inline(__always)
    static func laneMask(_ lanes: Int) -> SIMDMask<SIMD8<Int32>> {
        SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int32>(repeating: Int32(lanes))
    }
}
