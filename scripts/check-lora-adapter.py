#!/usr/bin/env python3
"""Checks a LoRA run's outputs with peft: OUT/adapter loads with PeftModel.from_pretrained onto the
base model, and its logits equal those of the merged OUT/hf model (and differ from the base's).

Usage: /work/main/.venv/bin/python scripts/check-lora-adapter.py OUT [--tolerance 1e-4]
  OUT: the --out folder of `fusechat sft/dpo ... --lora-rank R` (adapter/ and hf/ inside).
The base model is adapter_config.json's base_model_name_or_path: a Hugging Face folder, or a .gguf
file that transformers loads with gguf_file= (un-permuting Llama q/k as FuseChat does).
Exits 1 when max |adapted − merged| > tolerance · max |logit|.
"""
import argparse
import json
import pathlib
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM


def load_base(reference):
    path = pathlib.Path(reference)
    if path.suffix == ".gguf":
        return AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, torch_dtype=torch.float32)
    return AutoModelForCausalLM.from_pretrained(reference, torch_dtype=torch.float32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    config = json.loads((out / "adapter" / "adapter_config.json").read_text())
    base = load_base(config["base_model_name_or_path"]).eval()
    vocab = base.config.vocab_size
    ids = torch.randint(0, vocab, (2, 24), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        base_logits = base(input_ids=ids).logits
        adapted = PeftModel.from_pretrained(base, str(out / "adapter")).eval()
        adapted_logits = adapted(input_ids=ids).logits
        merged = AutoModelForCausalLM.from_pretrained(str(out / "hf"), torch_dtype=torch.float32).eval()
        merged_logits = merged(input_ids=ids).logits
    scale = merged_logits.abs().max().item()
    diff = (adapted_logits - merged_logits).abs().max().item()
    moved = (adapted_logits - base_logits).abs().max().item()
    print(f"peft adapter r={config['r']} alpha={config['lora_alpha']} targets={config['target_modules']}")
    print(f"max |peft(base + adapter) - merged hf| = {diff:.3g} (max |logit| {scale:.3g}); adapter moved logits by up to {moved:.3g}")
    ok = diff <= args.tolerance * scale and moved > 10 * diff
    print("ok" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
