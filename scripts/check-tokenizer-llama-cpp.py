#!/usr/bin/env python3
"""Cross-checks the tokenizer oracle (Hugging Face, Tests/FuseTextTests/Fixtures/tokenizer/) against
llama.cpp's own tokenizer on the same GGUF files, over the whole parity corpus. FuseChat's tokenizer
equals the fixture (swift test), so agreement here means the three implementations agree.

For speed, llama.cpp tokenizes through one long-lived `llama-server` per model (its /tokenize
endpoint calls the same `common_tokenize` as `llama-tokenize`), with `llama-tokenize`'s semantics:
special tokens parsed, and BOS/EOS added exactly when `llama-tokenize` adds them (it passes the
vocabulary's add-BOS flag as `add_special`; probed once per model). Every differing string and every
SAMPLE-th string are also run through `llama-tokenize --no-escape -f` (one process each) to confirm
the server path. `--no-escape` matters: by default `llama-tokenize` turns literal `\\n`, `\\t`, `\\"`,
`\\xNN`, ... in the prompt file into control characters, which would change the input.

Prints, per model, how many strings both tokenize identically and, for each difference, where the
ids part, with llama.cpp's pieces there, and which of the two known causes (docs/tokenizers.md)
explains it: the oracle normalizes to NFC (Qwen2's recipe) and llama.cpp does not (the string is
not in NFC and llama.cpp's ids for its NFC form equal the oracle's), or llama.cpp matches a token
as special that the oracle reads as text (llama.cpp's ids hold a token the oracle's lack, which
llama.cpp produces for its own spelling only when parsing special tokens, e.g. Qwen2.5's `</s>`).
Exit status 1 if any difference is left unexplained.

    python3 scripts/check-tokenizer-llama-cpp.py [--model NAME ...] [--sample 100] [--llama-cpp DIR]
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request

from demo_models import MODELS, main_checkout, models_dir, repo

fixtures = os.path.join(repo, "Tests/FuseTextTests/Fixtures/tokenizer")


class LlamaTokenize:
    """`llama-tokenize` on one string per process: the reference semantics, slow."""

    def __init__(self, tool, model, workdir):
        self.tool, self.model, self.path = tool, model, os.path.join(workdir, "prompt.txt")

    def ids(self, text, no_bos=False):
        with open(self.path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        cmd = [self.tool, "-m", self.model, "-f", self.path, "--ids", "--no-escape", "--log-disable"]
        out = subprocess.run(cmd + (["--no-bos"] if no_bos else []),
                             capture_output=True, text=True, encoding="utf-8", errors="replace")
        if out.returncode != 0:
            raise RuntimeError(f"llama-tokenize failed on {self.model}: {out.stderr[-400:]}")
        return json.loads([line for line in out.stdout.splitlines() if line.startswith("[")][-1])


class LlamaServer:
    """One `llama-server` for a model, tokenizing through POST /tokenize."""

    def __init__(self, tool, model, add_special):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url, self.add_special = f"http://127.0.0.1:{port}", add_special
        self.proc = subprocess.Popen([tool, "-m", model, "--host", "127.0.0.1", "--port", str(port),
                                      "-c", "256", "-np", "1", "-t", "1", "--no-warmup", "--no-webui",
                                      "--log-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama-server exited ({self.proc.returncode}) loading {model}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.time() > deadline:
                self.close()
                raise RuntimeError(f"llama-server did not become ready for {model}")
            time.sleep(0.5)

    def tokenize(self, text, with_pieces=False, add_special=None, parse_special=True):
        add = self.add_special if add_special is None else add_special
        body = json.dumps({"content": text, "add_special": add, "parse_special": parse_special,
                           "with_pieces": with_pieces}).encode()
        req = urllib.request.Request(self.url + "/tokenize", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.loads(r.read())["tokens"]

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def piece(p):
    return bytes(p).decode("utf-8", "backslashreplace") if isinstance(p, list) else p


def cause(text, hf, pieces, server):
    """The known cause of a difference, or None."""
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text and server.tokenize(nfc) == hf:
        return "NFC: the oracle normalizes to NFC, llama.cpp does not"
    specials = {(p["id"], piece(p["piece"])) for p in pieces if p["id"] not in hf}
    specials = [(i, t) for i, t in specials if server.tokenize(t, add_special=False) == [i]
                and server.tokenize(t, add_special=False, parse_special=False) != [i]]
    if specials:
        return "llama.cpp matches " + ", ".join(f"{t!r} (id {i})" for i, t in sorted(specials)) + \
            " as a special token, the oracle reads it as text"
    return None


def report(name, i, text, hf, server):
    """Prints where the ids part; returns the known cause, or None."""
    pieces = server.tokenize(text, with_pieces=True)
    theirs = [p["id"] for p in pieces]
    at = next((k for k, (a, b) in enumerate(zip(hf, theirs)) if a != b), min(len(hf), len(theirs)))
    why = cause(text, hf, pieces, server)
    print(f"  {name} #{i} {text[:70]!r} ({len(text)} chars)\n    ids part at index {at}:"
          f"\n    HF:        {hf[max(0, at - 3):at + 6]}"
          f"\n    llama.cpp: {theirs[max(0, at - 3):at + 6]}"
          f" {[piece(p['piece']) for p in pieces[max(0, at - 3):at + 6]]}"
          f"\n    cause: {why or 'UNEXPLAINED'}")
    return why


def check(name, tools, corpus, sample, workdir):
    fixture = json.load(open(os.path.join(fixtures, f"{name}.json"), encoding="utf-8"))
    model = os.path.join(models_dir, f"{name}.gguf")
    slow = LlamaTokenize(tools["llama-tokenize"], model, workdir)
    probe = "Hello world"
    add_bos = slow.ids(probe) != slow.ids(probe, no_bos=True)
    server = LlamaServer(tools["llama-server"], model, add_bos)
    try:
        bad = []
        for i, text in enumerate(corpus):
            theirs = server.tokenize(text)
            if theirs != fixture["ids"][i]:
                bad.append(i)
            if text and (i % sample == 0 or theirs != fixture["ids"][i]) and slow.ids(text) != theirs:
                raise RuntimeError(f"{name} #{i}: llama-server and llama-tokenize disagree")
        causes = [report(name, i, corpus[i], fixture["ids"][i], server) for i in bad]
    finally:
        server.close()
    counts = {}
    for why in causes:
        key = "NFC" if why and why.startswith("NFC") else why or "UNEXPLAINED"
        counts[key] = counts.get(key, 0) + 1
    print(f"{name}: {len(corpus) - len(bad)}/{len(corpus)} strings tokenized identically by llama.cpp "
          f"and the HF oracle (add BOS: {add_bos})" + "".join(f"\n    {n} x {k}" for k, n in counts.items()), flush=True)
    return causes.count(None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", choices=MODELS, help="check only this model (repeatable)")
    parser.add_argument("--sample", type=int, default=100,
                        help="also run every SAMPLE-th string through llama-tokenize itself")
    parser.add_argument("--llama-cpp", default=os.path.join(main_checkout(), ".deps/llama.cpp/bin"))
    args = parser.parse_args()
    tools = {t: os.path.join(args.llama_cpp, t) for t in ("llama-tokenize", "llama-server")}
    for tool in tools.values():
        if not os.access(tool, os.X_OK):
            sys.exit(f"{tool} not found: run scripts/build-llama-cpp.sh")
    corpus = json.load(open(os.path.join(fixtures, "corpus.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as workdir:
        unexplained = sum(check(name, tools, corpus, args.sample, workdir) for name in args.model or MODELS)
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
