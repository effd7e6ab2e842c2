#if arch(x86_64)
import _Builtin_intrinsics.intel

/// Rows of X quantized to 8 bits per block of 32 columns, the activations of the `.int8` kernels:
/// x ≈ scale · q with scale = max|x| / 127 and q = round(x · 127 / max|x|) (nearest even, as
/// llama.cpp's `quantize_row_q8_0` does, but with the scale kept in Float32 rather than rounded to
/// a half). `sum` holds scale · Σq per block, what a block's weight offset multiplies.
struct Int8Rows {
    /// q[b · columns + i].
    let q: UnsafeMutablePointer<Int8>
    /// scale[k · batch + b] (block-major, so the scales of consecutive rows load as one vector).
    let scale: UnsafeMutablePointer<Float>
    /// sum[k · batch + b] = scale · Σ q over block k of row b.
    let sum: UnsafeMutablePointer<Float>
    let batch: Int
    let columns: Int
    let chunks: Int

    /// Bytes of storage for `batch` rows of `columns` columns (a multiple of 32).
    static func byteCount(batch: Int, columns: Int) -> Int {
        batch * columns + 8 * batch * (columns / 32)
    }

    /// Quantizes `batch` rows of X (`ldx` floats apart; `columns` a multiple of 32) into `storage`
    /// (`byteCount` bytes, 4-byte aligned).
    @inline(__always)
    init(_ x: UnsafePointer<Float>, ldx: Int, batch: Int, columns: Int, storage: UnsafeMutableRawPointer) {
        let chunks = columns / 32
        self.batch = batch
        self.columns = columns
        self.chunks = chunks
        scale = storage.bindMemory(to: Float.self, capacity: batch * chunks)
        sum = (storage + 4 * batch * chunks).bindMemory(to: Float.self, capacity: batch * chunks)
        q = (storage + 8 * batch * chunks).bindMemory(to: Int8.self, capacity: batch * columns)
        for b in 0..<batch {
            for k in 0..<chunks {
                let (d, s) = Self.quantizeBlock(x + b * ldx + 32 * k, into: q + b * columns + 32 * k)
                scale[k * batch + b] = d
                sum[k * batch + b] = d * Float(s)
            }
        }
    }

    /// Quantizes 32 floats; returns the scale and Σq.
    @inline(__always)
    static func quantizeBlock(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Int8>) -> (Float, Int32) {
        let p = UnsafeRawPointer(x)
        let v0 = p.loadUnaligned(as: F8.self), v1 = p.loadUnaligned(fromByteOffset: 32, as: F8.self)
        let v2 = p.loadUnaligned(fromByteOffset: 64, as: F8.self), v3 = p.loadUnaligned(fromByteOffset: 96, as: F8.self)
        let signBit = _mm256_set1_ps(-0.0)
        let m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(signBit, v0), _mm256_andnot_ps(signBit, v1)),
                              _mm256_max_ps(_mm256_andnot_ps(signBit, v2), _mm256_andnot_ps(signBit, v3)))
        // Lane by lane: the generic `SIMD.max()` stays an out-of-line call.
        let amax = max(max(max(m[0], m[1]), max(m[2], m[3])), max(max(m[4], m[5]), max(m[6], m[7])))
        let d = amax / 127
        let id = _mm256_set1_ps(amax > 0 ? 127 / amax : 0)
        // vcvtps2dq rounds to nearest even under the default MXCSR.
        let i0 = _mm256_cvtps_epi32(_mm256_mul_ps(v0, id)), i1 = _mm256_cvtps_epi32(_mm256_mul_ps(v1, id))
        let i2 = _mm256_cvtps_epi32(_mm256_mul_ps(v2, id)), i3 = _mm256_cvtps_epi32(_mm256_mul_ps(v3, id))
        let total = _mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3))
        // The packs interleave 128-bit lanes; the permutation puts the 32 bytes back in order.
        let packed = _mm256_packs_epi16(_mm256_packs_epi32(i0, i1), _mm256_packs_epi32(i2, i3))
        let ordered = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))
        UnsafeMutableRawPointer(out).storeBytes(of: ordered, as: __m256i.self)
        return (d, unsafeBitCast(total, to: SIMD8<Int32>.self).wrappedSum())
    }

    /// The 32 quantized values of block k of row b.
    @inline(__always) func block(_ b: Int, _ k: Int) -> __m256i {
        UnsafeRawPointer(q + b * columns + 32 * k).loadUnaligned(as: __m256i.self)
    }
}
#endif
