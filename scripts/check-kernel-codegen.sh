#!/usr/bin/env bash
# Checks that the FuseTensor kernels were compiled for a CPU with vector FMA: the GEMM micro-kernel
# must use packed FMAs on ymm (AVX2) or zmm registers, and no kernel may call the scalar `fmaf`
# (what a build without -march produces, ~100x slower) or load a half with `vpinsrw` (a merge into
# a live register: a false dependency that chained the quantized dot products' blocks together,
# see `half` and docs/kernels.md). scripts/test.sh runs it; by hand, after a release build:
#   swift build -c release --target FuseTensor && scripts/check-kernel-codegen.sh
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
objects=(.build/"$config"/FuseTensor.build/*.o)
[ -e "${objects[0]}" ] || { echo "no objects in .build/$config/FuseTensor.build: build first" >&2; exit 2; }
asm="$(objdump -d --no-show-raw-insn "${objects[@]}")"
fma=$(grep -cE 'vfmadd[0-9]+ps[[:space:]].*%[yz]mm' <<<"$asm" || true)
calls=$(grep -cE 'call.*<fmaf' <<<"$asm" || true)
merges=$(grep -cE 'vpinsrw' <<<"$asm" || true)
echo "packed ymm/zmm FMAs: $fma; calls to fmaf: $calls; vpinsrw: $merges"
if [ "$fma" -lt 24 ] || [ "$calls" -gt 0 ]; then
    echo "FuseTensor was not compiled for a vector-FMA CPU: check the -march flags in Package.swift" >&2
    exit 1
fi
if [ "$merges" -gt 0 ]; then
    echo "FuseTensor loads 16-bit values with vpinsrw (a false dependency): read halves with half()" >&2
    exit 1
fi
