// The 256-weight "K" formats: Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, with per-sub-block scales packed as
// in ggml-common.h. Each decoder follows gguf-py's float32 operation order: the sub-block scale
// is `d * scale` first, then `scale * q - min`.
extension GGMLBlock {
    // y = (d * (sc & 15)) * q - dmin * (sc >> 4), 16 sub-blocks of 16, q 2 bits
    static func dequantizeQ2_K(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 84, out = y + b * 256
            let d = half(p, 80), dmin = half(p, 82)
            for i in 0..<256 {
                let half128 = i >> 7, shift = (i >> 5) & 3, l = i & 31
                let q = (byte(p, 16 + half128 * 32 + l) >> UInt8(2 * shift)) & 3
                let sc = byte(p, i >> 4)
                let dl = d * Float(sc & 0x0F), ml = dmin * Float(sc >> 4)
                out[i] = dl * Float(q) - ml
            }
        }
    }

    // y = (d * (scale - 32)) * (q - 4 * (1 - hbit)), 16 sub-blocks of 16, q 2 + 1 bits
    static func dequantizeQ3_K(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        var dl = [Float](repeating: 0, count: 16)
        for b in 0..<blocks {
            let p = src + b * 110, out = y + b * 256
            let d = half(p, 108)
            for s in 0..<16 {
                let low = (byte(p, 96 + (s & 7)) >> UInt8(4 * (s >> 3))) & 0x0F
                let high = (byte(p, 104 + (s & 3)) >> UInt8(2 * (s >> 2))) & 0x03
                dl[s] = d * Float(Int8(low | high << 4) - 32)
            }
            for i in 0..<256 {
                let half128 = i >> 7, shift = (i >> 5) & 3, l = i & 31
                let ql = Int8((byte(p, 32 + half128 * 32 + l) >> UInt8(2 * shift)) & 3)
                let hbit = Int8((byte(p, l) >> UInt8(i >> 5)) & 1) ^ 1
                out[i] = dl[i >> 4] * Float(ql - hbit << 2)
            }
        }
    }

    /// The eight 6-bit (scale, min) pairs of a Q4_K/Q5_K block, packed in 12 bytes at `p`.
    @inline(__always)
    static func scaleMinK4(_ p: UnsafeRawPointer, _ j: Int) -> (scale: UInt8, min: UInt8) {
        if j < 4 { return (byte(p, j) & 0x3F, byte(p, j + 4) & 0x3F) }
        let md = byte(p, j + 4)
        return (md & 0x0F | (byte(p, j - 4) >> 2) & 0x30, md >> 4 | (byte(p, j) >> 2) & 0x30)
    }

    // y = (d * sc) * q - dmin * m, 8 sub-blocks of 32, q 4 bits
    static func dequantizeQ4_K(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 144, out = y + b * 256
            let d = half(p, 0), dmin = half(p, 2)
            for j in 0..<8 {
                let (sc, m) = scaleMinK4(p + 4, j)
                let ds = d * Float(sc), dm = dmin * Float(m)
                let base = 16 + (j >> 1) * 32, shift = UInt8(4 * (j & 1))
                for l in 0..<32 {
                    out[j * 32 + l] = ds * Float((byte(p, base + l) >> shift) & 0x0F) - dm
                }
            }
        }
    }

    // y = (d * sc) * q - dmin * m, 8 sub-blocks of 32, q 4 + 1 bits
    static func dequantizeQ5_K(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 176, out = y + b * 256
            let d = half(p, 0), dmin = half(p, 2)
            for j in 0..<8 {
                let (sc, m) = scaleMinK4(p + 4, j)
                let ds = d * Float(sc), dm = dmin * Float(m)
                let base = 48 + (j >> 1) * 32, shift = UInt8(4 * (j & 1))
                for l in 0..<32 {
                    let q = (byte(p, base + l) >> shift) & 0x0F | ((byte(p, 16 + l) >> UInt8(j)) & 1) << 4
                    out[j * 32 + l] = ds * Float(q) - dm
                }
            }
        }
    }

    // y = (d * scale) * (q - 32), 16 sub-blocks of 16, q 4 + 2 bits
    static func dequantizeQ6_K(_ src: UnsafeRawPointer, blocks: Int, into y: UnsafeMutablePointer<Float>) {
        for b in 0..<blocks {
            let p = src + b * 210, out = y + b * 256
            let d = half(p, 208)
            for i in 0..<256 {
                let h = i >> 7, r = i & 127
                let ql = (byte(p, h * 64 + (r & 63)) >> UInt8(4 * (r >> 6))) & 0x0F
                let qh = (byte(p, 128 + h * 32 + (r & 31)) >> UInt8(2 * (r >> 5))) & 0x03
                let scale = d * Float(Int8(bitPattern: byte(p, 192 + (i >> 4))))
                out[i] = scale * Float(Int8(ql | qh << 4) - 32)
            }
        }
    }
}
