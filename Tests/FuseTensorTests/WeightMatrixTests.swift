import Foundation
import Testing
@testable import FuseTensor

/// Random rows in each GGML format, with their dequantization by gguf-py
/// (`scripts/fixtures/kernel_oracles.py` → Fixtures/quant_blocks.json).
struct QuantFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let type: String, id: UInt32, rows: Int, columns: Int, data: String, dequantized: String
        var testDescription: String { "\(type) \(rows)x\(columns)" }
        var bytes: [UInt8] { [UInt8](Data(base64Encoded: data)!) }
        var values: [Float] { decodeFloats(dequantized) }
    }
    let cases: [Case]
    static let all: [Case] = (try? fixture("quant_blocks", as: QuantFixture.self).cases) ?? []
}

@Suite("Quantized weight kernels")
struct WeightMatrixTests {
    @Test("the fixture covers every supported format")
    func coverage() {
        #expect(Set(QuantFixture.all.map(\.id)) == Set(WeightMatrix.supportedTypes.map(\.rawValue)))
    }

    @Test("row decoding equals gguf-py's dequantize", arguments: QuantFixture.all)
    func decode(_ c: QuantFixture.Case) throws {
        let bytes = c.bytes, expected = c.values
        var out = [Float](repeating: .nan, count: c.rows * c.columns)
        try bytes.withUnsafeBytes { raw in
            let w = try WeightMatrix(type: try #require(GGMLType(rawValue: c.id)), rows: c.rows, columns: c.columns,
                                     data: raw.baseAddress!)
            for r in 0..<c.rows { w.dequantize(row: r, count: c.columns, into: &out[r * c.columns]) }
        }
        // The decoders compute d·q + offset with one rounding (FMA); gguf-py rounds twice.
        let scale = expected.map(abs).max() ?? 1
        #expect(maxAbsDiff(out, expected) <= 1e-6 * scale)
    }

    @Test("row decoding agrees with GGMLType.dequantize (the reference Swift decoder)", arguments: QuantFixture.all)
    func agreesWithReferenceDecoder(_ c: QuantFixture.Case) throws {
        let type = try #require(GGMLType(rawValue: c.id))
        let bytes = c.bytes
        var ours = [Float](repeating: .nan, count: c.rows * c.columns), reference = ours
        try bytes.withUnsafeBytes { raw in
            let w = try WeightMatrix(type: type, rows: c.rows, columns: c.columns, data: raw.baseAddress!)
            for r in 0..<c.rows {
                w.dequantize(row: r, count: c.columns, into: &ours[r * c.columns])
                type.dequantize(raw.baseAddress! + r * w.rowBytes, count: c.columns, into: &reference[r * c.columns])
            }
        }
        #expect(maxAbsDiff(ours, reference) <= 1e-6 * (reference.map(abs).max() ?? 1))
    }

    /// Y = X·Wᵀ through the fused path (batch ≤ 8: 1-, 4- and 8-row kernels) and the dequantize +
    /// GEMM path (batch > 8), against a float64 product with gguf-py's dequantized weights.
    @Test("Y = X·Wᵀ matches a float64 product with the reference weights", arguments: QuantFixture.all)
    func forward(_ c: QuantFixture.Case) throws {
        let bytes = c.bytes, w64 = c.values.map(Double.init)
        let type = try #require(GGMLType(rawValue: c.id))
        for (batch, threads) in [(1, 1), (3, 2), (4, 1), (7, 2), (8, 3), (11, 2), (19, 1)] {
            var rng = SeededRandom(seed: UInt64(batch * 31 + Int(c.id)))
            let x = rng.floats(batch * c.columns), y0 = rng.floats(batch * c.rows)
            for accumulate in [false, true] {
                var y = accumulate ? y0 : [Float](repeating: .nan, count: batch * c.rows)
                try bytes.withUnsafeBytes { raw in
                    let w = try WeightMatrix(type: type, rows: c.rows, columns: c.columns, data: raw.baseAddress!)
                    w.forward(x, batch: batch, into: &y, accumulate: accumulate, threads: threads)
                }
                var worst = 0.0
                for b in 0..<batch {
                    for r in 0..<c.rows {
                        var s = accumulate ? Double(y0[b * c.rows + r]) : 0, mag = abs(s)
                        for i in 0..<c.columns {
                            let t = w64[r * c.columns + i] * Double(x[b * c.columns + i])
                            s += t
                            mag += abs(t)
                        }
                        worst = max(worst, abs(Double(y[b * c.rows + r]) - s) / mag)
                    }
                }
                // float32 accumulation over ≤ 512 terms: relative to Σ|w·x|.
                #expect(worst <= 2e-6, "batch \(batch) accumulate \(accumulate): relative error \(worst)")
            }
        }
    }

    /// Decoding must not depend on the batch: a sequence's logits are the same alone or with up
    /// to `fusedBatchLimit - 1` others, so seeded sampling is reproducible under batching.
    @Test("each row of Y is bitwise the same at batch 1, 4, 5 and 8", arguments: QuantFixture.all)
    func batchInvariant(_ c: QuantFixture.Case) throws {
        let type = try #require(GGMLType(rawValue: c.id))
        var rng = SeededRandom(seed: 7 + UInt64(c.id))
        let x = rng.floats(WeightMatrix.fusedBatchLimit * c.columns)
        try c.bytes.withUnsafeBytes { raw in
            let w = try WeightMatrix(type: type, rows: c.rows, columns: c.columns, data: raw.baseAddress!)
            var full = [Float](repeating: .nan, count: WeightMatrix.fusedBatchLimit * c.rows)
            w.forward(x, batch: WeightMatrix.fusedBatchLimit, into: &full, threads: 2)
            for batch in [1, 4, 5] {
                var part = [Float](repeating: .nan, count: batch * c.rows)
                w.forward(x, batch: batch, into: &part, threads: 1)
                #expect(part.map(\.bitPattern) == full.prefix(batch * c.rows).map(\.bitPattern), "batch \(batch)")
            }
        }
    }

    @Test("unsupported formats and misaligned rows are rejected with a message")
    func errors() {
        let bytes = [UInt8](repeating: 0, count: 4096)
        bytes.withUnsafeBytes { raw in
            #expect(throws: KernelError.unsupportedType(.q2_K)) {
                try WeightMatrix(type: .q2_K, rows: 1, columns: 256, data: raw.baseAddress!)
            }
            #expect(throws: KernelError.rowNotBlockAligned(type: .q4_K, columns: 100)) {
                try WeightMatrix(type: .q4_K, rows: 1, columns: 100, data: raw.baseAddress!)
            }
        }
        #expect(KernelError.unsupportedType(.q2_K).description.contains("Q4_K"))
    }
}
