import Foundation
import FuseModels
import FuseTensor

/// The measurements of `fusechat bench gemm` (Foundation and FuseTensor only).
struct GemmBenchmark {
    var threadCounts: [Int]
    var tokens: Int
    var rounds: Int
    var python: String?
    var numpy: Bool
    var quantized: Bool

    /// (name, N, K): Y[M,N] = X[M,K] · W[N,K]ᵀ for the demo models' projections.
    static let shapes: [(String, Int, Int)] = [
        ("SmolLM2 gate/up 576→1536", 1536, 576), ("SmolLM2 down 1536→576", 576, 1536),
        ("Gemma3-270M gate/up 640→2048", 2048, 640), ("Qwen0.5B gate/up 896→4864", 4864, 896),
        ("Qwen0.5B down 4864→896", 896, 4864),
    ]

    func run() throws {
        print("machine load (/proc/loadavg): \(loadAverage())")
        let reference = !numpy ? nil : try NumpyMatmulReference(python: referencePython(python), maxThreads: threadCounts.max() ?? 1)
        if let reference { print("numpy: \(reference.kernelInfo)") }
        print("GEMM Y[M,N] = X[M,K]·Wᵀ, M = \(tokens), median of \(rounds) alternating rounds")
        print(pad("shape", 30) + pad("threads", 8) + pad("swift GFLOP/s", 15) + pad("numpy GFLOP/s", 15) + "ratio")
        for (name, n, k) in Self.shapes {
            var rng = SeededRandom(seed: 42)
            let a = (0..<(tokens * k)).map { _ in Float.random(in: -1..<1, using: &rng) }
            let w = (0..<(n * k)).map { _ in Float.random(in: -1..<1, using: &rng) }
            var c = [Float](repeating: 0, count: tokens * n)
            let flops = 2 * Double(tokens) * Double(n) * Double(k)
            for threads in threadCounts {
                let iterations = max(1, Int(0.15e9 / flops * Double(threads) * 5))
                var ours: [Double] = [], theirs: [Double] = []
                for _ in 0..<rounds {
                    ours.append(time(iterations) {
                        GEMM.multiplyTransposed(m: tokens, n: n, k: k, a: a, lda: k, w: w, ldw: k, c: &c, ldc: n,
                                                threads: threads)
                    })
                    if let reference {
                        theirs.append(try reference.seconds(m: tokens, n: n, k: k, threads: threads, iterations: iterations))
                        // OpenBLAS's threads keep spinning for a while after a call: let them go
                        // idle so that they do not take a core from the next Swift round.
                        Thread.sleep(forTimeInterval: 0.5)
                    }
                }
                let g = flops / median(ours) / 1e9
                let r = theirs.isEmpty ? nil : flops / median(theirs) / 1e9
                print(pad(name, 30) + pad("\(threads)", 8) + pad(fmt(g), 15) + pad(r.map(fmt) ?? "-", 15)
                      + (r.map { String(format: "%.2f", g / $0) } ?? "-"))
            }
        }
        if quantized { try quantizedMatvec() }
        print("machine load after: \(loadAverage())")
    }

    /// y = W·x (batch 1 and 8) for each weight format on Qwen 0.5B's down projection, 896×4864
    /// (rows a multiple of 256, as K-quants need).
    func quantizedMatvec() throws {
        print("\nquantized matvec y = W·x, W 896×4864 (batch 1; batch 8 as GFLOP/s), median of \(rounds) rounds;"
              + " float32 activations, then int8 (ActivationPrecision)")
        print(pad("format", 8) + pad("threads", 8) + pad("weights GB/s", 14) + pad("b1 GFLOP/s", 12) + pad("b8 GFLOP/s", 12)
              + pad("int8 GB/s", 11) + pad("int8 b1", 9) + "int8 b8")
        let rows = 896, columns = 4864
        for type in [GGMLType.f32, .f16, .q8_0, .q6_K, .q5_0, .q4_K, .q4_1, .q4_0] {
            let bytes = try syntheticWeights(type: type, rows: rows, columns: columns)
            var rng = SeededRandom(seed: 42)
            let x = (0..<(8 * columns)).map { _ in Float.random(in: -1..<1, using: &rng) }
            var y = [Float](repeating: 0, count: 8 * rows)
            try bytes.withUnsafeBytes { raw in
                let w = try WeightMatrix(type: type, rows: rows, columns: columns, data: raw.baseAddress!)
                let flops = 2 * Double(rows * columns)
                for threads in threadCounts {
                    var line = pad("\(type)", 8) + pad("\(threads)", 8)
                    let modes: [ActivationPrecision] = [.f32, .f16].contains(type) ? [.float32] : [.float32, .int8]
                    for mode in modes {
                        let one = median((0..<rounds).map { _ in
                            time(20) { w.forward(x, batch: 1, into: &y, activations: mode, threads: threads) } })
                        let eight = median((0..<rounds).map { _ in
                            time(5) { w.forward(x, batch: 8, into: &y, activations: mode, threads: threads) } })
                        let width = mode == .float32 ? [14, 12, 12] : [11, 9, 9]
                        line += pad(fmt(Double(bytes.count) / one / 1e9), width[0]) + pad(fmt(flops / one / 1e9), width[1])
                            + pad(fmt(8 * flops / eight / 1e9), width[2])
                    }
                    print(line)
                }
            }
        }
    }

    /// Random weight bytes with finite, small f16 scales in every block.
    func syntheticWeights(type: GGMLType, rows: Int, columns: Int) throws -> [UInt8] {
        var rng = SeededRandom(seed: 42)
        let count = type.byteCount(elements: rows * columns)!
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let scaleOffsets: [Int]
        switch type {
        case .f32: return (0..<(rows * columns)).flatMap { _ in withUnsafeBytes(of: Float.random(in: -1..<1, using: &rng)) { Array($0) } }
        case .f16: return (0..<(rows * columns)).flatMap { _ in withUnsafeBytes(of: Float16(Float.random(in: -1..<1, using: &rng))) { Array($0) } }
        case .q4_1, .q4_K: scaleOffsets = [0, 2]
        case .q6_K: scaleOffsets = [208]
        default: scaleOffsets = [0]
        }
        let half = Float16(0.01).bitPattern
        for block in 0..<(count / type.blockBytes) {
            for o in scaleOffsets {
                bytes[block * type.blockBytes + o] = UInt8(half & 0xFF)
                bytes[block * type.blockBytes + o + 1] = UInt8(half >> 8)
            }
        }
        return bytes
    }
}
