import Foundation
import Testing
@testable import FuseTensor

#if DEBUG
private let optimized = false
#else
private let optimized = true
#endif

/// A build without a target-CPU flag turns every SIMD FMA lane into a call to `fmaf` and runs the
/// GEMM about 100x slower (~1 GFLOP/s); this floor catches that even on a loaded machine.
/// (`scripts/check-kernel-codegen.sh` checks the machine code itself.)
@Suite("Kernel build sanity")
struct KernelSpeedTests {
    @Test("single-thread GEMM runs at least 8 GFLOP/s (optimized builds)", .enabled(if: optimized))
    func gemmFloor() {
        let m = 96, n = 256, k = 256
        var rng = SeededRandom(seed: 9)
        let a = rng.floats(m * k), b = rng.floats(k * n)
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            GEMM.multiply(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &c, ldc: n, threads: 1)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
        }
        let gflops = 2 * Double(m * n * k) / best
        #expect(gflops >= 8, "GEMM ran at \(gflops) GFLOP/s: is the target built with -march (see Package.swift)?")
    }
}
