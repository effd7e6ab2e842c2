#!/usr/bin/env python3
"""A third opinion on the tokenizer oracle (Tests/FuseTextTests/Fixtures/tokenizer/): each demo
model's ORIGINAL tokenizer recipe, built directly from the GGUF's vocabulary without transformers'
GGUF conversion, tokenizes the whole parity corpus and must give the fixture's ids.

- SmolLM2: `tokenizers` BPE with the file's merges, pre-tokenizer Digits(individual_digits=True)
  then ByteLevel (SmolLM2's tokenizer.json).
- Qwen2.5: `tokenizers` BPE with the file's merges, normalizer NFC, Split(Qwen2 regex) then ByteLevel
  (Qwen2's tokenizer.json).
- Gemma 3: the `sentencepiece` library itself, on a BPE ModelProto made of the file's pieces, scores
  and types (user-defined runs of spaces spelled with `▁` as in a .model file), byte fallback,
  identity normalization without a dummy prefix; control tokens are split out of the text first, as
  both HF and llama.cpp parse them.
In both byte-level models the file's control (type 3) and user-defined (type 4) tokens are added
tokens. Prints the differing corpus indices per model; exit status 1 if any.

    .venv/bin/python scripts/check-tokenizer-recipes.py
"""
import json
import os
import re
import sys

import sentencepiece
from gguf import GGUFReader
from sentencepiece import sentencepiece_model_pb2 as spm_pb
from tokenizers import AddedToken, Regex, Tokenizer, models, normalizers, pre_tokenizers

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(repo, "Tests/FuseTextTests/Fixtures/tokenizer")
models_dir = os.path.join(os.environ.get("FUSECHAT_HOME", os.path.expanduser("~/.cache/fusechat")), "models")
QWEN2 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def gguf_vocab(name):
    """(tokens, token types, merges or None, scores) of a demo GGUF."""
    fields = GGUFReader(os.path.join(models_dir, f"{name}.gguf")).fields

    def strings(key):
        return [bytes(fields[key].parts[i]).decode("utf-8") for i in fields[key].data] if key in fields else None

    def numbers(key, kind):
        return [kind(fields[key].parts[i][0]) for i in fields[key].data] if key in fields else None

    return (strings("tokenizer.ggml.tokens"), numbers("tokenizer.ggml.token_type", int),
            strings("tokenizer.ggml.merges"), numbers("tokenizer.ggml.scores", float))


def byte_level(name):
    tokens, types, merges, _ = gguf_vocab(name)
    tok = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(tokens)},
                               merges=[tuple(m.split(" ")) for m in merges]))
    if name.startswith("smollm2"):
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                     pre_tokenizers.ByteLevel(add_prefix_space=False)])
    else:
        tok.normalizer = normalizers.NFC()
        tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(QWEN2), behavior="isolated"),
                                                     pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    tok.add_tokens([AddedToken(t, special=ty == 3, normalized=False) for t, ty in zip(tokens, types) if ty in (3, 4)])
    return lambda text: tok.encode(text).ids


def gemma(name):
    tokens, types, _, scores = gguf_vocab(name)
    proto = spm_pb.ModelProto()
    for t, ty, score in zip(tokens, types, scores):
        piece = proto.pieces.add()
        piece.piece, piece.score, piece.type = t.replace(" ", "\u2581") if ty == 4 else t, score, ty
    proto.trainer_spec.model_type = spm_pb.TrainerSpec.BPE
    proto.trainer_spec.byte_fallback = True
    proto.trainer_spec.pad_id, proto.trainer_spec.eos_id, proto.trainer_spec.bos_id, proto.trainer_spec.unk_id = 0, 1, 2, 3
    proto.normalizer_spec.name = "identity"
    proto.normalizer_spec.add_dummy_prefix = False
    proto.normalizer_spec.remove_extra_whitespaces = False
    proto.normalizer_spec.escape_whitespaces = True
    sp = sentencepiece.SentencePieceProcessor(model_proto=proto.SerializeToString())
    control = sorted((t for t, ty in zip(tokens, types) if ty == 3), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, control)))
    ids = {t: i for i, t in enumerate(tokens)}

    def encode(text):
        out, pos = [], 0
        for m in pattern.finditer(text):
            out += sp.encode(text[pos:m.start()]) + [ids[m.group()]]
            pos = m.end()
        return out + sp.encode(text[pos:])
    return encode


def main():
    corpus = json.load(open(os.path.join(fixtures, "corpus.json"), encoding="utf-8"))
    failed = False
    for name, build in (("smollm2-135m-instruct", byte_level), ("qwen2.5-coder-0.5b-instruct", byte_level),
                        ("gemma-3-270m", gemma)):
        encode = build(name)
        fixture = json.load(open(os.path.join(fixtures, f"{name}.json"), encoding="utf-8"))
        bad = [i for i, text in enumerate(corpus) if encode(text) != fixture["ids"][i][fixture["prefix"]:]]
        failed = failed or bool(bad)
        print(f"{name}: {len(corpus) - len(bad)}/{len(corpus)} strings give the oracle's ids with the original recipe"
              + (f"; differ: {bad[:20]}" if bad else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
