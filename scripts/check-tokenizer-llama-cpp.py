#!/usr/bin/env python3
"""Cross-checks the tokenizer oracle (Hugging Face, Tests/FuseTextTests/Fixtures/tokenizer/) against
llama.cpp's own tokenizer (`llama-tokenize`, built by scripts/build-llama-cpp.sh) on the same GGUF
files: for each demo model, every STEP-th string of the parity corpus is tokenized by llama.cpp
(with the BOS it adds per the file's metadata, special tokens parsed) and compared with the
fixture's ids. FuseChat's tokenizer equals the fixture (swift test), so agreement here means the
three implementations agree. Prints the agreement per model and each difference.

    python3 scripts/check-tokenizer-llama-cpp.py [--step 8] [--llama-cpp DIR]
"""
import argparse
import json
import os
import subprocess
import sys

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(repo, "Tests/FuseTextTests/Fixtures/tokenizer")
models_dir = os.path.join(os.environ.get("FUSECHAT_HOME", os.path.expanduser("~/.cache/fusechat")), "models")


def main_checkout():
    common = subprocess.run(["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    return os.path.dirname(common) if common else repo


def llama_ids(tool, model, text, workdir):
    path = os.path.join(workdir, "prompt.txt")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    out = subprocess.run([tool, "-m", model, "-f", path, "--ids", "--log-disable"],
                         capture_output=True, text=True, encoding="utf-8", errors="replace")
    if out.returncode != 0:
        raise RuntimeError(f"llama-tokenize failed on {model}: {out.stderr[-400:]}")
    line = [l for l in out.stdout.splitlines() if l.startswith("[")][-1]
    return json.loads(line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--step", type=int, default=8, help="check every STEP-th corpus string")
    parser.add_argument("--llama-cpp", default=os.path.join(main_checkout(), ".deps/llama.cpp/bin"))
    args = parser.parse_args()
    tool = os.path.join(args.llama_cpp, "llama-tokenize")
    if not os.access(tool, os.X_OK):
        sys.exit(f"{tool} not found: run scripts/build-llama-cpp.sh")
    corpus = json.load(open(os.path.join(fixtures, "corpus.json"), encoding="utf-8"))
    workdir = os.path.join(repo, ".build", "tokenizer-check")
    os.makedirs(workdir, exist_ok=True)
    total_bad = 0
    for name in ("smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct"):
        fixture = json.load(open(os.path.join(fixtures, f"{name}.json"), encoding="utf-8"))
        model = os.path.join(models_dir, f"{name}.gguf")
        checked = bad = 0
        for i in range(0, len(corpus), args.step):
            text = corpus[i]
            if text == "":
                continue
            ours = fixture["ids"][i]
            theirs = llama_ids(tool, model, text, workdir)
            checked += 1
            if theirs != ours:
                bad += 1
                if bad <= 10:
                    print(f"  {name} #{i} {text[:60]!r}\n    HF:        {ours[:24]}\n    llama.cpp: {theirs[:24]}")
        total_bad += bad
        print(f"{name}: {checked - bad}/{checked} strings tokenized identically by llama.cpp and the HF oracle")
    sys.exit(1 if total_bad else 0)


if __name__ == "__main__":
    main()
