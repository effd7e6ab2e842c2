import CKernelSupport

/// Register tile of the packed GEMM: 6 rows of A times 16 columns of B, in 12 `SIMD8<Float>`
/// accumulators (with the two B vectors and one broadcast: 15 of the 16 AVX2 ymm registers).
enum GEMMTile {
    static let rows = 6
    static let columns = 16
}

/// C[6,16] = (accumulate ? C : 0) + Σ_k Ap[k,0..<6]ᵀ · Bp[k,0..<16], with A packed 6 floats per k
/// and B packed 16 floats per k. The C tile's cache lines are prefetched for writing before the
/// loop: on wide outputs (Qwen2.5's 4864 columns) C is out of L2, and waiting for those lines at the
/// stores took 14% of the time.
@inline(__always)
func gemmKernel6x16(_ kc: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                    _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ accumulate: Bool) {
    typealias V = SIMD8<Float>
    var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
    var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
    for row in 0..<GEMMTile.rows {
        fuse_prefetch_write(c + row * ldc)
        fuse_prefetch_write(c + row * ldc + GEMMTile.columns - 1)
    }
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<kc {
        let b0 = pb.loadUnaligned(as: V.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
        var s = V(repeating: pa[0])
        c00.addProduct(s, b0); c01.addProduct(s, b1)
        s = V(repeating: pa[1])
        c10.addProduct(s, b0); c11.addProduct(s, b1)
        s = V(repeating: pa[2])
        c20.addProduct(s, b0); c21.addProduct(s, b1)
        s = V(repeating: pa[3])
        c30.addProduct(s, b0); c31.addProduct(s, b1)
        s = V(repeating: pa[4])
        c40.addProduct(s, b0); c41.addProduct(s, b1)
        s = V(repeating: pa[5])
        c50.addProduct(s, b0); c51.addProduct(s, b1)
        pa += 6
        pb += 64
    }
    @inline(__always) func store(_ row: Int, _ v0: V, _ v1: V) {
        let p = UnsafeMutableRawPointer(c + row * ldc)
        if accumulate {
            p.storeBytes(of: p.loadUnaligned(as: V.self) + v0, as: V.self)
            p.storeBytes(of: p.loadUnaligned(fromByteOffset: 32, as: V.self) + v1, toByteOffset: 32, as: V.self)
        } else {
            p.storeBytes(of: v0, as: V.self)
            p.storeBytes(of: v1, toByteOffset: 32, as: V.self)
        }
    }
    store(0, c00, c01); store(1, c10, c11); store(2, c20, c21)
    store(3, c30, c31); store(4, c40, c41); store(5, c50, c51)
}
