"""Loads `fusechat export` folders with the training tools' own loaders (see check-exports.sh).

Prints one line per check and exits non-zero if any fails. Tools whose runtime needs a GPU stack are
checked from their installed sources: every launch flag / config key must be one they define.
"""
import ast
import importlib.util
import json
import os
import re
import shlex
import sys
import traceback
from pathlib import Path

failures = []


def check(name, fn):
    try:
        detail = fn()
        print(f"ok    {name}" + (f": {detail}" if detail else ""))
    except ImportError as error:  # the tool's loader needs a package that does not install on CPU
        print(f"skip  {name}: not run, import failed ({error})")
    except Exception as error:  # report every failure, then exit non-zero
        failures.append(name)
        print(f"FAIL  {name}: {error!r}")
        traceback.print_exc(limit=2)


def load_jsonl(path):
    import datasets
    return datasets.load_dataset("json", data_files=str(path), split="train")


def script_flags(path):
    """Flags of a launch script (backslash-continued command)."""
    text = Path(path).read_text().replace("\\\n", " ")
    command = next(line for line in text.splitlines() if line.startswith(("deepspeed", "accelerate", "FORCE", "mlx")))
    tokens = shlex.split(command)
    if "--module" in tokens:  # deepspeed's own flags come before the module name
        tokens = tokens[tokens.index("--module") + 2:]
    return [t for t in tokens if t.startswith("--")]


def source_path(module):
    """A module's source file, found without importing its package (mlx_lm imports mlx, GPU-less here)."""
    top, *rest = module.split(".")
    return Path(importlib.util.find_spec(top).submodule_search_locations[0]).joinpath(*rest[:-1], rest[-1] + ".py")


def argparse_flags(module):
    """Every `--flag` a module's source passes to add_argument."""
    tree = ast.parse(source_path(module).read_text())
    flags = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
            flags |= {a.value for a in node.args if isinstance(a, ast.Constant) and str(a.value).startswith("--")}
    return flags


def check_trl(folder):
    import trl
    from trl import DPOConfig, ModelConfig, ScriptArguments, SFTConfig, TrlParser
    from trl.data_utils import is_conversational
    from trl.scripts.utils import DatasetMixtureConfig, get_dataset

    os.chdir(folder)
    for name in ("sft", "dpo"):
        if not Path(f"data/{name}.jsonl").exists():
            continue
        rows = load_jsonl(f"data/{name}.jsonl")
        check(f"trl {trl.__version__}: data/{name}.jsonl rows are conversational",
              lambda: f"{sum(is_conversational(r) for r in rows)}/{len(rows)}" if all(is_conversational(r) for r in rows) else (_ for _ in ()).throw(ValueError("not conversational")))
        config_class = SFTConfig if name == "sft" else DPOConfig

        def parse():
            parser = TrlParser((ScriptArguments, config_class, ModelConfig, DatasetMixtureConfig))
            script, config, model, mixture = parser.parse_args_and_config(
                args=["--config", f"{name}_config.yaml", "--bf16", "False", "--use_cpu", "True"])  # no GPU here
            dataset = get_dataset(mixture)
            extra = f", loss_type={config.loss_type}, beta={config.beta}" if name == "dpo" else ""
            return (f"{model.model_name_or_path}, lr={config.learning_rate}, epochs={config.num_train_epochs}, "
                    f"grad_accum={config.gradient_accumulation_steps}{extra}; get_dataset -> {dataset['train'].num_rows} rows")
        check(f"trl TrlParser + get_dataset: {name}_config.yaml", parse)

    def accelerate_config():
        from accelerate.commands.config.config_args import load_config_from_file
        config = load_config_from_file("accelerate_zero3.yaml")
        return f"{config.distributed_type}, {config.num_processes} processes, {config.deepspeed_config}"
    check("accelerate load_config_from_file: accelerate_zero3.yaml", accelerate_config)
    check_deepspeed(folder / "ds_zero3.json")


def check_deepspeed(path):
    def hf():
        from transformers import TrainingArguments
        from transformers.integrations.deepspeed import HfTrainerDeepSpeedConfig
        config = HfTrainerDeepSpeedConfig(str(path))
        args = TrainingArguments(output_dir="/tmp/ds-check", per_device_train_batch_size=1, gradient_accumulation_steps=16, bf16=True, use_cpu=True)
        config.trainer_config_process(args)
        return f"zero stage {config.get_value('zero_optimization.stage')}, is_zero3={config.is_zero3()}"
    check(f"transformers HfTrainerDeepSpeedConfig: {path.name}", hf)
    if importlib.util.find_spec("deepspeed") is None:
        print(f"skip  deepspeed DeepSpeedZeroConfig: {path.name} (deepspeed not installed)")
        return

    def ds():
        from deepspeed.runtime.zero.config import DeepSpeedZeroConfig
        zero = DeepSpeedZeroConfig(**json.loads(path.read_text())["zero_optimization"])
        return f"stage {int(zero.stage)}"
    check(f"deepspeed DeepSpeedZeroConfig: {path.name}", ds)


