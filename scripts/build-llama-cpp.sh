#!/usr/bin/env bash
# Builds the llama.cpp reference tools (CPU only, Release, native ISA) from the llama.cpp sources
# vendored in the llama-cpp-python sdist on PyPI (this machine reaches PyPI and Debian apt only).
# Used as the oracle for tokenizer cross-checks, model exactness fixtures and speed comparisons.
#
#   scripts/build-llama-cpp.sh [--prefix DIR] [--version X.Y.Z] [--jobs N] [--force]
#
# Default prefix: <main checkout>/.deps/llama.cpp (gitignored). Binaries land in PREFIX/bin; the version
# built is recorded in PREFIX/VERSION. Re-running with the same version is a no-op.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
# Worktrees share the main checkout's .deps so the (slow) build happens once.
main_checkout="$(cd "$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo "$repo/.git")/.." && pwd)"
prefix="$main_checkout/.deps/llama.cpp"
version=""
jobs=2
force=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --version) version="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --force) force=1; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "build-llama-cpp.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

tools=(llama-bench llama-batched-bench llama-tokenize llama-simple llama-cli llama-completion llama-server llama-finetune)
required=(llama-bench llama-tokenize llama-simple llama-server)

if [ "$force" = 0 ] && [ -f "$prefix/VERSION" ]; then
    ok=1
    for t in "${required[@]}"; do [ -x "$prefix/bin/$t" ] || ok=0; done
    if [ "$ok" = 1 ] && { [ -z "$version" ] || grep -qx "llama-cpp-python $version" "$prefix/VERSION"; }; then
        echo "llama.cpp already built in $prefix ($(cat "$prefix/VERSION"))"
        exit 0
    fi
fi

if ! command -v cmake >/dev/null; then
    echo "installing cmake from apt" >&2
    apt-get update -qq && apt-get install -y -qq cmake
fi
command -v c++ >/dev/null || { apt-get update -qq && apt-get install -y -qq g++; }

python="$repo/.venv/bin/python"
[ -x "$python" ] || python="$(command -v python3)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
spec="llama-cpp-python${version:+==$version}"
# Only llama-cpp-python itself must be a source package; its build tools may come as wheels.
"$python" -m pip download --quiet --no-deps --no-binary llama-cpp-python --dest "$work/dl" "$spec"
sdist="$(ls "$work"/dl/llama_cpp_python-*.tar.gz)"
tar -xzf "$sdist" -C "$work"
src="$(ls -d "$work"/llama_cpp_python-*/vendor/llama.cpp)"
pyver="$(basename "$sdist" .tar.gz)"; pyver="${pyver#llama_cpp_python-}"

cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
    -DGGML_NATIVE=ON -DGGML_CUDA=OFF -DGGML_METAL=OFF -DGGML_VULKAN=OFF -DGGML_OPENMP=ON \
    -DBUILD_SHARED_LIBS=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=ON \
    -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON >"$work/cmake.log" 2>&1 \
    || { tail -40 "$work/cmake.log" >&2; exit 1; }

# Build only the targets this llama.cpp version defines (llama-completion and llama-finetune are
# not in every version).
available="$(cmake --build "$work/build" --target help 2>/dev/null || true)"
targets=()
for t in "${tools[@]}"; do
    if grep -qE "(^|[ .:])$t(:|$| )" <<<"$available"; then targets+=("$t"); fi
done
for t in "${required[@]}"; do
    [[ " ${targets[*]} " == *" $t "* ]] || { echo "llama.cpp $pyver has no target $t" >&2; exit 1; }
done
echo "building ${targets[*]} from llama-cpp-python $pyver with -j$jobs" >&2
cmake --build "$work/build" --config Release -j"$jobs" --target "${targets[@]}"

mkdir -p "$prefix/bin"
for t in "${targets[@]}"; do cp "$work/build/bin/$t" "$prefix/bin/"; done
echo "llama-cpp-python $pyver" >"$prefix/VERSION"
git -C "$src" rev-parse HEAD >>"$prefix/VERSION" 2>/dev/null || true
echo "llama.cpp tools in $prefix/bin: ${targets[*]}"
