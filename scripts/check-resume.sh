#!/usr/bin/env bash
# Kill-and-rerun check of `fusechat run` on real models: a miniature recipe (SmolLM2 and Gemma 3 as
# sources, SmolLM2 as the target, every stage) is run once without interruption, then again from
# scratch while being killed with SIGKILL every few seconds and restarted until it completes. The
# two runs' final files must be the same (timings and latencies aside), and the interrupted run
# must not redo finished work (each stage's record is written once).
#
#   scripts/check-resume.sh [FIRST_KILL_SECONDS]      (default 20, growing by half after each kill;
#                                                      needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
every="${1:-20}"
fusechat="$PWD/.build/release/fusechat"
[ -x "$fusechat" ] || swift build -c release --product fusechat
work="$(mktemp -d /tmp/fusechat-resume.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp recipes/demo-prompts.jsonl "$work/"
cat >"$work/mini.yaml" <<'YAML'
name: resume-check
prompts: {files: [demo-prompts.jsonl], per_domain: 2}
sources:
  - {name: smollm2, local: smollm2-135m-instruct, n: 2, preset: fusechat3, max_tokens: 48, concurrency: 4, batch: 4}
  - {name: gemma, local: gemma-3-270m, n: 2, preset: fusechat3, max_tokens: 48, concurrency: 4, batch: 4}
scoring: {concurrency: 2}
pairs: {reward_scorer: constraints, min_margin: 0.0, max_margin: 1.0, instruction_sft_fraction: 0.5,
        math_sft_fraction: 0.5, code_sft_fraction: 0.5, math_reward_window: false, code_reward_window: false}
target: smollm2-135m-instruct
sft: {epochs: 2, learning_rate: 2.0e-5, batch_size: 1, max_length: 256, warmup_ratio: 0.1, seed: 1}
dpo: {loss: sigmoid_norm, beta: 10, epochs: 2, learning_rate: 1.0e-6, batch_size: 1, max_length: 256, seed: 1}
eval: {benchmarks: [gsm8k, ifeval], limit: 3, max_tokens: 48}
YAML

echo "== uninterrupted run" >&2
start=$(date +%s)
"$fusechat" run "$work/mini.yaml" --run "$work/straight" >"$work/straight.log" 2>&1
echo "   $(( $(date +%s) - start )) s" >&2

echo "== run killed after ${every} s (then 1.5x longer each time) and restarted" >&2
kills=0
for attempt in $(seq 1 60); do
  "$fusechat" run "$work/mini.yaml" --run "$work/killed" >>"$work/killed.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 "$every"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    kills=$((kills + 1))
    # Each restart reloads the models, and a training stage resumes only from its last checkpoint:
    # lengthen the interval so every stage eventually fits between two kills.
    every=$((every + every / 2))
    echo "   killed during: $(grep -o '^\[[a-z0-9.-]*\] started' "$work/killed.log" | tail -1)" >&2
  else
    wait "$pid" || { echo "run failed:" >&2; tail -20 "$work/killed.log" >&2; exit 1; }
    break
  fi
done
echo "   completed after $kills kills" >&2
[ "$kills" -gt 0 ] || echo "   (never killed: lower KILL_EVERY_SECONDS)" >&2

python3 - "$work/straight" "$work/killed" <<'PY'
import hashlib, json, os, sys
a, b = sys.argv[1], sys.argv[2]
VOLATILE = {"latency_ms", "tokens/s", "seconds", "started", "finished", "elapsed", "duration_s", "time"}

def clean(x):
    if isinstance(x, str):  # the run folder's own path (e.g. the model evaluated) is not content
        return x.replace(a, "RUN").replace(b, "RUN")
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items() if k not in VOLATILE}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x

def content(path):
    if path.endswith(".jsonl"):
        rows = [clean(json.loads(line)) for line in open(path) if line.strip()]
        return sorted(json.dumps(r, sort_keys=True) for r in rows)
    if path.endswith(".json"):
        return json.dumps(clean(json.load(open(path))), sort_keys=True)
    return hashlib.sha256(open(path, "rb").read()).hexdigest()

skip_dirs = {"stages", "checkpoint", "cache"}
skip_files = {"report.md", "report.html", "recipe.json"}
files = []
for root, dirs, names in os.walk(a):
    dirs[:] = [d for d in dirs if d not in skip_dirs]
    files += [os.path.relpath(os.path.join(root, n), a) for n in names if n not in skip_files]
bad = 0
for f in sorted(files):
    other = os.path.join(b, f)
    if not os.path.exists(other):
        print(f"MISSING in killed run: {f}"); bad += 1
    elif content(os.path.join(a, f)) != content(other):
        print(f"DIFFERS: {f}"); bad += 1
# Finished work is not redone: every stage record exists once and every sample/score id once.
for name in ("samples.jsonl", "scores.jsonl"):
    ids = [json.loads(l)["id"] for l in open(os.path.join(b, name)) if l.strip()]
    if len(ids) != len(set(ids)):
        print(f"DUPLICATES in {name}"); bad += 1
print(f"{len(files)} files compared, {bad} problems")
sys.exit(1 if bad else 0)
PY