def check_llamafactory(folder):
    info = json.loads((folder / "data/dataset_info.json").read_text())
    for name, entry in info.items():
        rows = load_jsonl(folder / "data" / entry["file_name"])
        tags = entry["tags"]

        def shape():
            for row in rows:
                messages = row[entry["columns"]["messages"]]
                if messages and messages[0][tags["role_tag"]] == tags["system_tag"]:
                    messages = messages[1:]
                roles = [m[tags["role_tag"]] for m in messages]
                expected = [tags["user_tag"], tags["assistant_tag"]] * len(roles)
                if entry.get("ranking"):
                    if roles != expected[: len(roles)] or len(roles) % 2 != 1:
                        raise ValueError(f"prompt turns {roles}")
                    for key in ("chosen", "rejected"):
                        if row[entry["columns"][key]][tags["role_tag"]] != tags["assistant_tag"]:
                            raise ValueError(f"{key} is not an assistant message")
                elif roles != expected[: len(roles)] or len(roles) % 2 != 0:
                    raise ValueError(f"turns {roles}")
            return f"{len(rows)} rows"
        check(f"llama-factory sharegpt turn rules (re-stated, see docs): {name}", shape)

    def parser():
        from llamafactory.data.parser import get_dataset_list
        attrs = get_dataset_list(list(info), str(folder / "data"))
        return ", ".join(f"{a.dataset_name}: {a.formatting}, ranking={a.ranking}" for a in attrs)
    check("llama-factory get_dataset_list: data/dataset_info.json", parser)

    def yaml_keys():
        import yaml
        from llamafactory.hparams import get_train_args
        checked = []
        for config in sorted(folder.glob("*.yaml")):
            values = yaml.safe_load(config.read_text())
            try:
                get_train_args(values)
            except Exception as error:  # GPU-only checks fail here; unknown keys fail earlier
                if "unused" in str(error).lower() or "not" in str(error).lower() and "argument" in str(error).lower():
                    raise
            checked.append(config.name)
        return ", ".join(checked)
    check("llama-factory get_train_args: YAML keys", yaml_keys)
    check_deepspeed(folder / "ds_zero3.json")


def check_openrlhf(folder):
    for name in ("sft", "dpo"):
        if (folder / f"data/{name}.jsonl").exists():
            rows = load_jsonl(folder / f"data/{name}.jsonl")
            keys = ["messages"] if name == "sft" else ["prompt", "chosen", "rejected"]
            check(f"openrlhf data/{name}.jsonl has {keys}", lambda: f"{len(rows)} rows" if all(all(r[k] for k in keys) for r in rows) else (_ for _ in ()).throw(ValueError("empty field")))
        script = folder / f"launch_{name}.sh"
        if script.exists():
            def flags():
                known = argparse_flags(f"openrlhf.cli.train_{name}")
                unknown = [f for f in script_flags(script) if f not in known]
                if unknown:
                    raise ValueError(f"flags not defined by openrlhf.cli.train_{name}: {unknown}")
                return f"{len(script_flags(script))} flags defined"
            check(f"openrlhf.cli.train_{name} argparse: {script.name}", flags)


def check_mlx(folder):
    import yaml
    for split in ("train", "valid"):
        rows = load_jsonl(folder / f"data/{split}.jsonl")
        check(f"mlx-lm data/{split}.jsonl chat rows", lambda: f"{len(rows)} rows" if all(r["messages"] for r in rows) else (_ for _ in ()).throw(ValueError("empty")))

    def config():
        tree = ast.parse(source_path("mlx_lm.lora").read_text())
        defaults = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                        and any(getattr(t, "id", "") == "CONFIG_DEFAULTS" for t in node.targets))
        known = {k.value for k in defaults.keys} | {f[2:] for f in argparse_flags("mlx_lm.lora")} | {"model"}
        values = yaml.safe_load((folder / "lora_config.yaml").read_text())
        unknown = [k for k in values if k not in known]
        if unknown:
            raise ValueError(f"keys mlx_lm.lora does not know: {unknown}")
        return f"{len(values)} keys known to mlx_lm.lora"
    check("mlx_lm.lora CONFIG_DEFAULTS/argparse: lora_config.yaml", config)


def main():
    root = Path(sys.argv[1]).resolve()
    for name, fn in (("trl", check_trl), ("llama-factory", check_llamafactory), ("openrlhf", check_openrlhf), ("mlx-lm", check_mlx)):
        if (root / name).is_dir():
            print(f"== {name}")
            fn(root / name)
    print(f"{len(failures)} failed" if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
