#!/usr/bin/env bash
# Loads every file of `fusechat export` folders with the training tools' own loaders (CPU only).
# Usage: scripts/check-exports.sh EXPORT_ROOT   (EXPORT_ROOT holds trl/, llama-factory/, openrlhf/, mlx-lm/)
# Creates its venv at .build/check-exports-venv (CPU torch wheel; trl, datasets, accelerate, deepspeed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:?usage: check-exports.sh EXPORT_ROOT}"
venv="${CHECK_EXPORTS_VENV:-$here/../.build/check-exports-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    "$venv/bin/pip" install -q "torch==2.13.0+cpu"
    "$venv/bin/pip" install -q trl datasets accelerate pyyaml peft omegaconf
    # Sources only (their GPU dependencies do not install on CPU): launch flags and config keys are read from them.
    "$venv/bin/pip" install -q --no-deps openrlhf mlx-lm llamafactory
    DS_BUILD_OPS=0 "$venv/bin/pip" install -q --no-build-isolation deepspeed || echo "deepspeed did not install: its config parser is not checked"
fi
"$venv/bin/python" "$here/check_exports.py" "$root"
