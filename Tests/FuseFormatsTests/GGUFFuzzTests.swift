import Foundation
import FuseFormats
import FuseTensor
import Testing

/// Seeded random damage to a small valid GGUF: opening never crashes, hangs or reads outside the
/// file; whatever opens has tensors that lie inside it and dequantize.
@Suite("GGUF fuzz")
struct GGUFFuzzTests {
    /// SplitMix64: a small seeded generator, the same on every platform.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interesting: [UInt64] = [0, 1, 2, 7, 31, 32, 33, 255, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF, 1 << 32, 1 << 62,
                                        UInt64(Int.max), UInt64.max, UInt64.max - 7]

    static func mutate(_ base: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = base
        switch rng.next() % 5 {
        case 0: // flip a few random bits
            for _ in 0..<Int.random(in: 1...8, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng)) }
        case 1: // truncate
            b.removeLast(Int.random(in: 1...b.count, using: &rng))
        case 2, 3: // overwrite a length-like field (u64 or u32) in the header region with an edge value
            let value = interesting.randomElement(using: &rng)! &+ UInt64(bitPattern: Int64.random(in: -1...1, using: &rng))
            let width = rng.next() % 2 == 0 ? 8 : 4
            let at = Int.random(in: 0..<min(b.count, 1024) - width, using: &rng)
            for i in 0..<width { b[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        default: // random bytes over a short span
            let at = Int.random(in: 0..<b.count, using: &rng)
            for i in at..<min(b.count, at + Int.random(in: 1...16, using: &rng)) { b[i] = UInt8.random(in: 0...255, using: &rng) }
        }
        return b
    }

    @Test("10,000 seeded mutations never crash or hang")
    func fuzz() {
        let base = [UInt8](SampleGGUF.bytes)
        var rng = SplitMix64(state: 2026)
        var opened = 0, errors = 0
        let start = Date()
        let out = UnsafeMutablePointer<Float>.allocate(capacity: 1 << 16)
        defer { out.deallocate() }
        for _ in 0..<10_000 {
            let bytes = Self.mutate(base, &rng)
            do {
                let file = try GGUFFile(data: Data(bytes), name: "fuzz.gguf")
                opened += 1
                for name in file.tensorNames {
                    let t = file.tensor(named: name)!
                    #expect(t.data.count == t.type.byteCount(elements: t.elementCount))
                    if t.type.supportsDequantize, t.elementCount <= 1 << 16, t.elementCount > 0 {
                        t.type.dequantize(t.data.baseAddress!, count: t.elementCount, into: out)
                    }
                }
            } catch {
                errors += 1
            }
        }
        #expect(opened + errors == 10_000)
        #expect(errors > 1000 && opened > 100, "mutations should both break and spare files: \(errors) errors, \(opened) opened")
        #expect(Date().timeIntervalSince(start) < 60, "fuzzing took \(Date().timeIntervalSince(start)) s")
    }
}
