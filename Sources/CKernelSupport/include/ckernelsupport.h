#ifndef CKERNELSUPPORT_H
#define CKERNELSUPPORT_H

/// Two operations the SIMD kernels need and cannot get from Swift as machine code they can use:
/// a software prefetch and a half-to-float conversion without a false dependency. Both are
/// header-only and always inlined into the Swift kernels (built with their -march flags).

/// Brings the cache line holding `address` into L1 for writing (PREFETCHW where the CPU has it).
/// Swift has no prefetch builtin, and clang's `_m_prefetchw` does not survive the import (its
/// call is dropped).
static inline __attribute__((always_inline)) void fuse_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#if defined(__x86_64__) && defined(__F16C__)
#include <immintrin.h>
#endif

/// The IEEE half at `address` (2 bytes, any alignment) as a float.
///
/// On x86 with F16C: `movzwl`, `vmovd`, `vcvtph2ps`. LLVM's own lowering of a half load
/// (`Float(Float16(bitPattern:))` in Swift, or this function without the empty asm) is
/// `vpinsrw $0, mem, %xmmN, %xmmN`, which merges the 16 bits into whatever register it picks and
/// so waits for that register's last writer: in the fused dot products that was the previous
/// block's accumulator, which chained every block's scale to the block before it. The empty asm
/// makes the zero-extended value opaque, so it is built in a fresh register.
static inline __attribute__((always_inline)) float fuse_half_to_float(const void *address) {
#if defined(__x86_64__) && defined(__F16C__)
    unsigned short bits;
    __builtin_memcpy(&bits, address, 2);
    __m128i v = _mm_cvtsi32_si128(bits);
    __asm__("" : "+x"(v));
    return _mm_cvtss_f32(_mm_cvtph_ps(v));
#else
    _Float16 h;
    __builtin_memcpy(&h, address, 2);
    return (float)h;
#endif
}

#endif
