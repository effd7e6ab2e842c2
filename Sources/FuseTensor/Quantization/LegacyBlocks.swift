// The 32-weight formats: Q4_0, Q4_1, Q5_0, Q5_1, Q8_0. In each block, byte j of the packed
// nibbles holds weight j (low nibble) and weight j + 16 (high nibble); Q5 adds bit j of a
// little-endian u32 `qh` as the fifth bit of weight j.
extension GGMLBlock {
    // y = d * (q - 8)
    static func dequantizeQ4_0(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 18, out = y + b * 32
            let d = half(p, 0)
            for j in 0..<16 {
                let q = byte(p, 2 + j)
                out[j] = d * Float(Int8(q & 0x0F) - 8)
                out[j + 16] = d * Float(Int8(q >> 4) - 8)
            }
        }
    }

    // y = d * q + m
    static func dequantizeQ4_1(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 20, out = y + b * 32
            let d = half(p, 0), m = half(p, 2)
            for j in 0..<16 {
                let q = byte(p, 4 + j)
                out[j] = d * Float(q & 0x0F) + m
                out[j + 16] = d * Float(q >> 4) + m
            }
        }
    }

    // y = d * (q - 16), q 5 bits
    static func dequantizeQ5_0(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 22, out = y + b * 32
            let d = half(p, 0)
            let qh = p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
            for j in 0..<16 {
                let q = byte(p, 6 + j)
                let lo = q & 0x0F | UInt8((qh >> UInt32(j)) & 1) << 4
                let hi = q >> 4 | UInt8((qh >> UInt32(j + 16)) & 1) << 4
                out[j] = d * Float(Int8(lo) - 16)
                out[j + 16] = d * Float(Int8(hi) - 16)
            }
        }
    }

    // y = d * q + m, q 5 bits
    static func dequantizeQ5_1(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 24, out = y + b * 32
            let d = half(p, 0), m = half(p, 2)
            let qh = p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
            for j in 0..<16 {
                let q = byte(p, 8 + j)
                let lo = q & 0x0F | UInt8((qh >> UInt32(j)) & 1) << 4
                let hi = q >> 4 | UInt8((qh >> UInt32(j + 16)) & 1) << 4
                out[j] = d * Float(lo) + m
                out[j + 16] = d * Float(hi) + m
            }
        }
    }

    // y = q * d, q signed 8 bits
    static func dequantizeQ8_0(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 34, out = y + b * 32
            let d = half(p, 0)
            for j in 0..<32 { out[j] = Float(Int8(bitPattern: byte(p, 2 + j))) * d }
        }
    }
}
