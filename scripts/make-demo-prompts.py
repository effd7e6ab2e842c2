#!/usr/bin/env python3
"""Writes recipes/demo-prompts.jsonl: the demo recipe's training prompts, ~100 per domain.

Everything is generated here from the project's own templates with a fixed seed, so the file is
reproducible byte for byte and carries no third-party text (license: the repository's own):
- math: grade-school word problems with numbers drawn at random, answers computed here;
- code: small Python function tasks with HumanEval-style `check(candidate)` tests and their entry
  point; every task's reference solution must pass its tests and a wrong solution must fail them
  (both run with python3 before anything is written);
- instruction: open requests with one or two IFEval-style verifiable instructions, using only ids
  and kwargs that FuseScoring's constraint checkers implement.

Usage: scripts/make-demo-prompts.py [--out recipes/demo-prompts.jsonl] [--eval-data DIR] [--solutions FILE]
With --eval-data (FuseChat's data folder, `fusechat data fetch` puts it in ~/.cache/fusechat/data)
it also checks that no prompt equals a GSM8K, HumanEval or IFEval prompt after normalization
(lowercase, whitespace collapsed) and that no math or code prompt shares 13 consecutive words with
one; it exits non-zero when any does. --solutions writes, per math and code prompt, an answer that
must be judged right and one that must be judged wrong, and per instruction prompt a reply that
follows its instructions, for scripts/check-demo-prompts.sh to put
through FuseChat's own verifiers.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_prompts.code_tasks import code_tasks  # noqa: E402
from demo_prompts.instruction_tasks import instruction_prompts  # noqa: E402
from demo_prompts.math_tasks import math_problems  # noqa: E402

SEED = 20261125
PER_DOMAIN = 100
BOXED = "Please reason step by step, and put your final answer within \\boxed{}."


def normalize(text):
    return " ".join(text.lower().split())


def check_code(task):
    """Runs the tests against the reference (must pass) and the wrong solution (must fail)."""
    outcomes = []
    for solution in (task["reference"], task["wrong"]):
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(solution + "\n\n" + task["tests"] + f"\ncheck({task['name']})\n")
            path = f.name
        try:
            run = subprocess.run([sys.executable, path], capture_output=True, timeout=20)
        finally:
            os.unlink(path)
        outcomes.append(run.returncode == 0)
    if outcomes != [True, False]:
        raise SystemExit(f"code task {task['name']}: reference passes={outcomes[0]}, wrong passes={outcomes[1]}")


def records(rng, solutions):
    out = []
    for i, (question, answer) in enumerate(math_problems(rng, PER_DOMAIN)):
        out.append({"id": f"demo-math-{i + 1:03d}", "domain": "math",
                    "messages": [{"role": "user", "content": question + "\n" + BOXED}],
                    "reference": answer})
        solutions.append({"id": out[-1]["id"], "domain": "math", "gold": answer,
                          "right": f"So the answer is \\boxed{{{answer}}}.",
                          "wrong": f"So the answer is \\boxed{{{answer}1}}."})
    for i, task in enumerate(code_tasks(rng, PER_DOMAIN)):
        check_code(task)
        out.append({"id": f"demo-code-{i + 1:03d}", "domain": "code",
                    "messages": [{"role": "user", "content": task["prompt"]}],
                    "tests": task["tests"], "entry_point": task["name"]})
        solutions.append({"id": out[-1]["id"], "domain": "code", "tests": task["tests"], "entry_point": task["name"],
                          "right": f"```python\n{task['reference']}```", "wrong": f"```python\n{task['wrong']}```"})
    for i, (prompt, ids, kwargs, reply) in enumerate(instruction_prompts(rng, PER_DOMAIN)):
        out.append({"id": f"demo-instruction-{i + 1:03d}", "domain": "instruction",
                    "messages": [{"role": "user", "content": prompt}],
                    "instruction_id_list": ids, "kwargs": kwargs})
        solutions.append({"id": out[-1]["id"], "domain": "instruction", "instruction_id_list": ids, "kwargs": kwargs,
                          "right": reply})
    return out


def eval_texts(data):
    """(benchmark, prompt text) for every evaluation prompt found under the data folder."""
    texts = []
    for name, file, field in [("gsm8k", "gsm8k/test100.jsonl", "question"),
                              ("humaneval", "humaneval/HumanEval.jsonl", "prompt"),
                              ("ifeval", "ifeval/input_data.jsonl", "prompt")]:
        path = Path(data) / file
        if not path.exists():
            raise SystemExit(f"{path}: missing; run `fusechat data fetch {name}` first")
        for line in path.read_text().splitlines():
            if line.strip():
                texts.append((name, json.loads(line)[field]))
    return texts


def ngrams(text, n=13):
    words = normalize(text).split()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def check_overlap(rows, data):
    evals = eval_texts(data)
    exact = {normalize(t): name for name, t in evals}
    grams = {}
    for name, t in evals:
        for g in ngrams(t):
            grams[g] = name
    problems = []
    for row in rows:
        text = row["messages"][0]["content"]
        body = text.replace(BOXED, "")
        if normalize(text) in exact or normalize(body) in exact:
            problems.append(f"{row['id']}: same text as a {exact.get(normalize(text)) or exact[normalize(body)]} prompt")
        if row["domain"] != "instruction":
            shared = ngrams(body) & grams.keys()
            if shared:
                problems.append(f"{row['id']}: shares '{sorted(shared)[0]}' with {grams[sorted(shared)[0]]}")
    counts = {}
    for name, _ in evals:
        counts[name] = counts.get(name, 0) + 1
    print(f"overlap check against {counts}: {len(problems)} problem(s)")
    for p in problems:
        print("  " + p)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "recipes/demo-prompts.jsonl"))
    parser.add_argument("--eval-data", help="FuseChat's data folder, to check for overlap with the eval sets")
    parser.add_argument("--solutions", help="where to write right and wrong answers to the math and code prompts")
    args = parser.parse_args()
    solutions = []
    rows = records(random.Random(SEED), solutions)
    if len({normalize(r["messages"][0]["content"]) for r in rows}) != len(rows):
        raise SystemExit("duplicate prompts generated")
    if args.eval_data and not check_overlap(rows, args.eval_data):
        raise SystemExit(1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.solutions:
        with open(args.solutions, "w") as f:
            for row in solutions:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_domain = {}
    for r in rows:
        by_domain[r["domain"]] = by_domain.get(r["domain"], 0) + 1
    print(f"wrote {len(rows)} prompts {by_domain} to {args.out}")


if __name__ == "__main__":
    main()
