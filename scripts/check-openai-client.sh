#!/usr/bin/env bash
# Checks `fusechat serve` with OpenAI's own Python client (the `openai` package from PyPI):
# model list, a completion with n=2 and a seed, streaming, log-probs, and the errors the client
# raises for an unknown model and a bad parameter. Needs a release build and the demo models.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.deps/openai-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q "openai>=1.50"
PORT=${PORT:-8765}
.build/release/fusechat serve smollm2-135m-instruct --port "$PORT" --batch 4 --context-length 2048 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
"$VENV/bin/python" - "$PORT" <<'PY'
import sys
import openai

client = openai.OpenAI(base_url=f"http://127.0.0.1:{sys.argv[1]}/v1", api_key="none")
models = [m.id for m in client.models.list()]
assert models == ["smollm2-135m-instruct"], models
messages = [{"role": "user", "content": "What is 12*7?"}]
r = client.chat.completions.create(model="smollm2-135m-instruct", messages=messages, n=2, seed=7,
                                   temperature=0.8, max_tokens=32, logprobs=True, top_logprobs=2)
assert len(r.choices) == 2 and all(c.message.content for c in r.choices), r
assert len(r.choices[0].logprobs.content) > 0 and len(r.choices[0].logprobs.content[0].top_logprobs) == 2
again = client.chat.completions.create(model="smollm2-135m-instruct", messages=messages, n=2, seed=7,
                                       temperature=0.8, max_tokens=32)
assert [c.message.content for c in again.choices] == [c.message.content for c in r.choices], "same seed, different text"
print("completion n=2:", [c.message.content[:60] for c in r.choices], r.usage)
greedy = client.chat.completions.create(model="smollm2-135m-instruct", messages=messages, temperature=0, max_tokens=40)
streamed = "".join(chunk.choices[0].delta.content or "" for chunk in client.chat.completions.create(
    model="smollm2-135m-instruct", messages=messages, temperature=0, max_tokens=40, stream=True) if chunk.choices)
assert streamed == greedy.choices[0].message.content, (streamed, greedy.choices[0].message.content)
print("stream == non-stream:", repr(streamed[:60]))
try:
    client.chat.completions.create(model="nope", messages=messages)
    raise SystemExit("unknown model accepted")
except openai.NotFoundError as e:
    print("unknown model ->", e.status_code, e.body["message"] if isinstance(e.body, dict) else e.body)
try:
    client.chat.completions.create(model="smollm2-135m-instruct", messages=messages, temperature=-1)
    raise SystemExit("bad temperature accepted")
except openai.BadRequestError as e:
    print("bad parameter ->", e.status_code, e.body["message"] if isinstance(e.body, dict) else e.body)
print("openai client check: OK")
PY
