#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Software prefetch hint for the SIMD kernels. Swift has no prefetch builtin, and clang's
/// `_m_prefetchw` does not survive the import (its call is dropped), so the kernels reach
/// `__builtin_prefetch` through this always-inlined wrapper.

/// Brings the cache line holding `address` into L1 for writing (PREFETCHW where the CPU has it).
static inline __attribute__((always_inline)) void fuse_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
