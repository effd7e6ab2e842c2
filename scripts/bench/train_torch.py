#!/usr/bin/env python3
"""PyTorch side of `fusechat bench train`: times training steps (forward + backward + AdamW) of a
GGUF model loaded by transformers in float32, on the same synthetic batch as the Swift side.

    train_torch.py MODEL.gguf --length 512 --batch 1 --threads 2 --warmup 1 --steps 2
Token n of the flattened batch is (n·7919 + 17) mod vocabulary; the loss is the causal-LM mean NLL
of every next token within each sequence (transformers shifts the labels). AdamW lr 1e-5, weight
decay 0.01 on every parameter, no clipping. Prints one JSON line: load seconds, per-step seconds
and losses, and the peak resident memory (VmHWM, KiB) after loading and during training (the peak
is reset between the two through /proc/self/clear_refs; training_peak_kib is null if that fails).
"""
import argparse
import json
import os
import pathlib
import sys
import time

sys.path = [p for p in sys.path if pathlib.Path(p or ".").resolve() != pathlib.Path(__file__).resolve().parent]


def vm_hwm_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


args = argparse.ArgumentParser()
args.add_argument("model")
args.add_argument("--length", type=int, default=512)
args.add_argument("--batch", type=int, default=1)
args.add_argument("--threads", type=int, default=2)
args.add_argument("--warmup", type=int, default=1)
args.add_argument("--steps", type=int, default=2)
a = args.parse_args()

import torch
from transformers import AutoModelForCausalLM
from transformers.utils import logging

logging.disable_progress_bar()

torch.set_num_threads(a.threads)
start = time.perf_counter()
path = pathlib.Path(a.model).resolve()
model = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=torch.float32)
model.train()
vocab = model.config.vocab_size
n = a.batch * a.length
ids = torch.tensor([(i * 7919 + 17) % vocab for i in range(n)], dtype=torch.long).view(a.batch, a.length)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0.01)
load_seconds = time.perf_counter() - start
load_peak = vm_hwm_kib()
reset = reset_peak()
seconds, losses = [], []
for step in range(a.warmup + a.steps):
    t = time.perf_counter()
    optimizer.zero_grad(set_to_none=False)
    loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    optimizer.step()
    seconds.append(time.perf_counter() - t)
    losses.append(loss.item())
print(json.dumps({"side": f"torch {torch.__version__} ({model.config._attn_implementation} attention)",
                  "load_seconds": load_seconds, "step_seconds": seconds[a.warmup:], "losses": losses,
                  "load_peak_kib": load_peak, "training_peak_kib": vm_hwm_kib() if reset else None}), flush=True)
