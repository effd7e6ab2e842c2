/// Where the GEMM reads B from. Packing copies a `kc × 16` slice of B into a contiguous panel
/// (16 floats per k, zero-padded past N) that the micro-kernel streams from L1.
enum GEMMBSource {
    /// B[K,N] row-major with leading dimension `ld`.
    case rows(UnsafePointer<Float>, ld: Int)
    /// B = Wᵀ with W[N,K] row-major (model weights, [out, in]) with leading dimension `ld`.
    case transposed(UnsafePointer<Float>, ld: Int)
    /// B = Wᵀ with W stored in a GGML block format, dequantized while packing.
    case weights(WeightMatrix)

    /// K-block lengths must be multiples of this (the weight format's block size).
    var kGranularity: Int {
        if case .weights = self { return 32 }
        return 8
    }

    /// Packs B[k0..<k0+kc, n0..<n0+nc] as ⌈nc/16⌉ panels of `kc × 16` floats into `dst`.
    /// `scratch` holds at least `16 * kc` floats (used by the transposing sources).
    func pack(k0: Int, kc: Int, n0: Int, nc: Int, into dst: UnsafeMutablePointer<Float>,
              scratch: UnsafeMutablePointer<Float>) {
        let nr = GEMMTile.columns
        var panel = dst
        var j = 0
        while j < nc {
            let width = min(nr, nc - j)
            switch self {
            case .rows(let b, let ld):
                packRows(b + k0 * ld + n0 + j, ld: ld, kc: kc, width: width, into: panel)
            case .transposed(let w, let ld):
                packTransposed(w + (n0 + j) * ld + k0, ld: ld, kc: kc, width: width, into: panel)
            case .weights(let w):
                for r in 0..<width {
                    w.dequantize(row: n0 + j + r, from: k0, count: kc, into: scratch + r * kc)
                }
                packTransposed(UnsafePointer(scratch), ld: kc, kc: kc, width: width, into: panel)
            }
            panel += kc * nr
            j += nr
        }
    }
}

/// Panel[k, 0..<16] = B[k, 0..<width] (zero past `width`).
@inline(__always)
private func packRows(_ b: UnsafePointer<Float>, ld: Int, kc: Int, width: Int,
                      into panel: UnsafeMutablePointer<Float>) {
    if width == GEMMTile.columns {
        for k in 0..<kc {
            let src = UnsafeRawPointer(b + k * ld), dst = UnsafeMutableRawPointer(panel + k * 16)
            dst.storeBytes(of: src.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
        }
        return
    }
    for k in 0..<kc {
        for j in 0..<16 { panel[k * 16 + j] = j < width ? b[k * ld + j] : 0 }
    }
}

/// Panel[k, r] = W[r, k] for r < width (zero past `width`): a transpose of `width` rows.
@inline(__always)
private func packTransposed(_ w: UnsafePointer<Float>, ld: Int, kc: Int, width: Int,
                            into panel: UnsafeMutablePointer<Float>) {
    if width < 16 { panel.update(repeating: 0, count: kc * 16) }
    for r in 0..<width {
        let src = w + r * ld
        var dst = panel + r
        for k in 0..<kc {
            dst.pointee = src[k]
            dst += 16
        }
    }
}

/// Packs A[0..<mc, 0..<kc] (leading dimension `lda`) as ⌈mc/6⌉ strips of 6 floats per k,
/// zero-padded past `mc`.
@inline(__always)
func gemmPackA(_ a: UnsafePointer<Float>, lda: Int, mc: Int, kc: Int, into dst: UnsafeMutablePointer<Float>) {
    let mr = GEMMTile.rows
    var strip = dst
    var i = 0
    while i < mc {
        let height = min(mr, mc - i)
        if height == mr {
            let r0 = a + i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda
            var p = strip
            for k in 0..<kc {
                p[0] = r0[k]; p[1] = r1[k]; p[2] = r2[k]; p[3] = r3[k]; p[4] = r4[k]; p[5] = r5[k]
                p += 6
            }
        } else {
            for k in 0..<kc {
                for r in 0..<mr { strip[k * mr + r] = r < height ? a[(i + r) * lda + k] : 0 }
            }
        }
        strip += kc * mr
        i += mr
    }
}
