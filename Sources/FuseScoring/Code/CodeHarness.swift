/// The Python driver that runs an answer against its tests inside the sandbox, in one process.
///
/// It reads a nonce from standard input (the answer cannot read it again, so it cannot forge the
/// verdict line), compiles `solution.py` (the static check: a syntax error is reported before any
/// of the answer runs), runs it and then the tests, and ends with one line on standard output:
/// `<nonce> <pass|fail|error|syntax|tests> <JSON string: why>` (after a `<nonce> parsed ""` line
/// once the static check has passed). An answer that exits, crashes or is
/// killed before that line leaves no verdict line, which the verifier reports as such.
enum CodeHarness {
    static let source = #"""
import io, json, os, sys, traceback

_nonce = sys.stdin.readline().strip()
_verdict_fd = os.dup(1)


def _note(status, detail=""):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    line = "\n%s %s %s\n" % (_nonce, status, json.dumps(detail))
    os.write(_verdict_fd, line.encode("utf-8"))


def _report(status, detail=""):
    _note(status, detail)
    os._exit(0)


def _clip(text, limit=300):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "..."


def _exception(e):
    text = str(e)
    return _clip("%s: %s" % (type(e).__name__, text) if text else type(e).__name__)


def _where(tb, files):
    frames = [f for f in traceback.extract_tb(tb) if f.filename in files]
    if not frames:
        return ""
    f = frames[-1]
    return " at %s line %d: %s" % (f.filename, f.lineno, _clip((f.line or "").strip(), 200))


with open("spec.json", encoding="utf-8") as f:
    _spec = json.load(f)
with open("solution.py", encoding="utf-8") as f:
    _source = f.read()
try:
    _code = compile(_source, "solution.py", "exec")
except SyntaxError as e:
    _report("syntax", "%s (solution.py line %s%s)" % (e.msg, e.lineno, ": " + e.text.strip() if e.text else ""))
except ValueError as e:
    _report("syntax", _exception(e))
_note("parsed")


def _run_python():
    try:
        with open("tests.py", encoding="utf-8") as f:
            tests = compile(f.read(), "tests.py", "exec")
    except SyntaxError as e:
        _report("tests", "the tests do not parse: %s (tests.py line %s)" % (e.msg, e.lineno))
    sys.stdin = io.StringIO("")
    entry = _spec.get("entry_point")
    namespace = {"__name__": "solution"}
    stage = "solution"
    try:
        exec(_code, namespace)
        stage = "tests"
        exec(tests, namespace)
        if entry:
            if not callable(namespace.get(entry)):
                _report("error", "the answer does not define %s()" % entry)
            if not callable(namespace.get("check")):
                _report("tests", "the tests do not define check(candidate)")
            namespace["check"](namespace[entry])
    except AssertionError as e:
        if stage == "tests":
            _report("fail", "%s%s" % (_exception(e), _where(e.__traceback__, ("tests.py",))))
        _report("error", "%s%s" % (_exception(e), _where(e.__traceback__, ("solution.py",))))
    except SystemExit as e:
        _report("error", "the answer called exit(%r) before the tests finished" % (e.code,))
    except BaseException as e:
        _report("error", "%s%s" % (_exception(e), _where(e.__traceback__, ("solution.py", "tests.py"))))
    _report("pass", "all tests passed")


def _lines(text):
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _run_stdio():
    real_stdout = sys.stdout
    cases = _spec["cases"]
    for number, case in enumerate(cases, 1):
        sys.stdin = io.TextIOWrapper(io.BytesIO(case["input"].encode("utf-8")), encoding="utf-8")
        captured = io.BytesIO()
        out = io.TextIOWrapper(captured, encoding="utf-8", write_through=True)
        sys.stdout = out
        try:
            exec(_code, {"__name__": "__main__"})
        except SystemExit as e:
            if e.code not in (None, 0):
                sys.stdout = real_stdout
                _report("error", "case %d: the answer exited with %r" % (number, e.code))
        except BaseException as e:
            sys.stdout = real_stdout
            _report("error", "case %d: %s%s" % (number, _exception(e), _where(e.__traceback__, ("solution.py",))))
        finally:
            sys.stdout = real_stdout
        try:
            out.flush()
        except Exception:
            pass
        got = captured.getvalue().decode("utf-8", "replace")
        if _lines(got) != _lines(case["output"]):
            _report("fail", "case %d: expected %s, got %s" % (number, json.dumps(_clip(case["output"])), json.dumps(_clip(got))))
    _report("pass", "all %d cases passed" % len(cases))


if _spec["kind"] == "stdio":
    _run_stdio()
else:
    _run_python()
"""#
}
