#!/usr/bin/env python3
"""How far llama.cpp's next-token log-probabilities are from the transformers reference.

The reference is the fixture of ReferenceLogitsTests (Tests/FuseModelsTests/Fixtures/logits-*.json:
transformers in float32 on the same GGUF file). llama.cpp quantizes activations to 8 bits for its
dot products, as FuseChat's `--activations int8` does; this script measures llama.cpp's own distance
from the reference so that the bound of Int8ReferenceLogitsTests can be compared with it.

For each prompt and position p (up to --positions per prompt), one `llama-server` (2 threads,
prompt cache on, so each position is one more decoded token) is asked for the top-10 log-probs of
the token after tokens[:p+1]; reported: the largest |log-prob difference| over the reference's
top-5 ids that llama.cpp returned, and the positions whose argmax differs (with the reference gap).

Usage: .venv/bin/python scripts/check-logprobs-llama-cpp.py [--positions 200] [model ...]
Needs llama.cpp's tools from scripts/build-llama-cpp.sh and the demo models.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from demo_models import MODELS, main_checkout, models_dir, repo


class Server:
    def __init__(self, tool, model):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([tool, "-m", model, "--host", "127.0.0.1", "--port", str(port), "-t", "2",
                                      "-c", "2048", "-np", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(240):
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama-server exited ({self.proc.returncode}) loading {model}")
            try:
                urllib.request.urlopen(self.url + "/health")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"llama-server did not start for {model}")

    def top_logprobs(self, tokens):
        body = {"prompt": tokens, "n_predict": 1, "n_probs": 10, "temperature": 0, "cache_prompt": True, "samplers": []}
        request = urllib.request.Request(self.url + "/completion", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            out = json.load(response)
        return {t["id"]: t["logprob"] for t in out["completion_probabilities"][0]["top_logprobs"]}

    def close(self):
        self.proc.terminate()
        self.proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=MODELS)
    parser.add_argument("--positions", type=int, default=200, help="positions per prompt (as the Swift test)")
    args = parser.parse_args()
    tool = os.path.join(main_checkout(), ".deps/llama.cpp/bin/llama-server")
    if not os.path.exists(tool):
        sys.exit(f"{tool} not found: run scripts/build-llama-cpp.sh")
    for name in args.models:
        reference = json.load(open(os.path.join(repo, f"Tests/FuseModelsTests/Fixtures/logits-{name}.json")))
        server = Server(tool, os.path.join(models_dir, f"{name}.gguf"))
        worst, flips, count = 0.0, [], 0
        try:
            for index, case in enumerate(reference["cases"]):
                for p in range(min(len(case["tokens"]), args.positions)):
                    expected = case["positions"][p]
                    got = server.top_logprobs(case["tokens"][:p + 1])
                    if max(got, key=got.get) != expected["argmax"]:
                        flips.append(f"case {index} position {p} gap {expected['gap']:.4f}")
                    for token, logit in zip(expected["top_ids"], expected["top_logits"]):
                        if token in got:
                            worst = max(worst, abs(got[token] - (logit - expected["logsumexp"])))
                    count += 1
        finally:
            server.close()
        print(f"{name}: llama.cpp max |log-prob difference| vs transformers {worst:.4f} over {count} positions; "
              f"argmax differs at {len(flips)}: {flips}")


if __name__ == "__main__":
    main()
