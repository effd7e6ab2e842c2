#!/usr/bin/env python3
"""Hugging Face `tokenizers` side of `fusechat bench tokenizer`: times encode_batch on a corpus.

    tokenizer_hf.py MODEL.gguf CORPUS.json
Loads the tokenizer exactly as the parity oracle does (scripts/fixtures/tokenizer_oracle.py:
transformers' GGUF conversion; SmolLM2 with its original digit-splitting pre-tokenizer), caching the
converted tokenizer.json under $FUSECHAT_HOME/hf-tokenizers/ because Gemma's conversion takes minutes
(keyed by the file's size and the oracle script's hash, so a change of recipe makes a new one).
Then, for each line "go" on standard input, encodes the whole corpus with encode_batch and prints
"SECONDS TOKENS". The thread count is rayon's: set RAYON_NUM_THREADS / RAYON_RS_NUM_THREADS.
"""
import hashlib
import json
import os
import sys
import time

from tokenizers import Tokenizer



def load(path):
    name = os.path.basename(path)[: -len(".gguf")]
    home = os.environ.get("FUSECHAT_HOME", os.path.expanduser("~/.cache/fusechat"))
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../fixtures/tokenizer_oracle.py")
    with open(here, "rb") as f:
        recipe = hashlib.sha256(f.read()).hexdigest()[:12]
    cached = os.path.join(home, "hf-tokenizers", f"{name}-{os.path.getsize(path)}-{recipe}.json")
    if not os.path.exists(cached):
        import importlib.util  # the same recipe as the fixtures, imported by path (see tokenizer_oracle.py)
        spec = importlib.util.spec_from_file_location("tokenizer_oracle", here)
        oracle = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(oracle)
        oracle_load = oracle.load
        tok = oracle_load(name, os.path.dirname(os.path.abspath(path)))
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        tok.backend_tokenizer.save(cached)
    return Tokenizer.from_file(cached)


def main():
    tok = load(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        corpus = json.load(f)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        start = time.perf_counter()
        encodings = tok.encode_batch(corpus, add_special_tokens=True)
        seconds = time.perf_counter() - start
        print(seconds, sum(len(e.ids) for e in encodings), flush=True)


if __name__ == "__main__":
    main()
