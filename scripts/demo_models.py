"""Where the check scripts find the repository, the demo models and llama.cpp's tools."""
import os
import subprocess

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
models_dir = os.path.join(os.environ.get("FUSECHAT_HOME", os.path.expanduser("~/.cache/fusechat")), "models")
MODELS = ("smollm2-135m-instruct", "gemma-3-270m", "qwen2.5-coder-0.5b-instruct")


def main_checkout():
    """The main checkout of this repository (a worktree shares its `.deps/` build of llama.cpp)."""
    common = subprocess.run(["git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    return os.path.dirname(common) if common else repo
