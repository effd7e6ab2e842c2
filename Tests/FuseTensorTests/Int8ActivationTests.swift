#if arch(x86_64)
import Foundation
import Testing
@testable import FuseTensor

/// Activations quantized as llama.cpp does and the products they give, computed by numpy from
/// gguf-py's dequantized weights (`scripts/fixtures/int8_activations.py` →
/// Fixtures/int8_activations.json).
struct Int8Fixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let type: String, id: UInt32, x: String, q: String, scales: String, y: [Double], magnitude: [Double]
        var testDescription: String { type }
    }
    let batch: Int
    let cases: [Case]
    static let all: Int8Fixture? = try? fixture("int8_activations", as: Int8Fixture.self)
}

@Suite("Int8 activation kernels (x86-64)")
struct Int8ActivationTests {
    static func weights(_ c: Int8Fixture.Case) throws -> QuantFixture.Case {
        try #require(QuantFixture.all.first { $0.id == c.id })
    }

    @Test("the fixture covers every quantized format")
    func coverage() throws {
        let fixture = try #require(Int8Fixture.all)
        let quantized = WeightMatrix.supportedTypes.filter { ![.f32, .f16, .bf16].contains($0) }
        #expect(Set(fixture.cases.map(\.id)) == Set(quantized.map(\.rawValue)))
    }

    @Test("X is quantized exactly as the oracle: the same bytes and scales", arguments: Int8Fixture.all?.cases ?? [])
    func quantization(_ c: Int8Fixture.Case) throws {
        let batch = try #require(Int8Fixture.all).batch
        let x = decodeFloats(c.x), columns = x.count / batch, chunks = columns / 32
        let expectedQ = [Int8](Data(base64Encoded: c.q)!.map { Int8(bitPattern: $0) }), expectedScales = decodeFloats(c.scales)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: Int8Rows.byteCount(batch: batch, columns: columns), alignment: 32)
        defer { storage.deallocate() }
        let rows = Int8Rows(x, ldx: columns, batch: batch, columns: columns, storage: storage)
        #expect(Array(UnsafeBufferPointer(start: rows.q, count: batch * columns)) == expectedQ)
        for b in 0..<batch {
            for k in 0..<chunks {
                #expect(rows.scale[k * batch + b] == expectedScales[b * chunks + k], "row \(b) block \(k)")
                let sum = expectedQ[(b * columns + 32 * k)..<(b * columns + 32 * k + 32)].reduce(0) { $0 + Int($1) }
                #expect(rows.sum[k * batch + b] == expectedScales[b * chunks + k] * Float(sum))
            }
        }
    }

    @Test("Y = X·Wᵀ matches the float64 product with the quantized X, every batch size", arguments: Int8Fixture.all?.cases ?? [])
    func forward(_ c: Int8Fixture.Case) throws {
        let w = try Self.weights(c), type = try #require(GGMLType(rawValue: c.id))
        let batchCount = try #require(Int8Fixture.all).batch
        let x = decodeFloats(c.x), columns = w.columns, rowCount = w.rows
        for (batch, threads) in [(1, 1), (3, 2), (4, 1), (5, 2), (8, 1), (8, 3)] where batch <= batchCount {
            for accumulate in [false, true] {
                let y0 = (0..<batch * rowCount).map { Float($0 % 5) - 2 }
                var y = accumulate ? y0 : [Float](repeating: .nan, count: batch * rowCount)
                try w.bytes.withUnsafeBytes { raw in
                    let m = try WeightMatrix(type: type, rows: rowCount, columns: columns, data: raw.baseAddress!)
                    m.forward(x, batch: batch, into: &y, accumulate: accumulate, activations: .int8, threads: threads)
                }
                var worst = 0.0
                for i in 0..<batch * rowCount {
                    let expected = c.y[i] + (accumulate ? Double(y0[i]) : 0)
                    worst = max(worst, abs(Double(y[i]) - expected) / (c.magnitude[i] + abs(Double(y0[i]))))
                }
                // Exact integer block products; float32 scaling and summation over ≤ 16 blocks.
                #expect(worst <= 2e-6, "batch \(batch) threads \(threads) accumulate \(accumulate): relative error \(worst)")
            }
        }
    }

    @Test("each row of Y is bitwise the same at batch 1, 4, 5 and 8", arguments: Int8Fixture.all?.cases ?? [])
    func batchInvariant(_ c: Int8Fixture.Case) throws {
        let w = try Self.weights(c), type = try #require(GGMLType(rawValue: c.id))
        let x = decodeFloats(c.x)
        try w.bytes.withUnsafeBytes { raw in
            let m = try WeightMatrix(type: type, rows: w.rows, columns: w.columns, data: raw.baseAddress!)
            var full = [Float](repeating: .nan, count: 8 * w.rows)
            m.forward(x, batch: 8, into: &full, activations: .int8, threads: 2)
            for batch in [1, 4, 5] {
                var part = [Float](repeating: .nan, count: batch * w.rows)
                m.forward(x, batch: batch, into: &part, activations: .int8, threads: 1)
                #expect(part.map(\.bitPattern) == full.prefix(batch * w.rows).map(\.bitPattern), "batch \(batch)")
            }
        }
    }
}
#endif
