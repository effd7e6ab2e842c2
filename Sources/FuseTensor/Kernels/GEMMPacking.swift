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

/// Panel[k, r] = W[r, k] for r < width (zero past `width`): a transpose of `width` rows. Full
/// panels go 8 k × 8 rows at a time through an in-register transpose (eight loads, 24 shuffles,
/// eight stores), where one float at a time cost a load and a strided store each.
@inline(__always)
private func packTransposed(_ w: UnsafePointer<Float>, ld: Int, kc: Int, width: Int,
                            into panel: UnsafeMutablePointer<Float>) {
    var k0 = 0
    if width == GEMMTile.columns {
        while k0 + 8 <= kc {
            transpose8x8(w + k0, ld: ld, into: panel + k0 * 16, ldo: 16)
            transpose8x8(w + 8 * ld + k0, ld: ld, into: panel + k0 * 16 + 8, ldo: 16)
            k0 += 8
        }
        if k0 == kc { return }
    } else {
        panel.update(repeating: 0, count: kc * 16)
    }
    for r in 0..<width {
        let src = w + r * ld
        var dst = panel + k0 * 16 + r
        for k in k0..<kc {
            dst.pointee = src[k]
            dst += 16
        }
    }
}

/// out[j, i] = a[i, j] for an 8×8 block (row strides `ld` and `ldo`), in registers: unpack pairs,
/// shuffle quads, swap 128-bit halves (LLVM emits vunpcklps/vunpckhps, vshufps, vperm2f128).
@inline(__always)
func transpose8x8(_ a: UnsafePointer<Float>, ld: Int, into out: UnsafeMutablePointer<Float>, ldo: Int) {
    typealias V = SIMD8<Float>
    @inline(__always) func row(_ i: Int) -> V { UnsafeRawPointer(a + i * ld).loadUnaligned(as: V.self) }
    @inline(__always) func lo(_ x: V, _ y: V) -> V { V(x[0], y[0], x[1], y[1], x[4], y[4], x[5], y[5]) }
    @inline(__always) func hi(_ x: V, _ y: V) -> V { V(x[2], y[2], x[3], y[3], x[6], y[6], x[7], y[7]) }
    @inline(__always) func even(_ x: V, _ y: V) -> V { V(x[0], x[1], y[0], y[1], x[4], x[5], y[4], y[5]) }
    @inline(__always) func odd(_ x: V, _ y: V) -> V { V(x[2], x[3], y[2], y[3], x[6], x[7], y[6], y[7]) }
    @inline(__always) func low(_ x: V, _ y: V) -> V { V(x[0], x[1], x[2], x[3], y[0], y[1], y[2], y[3]) }
    @inline(__always) func high(_ x: V, _ y: V) -> V { V(x[4], x[5], x[6], x[7], y[4], y[5], y[6], y[7]) }
    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7)
    let t0 = lo(r0, r1), t1 = hi(r0, r1), t2 = lo(r2, r3), t3 = hi(r2, r3)
    let t4 = lo(r4, r5), t5 = hi(r4, r5), t6 = lo(r6, r7), t7 = hi(r6, r7)
    let s0 = even(t0, t2), s1 = odd(t0, t2), s2 = even(t1, t3), s3 = odd(t1, t3)
    let s4 = even(t4, t6), s5 = odd(t4, t6), s6 = even(t5, t7), s7 = odd(t5, t7)
    @inline(__always) func store(_ j: Int, _ v: V) { UnsafeMutableRawPointer(out + j * ldo).storeBytes(of: v, as: V.self) }
    store(0, low(s0, s4)); store(1, low(s1, s5)); store(2, low(s2, s6)); store(3, low(s3, s7))
    store(4, high(s0, s4)); store(5, high(s1, s5)); store(6, high(s2, s6)); store(7, high(s3, s7))
}

/// Where the GEMM reads A from: row-major A[M,K], or A = Sᵀ with S[K,M] row-major.
enum GEMMASource {
    case rows(UnsafePointer<Float>, ld: Int)
    case transposed(UnsafePointer<Float>, ld: Int)

    /// Packs A[i0..<i0+mc, k0..<k0+kc] as ⌈mc/6⌉ strips of 6 floats per k, zero-padded past `mc`.
    @inline(__always)
    func pack(i0: Int, mc: Int, k0: Int, kc: Int, into dst: UnsafeMutablePointer<Float>) {
        switch self {
        case .rows(let a, let ld): gemmPackA(a + i0 * ld + k0, lda: ld, mc: mc, kc: kc, into: dst)
        case .transposed(let s, let ld): gemmPackATransposed(s + k0 * ld + i0, ld: ld, mc: mc, kc: kc, into: dst)
        }
    }
}

/// `gemmPackA` for A = Sᵀ: strip[k, r] = S[k, i + r], six contiguous floats of one row of S.
@inline(__always)
func gemmPackATransposed(_ s: UnsafePointer<Float>, ld: Int, mc: Int, kc: Int, into dst: UnsafeMutablePointer<Float>) {
    let mr = GEMMTile.rows
    var strip = dst
    var i = 0
    while i < mc {
        let height = min(mr, mc - i)
        var p = strip
        if height == mr {
            for k in 0..<kc {
                let src = s + k * ld + i
                p[0] = src[0]; p[1] = src[1]; p[2] = src[2]; p[3] = src[3]; p[4] = src[4]; p[5] = src[5]
                p += mr
            }
        } else {
            for k in 0..<kc {
                for r in 0..<mr { p[r] = r < height ? s[k * ld + i + r] : 0 }
                p += mr
            }
        }
        strip += kc * mr
        i += mr
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
