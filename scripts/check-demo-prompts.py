#!/usr/bin/env python3
"""Puts the demo prompts through FuseChat's own verifiers.

- math: `fusechat check math --gold G` judges "\\boxed{G}" correct and a wrong number incorrect;
- code: `fusechat check code` (the sandbox) passes the reference solution and fails the wrong one;
- instruction: `fusechat check constraints` judges the example reply to follow every instruction
  (so the ids and kwargs are read as meant, and each prompt's instructions can be met together).

Usage: scripts/make-demo-prompts.py --solutions /tmp/solutions.jsonl
       scripts/check-demo-prompts.py .build/debug/fusechat /tmp/solutions.jsonl
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).returncode


def main():
    fusechat, solutions = sys.argv[1], sys.argv[2]
    failures, checked = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        tests = Path(tmp) / "tests.py"
        for line in open(solutions):
            row = json.loads(line)
            if row["domain"] == "instruction":
                code = run([fusechat, "check", "constraints", "--instruction-ids", ",".join(row["instruction_id_list"]),
                            "--kwargs", json.dumps(row["kwargs"]), "--response", row["right"]])
                checked += 1
                if code != 0:
                    failures.append(f"{row['id']}: check constraints exit {code} for the example reply (want 0)")
                continue
            if row["domain"] == "math":
                base = [fusechat, "check", "math", "--gold", row["gold"], "--response"]
            else:
                tests.write_text(row["tests"])
                base = [fusechat, "check", "code", "--tests", str(tests), "--entry-point", row["entry_point"], "--response"]
            got = (run(base + [row["right"]]), run(base + [row["wrong"]]))
            checked += 1
            if got != (0, 1):
                failures.append(f"{row['id']}: exit {got[0]} for the right answer, {got[1]} for the wrong one (want 0, 1)")
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    for f in failures:
        print("  " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
