#!/usr/bin/env bash
# Checks that a GGUF written by FuseChat (`fusechat sft`/`dpo`, `fusechat demo`) loads in llama.cpp
# and gives the same greedy continuation there as in FuseChat's engine, prompt by prompt.
# llama.cpp is built from source by scripts/build-llama-cpp.sh (first run: ~15 min on 2 cores).
#
#   scripts/check-export-llama-cpp.sh [MODEL.gguf] [TOKENS]
#
# Default model: runs/demo-small/dpo/model.gguf (the demo's fused model); TOKENS defaults to 32.
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-runs/demo-small/dpo/model.gguf}"
tokens="${2:-32}"
[ -f "$model" ] || { echo "check-export-llama-cpp: $model not found (run \`fusechat demo\` first, or give a GGUF file)" >&2; exit 2; }
bash scripts/build-llama-cpp.sh >&2
main_checkout="$(cd "$(git rev-parse --path-format=absolute --git-common-dir)/.." && pwd)"
llama="$main_checkout/.deps/llama.cpp/bin/llama-simple"
fusechat=.build/release/fusechat
[ -x "$fusechat" ] || swift build -c release --product fusechat >&2

prompts=(
  "The capital of France is"
  "def fibonacci(n):"
  "Question: Tom has 3 apples and buys 5 more. How many apples does he have?
Answer:"
  "Once upon a time, in a small village,"
  "The three primary colors are"
)
failed=0
for p in "${prompts[@]}"; do
  # llama-simple prints the prompt followed by the greedy continuation (stopping at end of generation).
  theirs="$("$llama" -m "$model" -n "$tokens" "$p" 2>/dev/null)"
  ours="$("$fusechat" generate "$model" --raw --prompt "$p" --temperature 0 --max-tokens "$tokens" 2>/dev/null)"
  theirs="${theirs#"$p"}"
  if [ "$(printf '%s' "$theirs" | sed -e 's/[[:space:]]*$//')" = "$(printf '%s' "$ours" | sed -e 's/[[:space:]]*$//')" ]; then
    echo "same   | ${p:0:40} -> ${ours:0:60}"
  else
    echo "DIFFER | ${p:0:40}"
    echo "  llama.cpp: $theirs"
    echo "  fusechat:  $ours"
    failed=1
  fi
done
[ "$failed" = 0 ] && echo "llama.cpp ($(head -1 "$main_checkout/.deps/llama.cpp/VERSION")) and FuseChat agree on $model" 
exit "$failed"
