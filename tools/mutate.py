#!/usr/bin/env python3
"""Mutation testing for kehoach: does the test suite notice a one-line change?

Run on demand, not in CI (it is slow). For each module named in
``tools/mutation.toml`` the script makes every single-line mutant of the
source (a comparison flipped at its boundary, a number moved by one, a
boolean negated, a ``not`` dropped, ``and``/``or`` swapped, a call statement
dropped), applies one at a time to a private copy of the project, and runs
the module's fast test subset against it (``pytest -x -q``, with a timeout).
A mutant is *killed* when the tests fail (or time out), *survived* when they
pass. Mutants listed as equivalent in the configuration (the change cannot be
observed) are skipped and reported with their reason.

Not mutated: docstrings, annotations, f-string internals, and the size of an
``lru_cache`` (it changes only speed, which bench/ measures).

Why not mutmut: mutmut 3 mutates only function bodies through trampolines,
and skips decorated functions; the decree's numbers in ``decree.py`` are
module-level data, and the writer's style sheet and the sandbox's compiler
sit behind ``@lru_cache``, so the modules where a silent change hurts most
would not be mutated at all.

    python tools/mutate.py                    # every module in the configuration
    python tools/mutate.py decree plan/dates  # some of them
    python tools/mutate.py --list decree      # the mutants, without running
    python tools/mutate.py --results tools/mutation-results.md ...  # where the score goes
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tools" / "mutation.toml"
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".hypothesis", ".pytest_cache")

_FLIP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq,
         ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass
class Mutant:
    module: str
    line: int
    function: str
    original: str
    mutated: str
    start: tuple[int, int]  # (line, column) of the replaced source segment, 1-based line
    end: tuple[int, int]
    key: str = ""
    status: str = ""  # killed | survived | timeout | equivalent
    reason: str = ""
    seconds: float = 0.0
    killed_at: str = ""  # --resume: the commit of the run that killed it (same source), when not run again

    def describe(self) -> str:
        return f"{self.module}:{self.line} ({self.function}) `{self.original}` → `{self.mutated}`"


def _is_cache(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
    return name in ("lru_cache", "cache")


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _Finder(ast.NodeVisitor):
    """Every mutation point of one module, in source order."""

    def __init__(self, source: str, module: str) -> None:
        self.source = source
        self.module = module
        self.scope: list[str] = []
        self.found: list[Mutant] = []
        self.docstrings: set[int] = set()
        self.skip_lines = {i + 1 for i, line in enumerate(source.splitlines()) if "pragma: no mutate" in line}

    # scope names: the key of a mutant survives edits elsewhere in the file
    def _scoped(self, node, name: str) -> None:
        self.scope.append(name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):  # noqa: N802
        for decorator in node.decorator_list:
            if not _is_cache(decorator):  # a cache's size changes only speed, which bench/ measures
                self.visit(decorator)
        self.visit(node.args)
        self.scope.append(node.name)
        for statement in node.body:
            self.visit(statement)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):  # noqa: N802
        self._scoped(node, node.name)

    def visit_AnnAssign(self, node):  # noqa: N802 - annotations are not code
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_arg(self, node):  # noqa: N802
        return  # annotations

    def visit_ImportFrom(self, node):  # noqa: N802
        return

    def visit_JoinedStr(self, node):  # noqa: N802 - inside f-strings, Python 3.11's positions are not exact
        return

    def _add(self, node: ast.AST, new_text: str) -> None:
        if node.lineno in self.skip_lines:
            return
        original = ast.get_source_segment(self.source, node)
        if original is None:
            return
        self.found.append(Mutant(self.module, node.lineno, ".".join(self.scope) or "<module>", _one_line(original),
                                 _one_line(new_text), (node.lineno, node.col_offset),
                                 (node.end_lineno, node.end_col_offset)))

    def visit_Compare(self, node):  # noqa: N802
        for i, op in enumerate(node.ops):
            flipped = _FLIP.get(type(op))
            if flipped is None:
                continue
            ops = list(node.ops)
            ops[i] = flipped()
            self._add(node, "(" + ast.unparse(ast.Compare(node.left, ops, node.comparators)) + ")")
        self.generic_visit(node)

    def visit_Constant(self, node):  # noqa: N802
        value = node.value
        if isinstance(value, bool):
            self._add(node, repr(not value))
        elif isinstance(value, (int, float)) and not isinstance(value, complex):
            for delta in (1, -1):
                new = value + delta
                self._add(node, f"({new!r})")

    def visit_UnaryOp(self, node):  # noqa: N802
        if isinstance(node.op, ast.Not):
            self._add(node, "(" + ast.get_source_segment(self.source, node.operand) + ")")
        elif isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and isinstance(node.operand.value, (int, float)) and not isinstance(node.operand.value, bool):
            value = -node.operand.value
            for delta in (1, -1):
                self._add(node, f"({value + delta!r})")
            return  # not the bare constant again
        self.generic_visit(node)

    def visit_BoolOp(self, node):  # noqa: N802
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._add(node, "(" + ast.unparse(ast.BoolOp(other, node.values)) + ")")
        self.generic_visit(node)

    def visit_Expr(self, node):  # noqa: N802
        if isinstance(node.value, ast.Call):  # a call done for its effect: self.add(...), out.append(...)
            self._add(node, "pass")
        elif isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring
        self.generic_visit(node)


def mutants_of(module: str, path: Path | None = None, source: str | None = None) -> list[Mutant]:
    """The mutants of ``source`` (or of the file at ``path``): always of the very text they are applied to."""
    if source is None:
        source = path.read_text(encoding="utf-8")
    finder = _Finder(source, module)
    finder.visit(ast.parse(source))
    seen: dict[str, int] = {}
    for mutant in finder.found:
        base = f"{mutant.function}: {mutant.original} → {mutant.mutated}"
        seen[base] = seen.get(base, 0) + 1
        mutant.key = base if seen[base] == 1 else f"{base} #{seen[base]}"
    return finder.found


def cached_lines(source: str) -> set[int]:
    """The lines of functions behind ``lru_cache``/``cache``: their result, computed in the first test that
    asks, is shared by every later one, so the tests that reach such a line are not all the tests it affects."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(_is_cache, node.decorator_list)):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return lines


def tests_for(mutant: Mutant, coverage: dict | None, shared: set[int]) -> list[str] | None:
    """The tests a mutant runs: those the baseline saw reach its lines, or ``None`` for the whole subset.

    A line run in a fixture's body runs every test that uses the fixture. The whole subset when nothing
    was traced, when a line runs at import, elsewhere in a set-up or in a cached function (its effect is shared beyond the tests that ran it), and when no traced test reaches
    the line: the tracer sees only this process's main thread, so a line run in a worker, a thread or a
    subprocess looks unreached; counting it a survivor unseen would be a guess, not a measurement."""
    if coverage is None:
        return None
    lines = range(mutant.start[0], mutant.end[0] + 1)
    if any(line in coverage["global"] or line in shared for line in lines):
        return None
    reached = [t for line in lines for t in coverage["by_line"].get(str(line), [])]
    uses = coverage.get("uses", {})
    selected: list[str] = []
    for test in reached:
        if test.startswith(FIXTURE):  # every test that uses the fixture, in the order they ran
            name = test[len(FIXTURE):]
            selected += [t for t, fixtures in uses.items() if name in fixtures]
        else:
            selected.append(test)
    return list(dict.fromkeys(selected)) or None


def apply(source: str, mutant: Mutant) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line.encode("utf-8")))
    data = source.encode("utf-8")
    start = offsets[mutant.start[0] - 1] + mutant.start[1]  # ast columns are UTF-8 byte offsets
    end = offsets[mutant.end[0] - 1] + mutant.end[1]
    if _one_line(data[start:end].decode("utf-8", errors="replace")) != mutant.original:
        raise ValueError(f"{mutant.describe()}: the source at {mutant.start}–{mutant.end} is not the mutant's original")
    new = data[:start] + mutant.mutated.encode("utf-8") + data[end:]
    text = new.decode("utf-8")
    ast.parse(text)  # a mutant always compiles
    return text


# ------------------------------------------------------------------ running --


@dataclass
class Module:
    name: str
    path: Path
    tests: list[str]
    deselect: list[str] = field(default_factory=list)
    equivalent: dict[str, str] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)  # survivors kept in the score, each with why it is harmless


def load_config(path: Path) -> tuple[dict, dict[str, Module]]:
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    modules = {}
    for name, spec in config["module"].items():
        modules[name] = Module(name, ROOT / "src" / "kehoach" / spec["path"], spec["tests"], spec.get("deselect", []),
                               {e["mutant"]: e["reason"] for e in spec.get("equivalent", [])},
                               {e["mutant"]: e["reason"] for e in spec.get("survivor", [])})
    return config.get("run", {}), modules


# Imported once in this process and inherited by every forked test run, so a
# mutant costs its tests, not Python's start-up; kehoach itself is imported
# afresh in each child, from the sandbox, mutated.
_PRELOAD = ("pytest", "_pytest.python", "hypothesis", "docx", "lxml.etree", "pydantic", "jinja2", "jinja2.sandbox",
            "typer", "typer.testing", "yaml", "openpyxl", "jsonschema")


def package_modules(src: Path) -> dict[str, Path]:
    """Every module of the package under ``src``, by its dotted name."""
    out = {}
    for path in sorted((src / "kehoach").rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def importers_of(target: str, modules: dict[str, Path]) -> set[str]:
    """``target`` and every module that imports it, directly or through others, at the top or in a function."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = found & set(modules)
    closure, changed = {target}, True
    while changed:
        changed = False
        for name, imports in graph.items():
            if name not in closure and imports & closure:
                closure.add(name)
                changed = True
    return closure


def preload_package(src: Path, target: str) -> int:
    """Import, once in this process, the modules of the package that cannot see the mutated one.

    Each forked test run then imports afresh only ``target`` and the modules that import it (they must
    bind to the mutant), not the rest of kehoach (pydantic's models, the sandbox, the reader: a second
    of every run). A module imported by name inside a function is counted an importer too."""
    for name in [m for m in sys.modules if m == "kehoach" or m.startswith("kehoach.")]:
        del sys.modules[name]  # a previous module's preload, or the work tree's package
    if str(src) not in sys.path[:1]:
        sys.path.insert(0, str(src))
    modules = package_modules(src)
    fresh = importers_of(target, modules)
    import importlib

    loaded = 0
    for name in modules:
        if name in fresh or any(name.startswith(f + ".") for f in fresh if modules[f].name == "__init__.py"):
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot load alone is simply imported by the child
            continue
        loaded += 1
    stray = [m for m in sys.modules if m in fresh]
    for name in stray:  # imported as a side effect of another module: must not be shared
        del sys.modules[name]
    return loaded


FIXTURE = "fixture::"  # in the traced lines: run in the set-up of this fixture, for every test using it

try:  # the hooks of _LineRecorder run before pytest's own: the test's lines are its own
    from pytest import hookimpl as _hookimpl

    _FIRST = _hookimpl(tryfirst=True)
except ImportError:  # pragma: no cover - pytest is a test dependency
    _hookimpl = None

    def _FIRST(function):
        return function


class _LineRecorder:
    """A pytest plugin: which lines of one source file each test's call runs.

    Lines run in a fixture's body count for every test that uses the fixture (its
    value, made once, is shared by them). Lines run elsewhere outside a test's call,
    or while the module is imported (at collection, or first inside some test:
    module-level data is read by every later test) are "global": a mutant there
    runs the whole subset."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.current: str | None = None
        self.by_line: dict[int, list[str]] = {}
        self.global_lines: set[int] = set()
        self.uses: dict[str, list[str]] = {}  # each test's fixtures, their own fixtures included

    def _importing(self, frame) -> bool:
        while frame is not None:
            if frame.f_code.co_filename == self.filename and frame.f_code.co_name == "<module>":
                return True
            frame = frame.f_back
        return False

    def global_trace(self, frame, event, arg):
        if frame.f_code.co_filename != self.filename:
            return None
        return self.import_trace if self._importing(frame) else self.local_trace

    def import_trace(self, frame, event, arg):
        if event == "line":
            self.global_lines.add(frame.f_lineno)
        return self.import_trace

    def local_trace(self, frame, event, arg):
        if event == "line":
            if self.current is None:
                self.global_lines.add(frame.f_lineno)
            else:
                tests = self.by_line.setdefault(frame.f_lineno, [])
                if not tests or tests[-1] != self.current:
                    tests.append(self.current)
        return self.local_trace

    @_FIRST
    def pytest_runtest_call(self, item):
        self.current = item.nodeid

    @_FIRST
    def pytest_runtest_teardown(self, item):
        self.current = None

    @_FIRST
    def pytest_runtest_setup(self, item):
        self.uses[item.nodeid] = list(getattr(item, "fixturenames", ()))

    if _hookimpl is not None:
        @_hookimpl(hookwrapper=True)
        def pytest_fixture_setup(self, fixturedef, request):
            """A fixture's body: its lines count for every test that uses the fixture (its value is shared)."""
            previous, self.current = self.current, FIXTURE + fixturedef.argname
            try:
                yield
            finally:
                self.current = previous

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"global": sorted(self.global_lines), "by_line": self.by_line, "uses": self.uses}),
                        encoding="utf-8")


class Sandbox:
    """A private copy of the project; the package imported from it, not from the work tree."""

    def __init__(self, use_fork: bool) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kehoach-mutate-"))
        for item in ROOT.iterdir():
            if item.name in (".venv", ".git", "bench", ".hypothesis", ".pytest_cache", "mutants"):
                continue
            if item.is_dir():
                shutil.copytree(item, self.folder / item.name, ignore=COPY_IGNORE)
            else:
                shutil.copy2(item, self.folder / item.name)
        self.use_fork = use_fork and hasattr(os, "fork")
        self.log = self.folder / "last-run.log"
        self.child: int | None = None
        os.environ.pop("KEHOACH_REQUIRE_PDF", None)  # a mutation run never needs LibreOffice
        if self.use_fork:
            import importlib

            for name in _PRELOAD:
                try:
                    importlib.import_module(name)
                except ImportError:
                    pass

    def _command(self, module: Module, selected: list[str] | None = None) -> list[str]:
        return ["-x", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", "-W", "ignore",
                *(selected or module.tests), *[f"--deselect={d}" for d in module.deselect]]

    def run_tests(self, module: Module, timeout: float, write_bytecode: bool = False,
                  selected: list[str] | None = None, trace: Path | None = None) -> tuple[str, float]:
        """Run the module's tests (or the ``selected`` ones); their output goes to ``self.log``.

        With ``trace`` (the baseline run), the lines of that source file each test runs are
        recorded, so that each mutant later runs only the tests that reach its line."""
        started = time.monotonic()
        if not self.use_fork:
            env = dict(os.environ, PYTHONPATH=str(self.folder / "src"))
            if not write_bytecode:
                env["PYTHONDONTWRITEBYTECODE"] = "1"
            try:
                with open(self.log, "wb") as out:
                    done = subprocess.run([sys.executable, "-m", "pytest", *self._command(module)], cwd=self.folder,
                                          env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout)
            except subprocess.TimeoutExpired:
                return "timeout", time.monotonic() - started
            return ("survived" if done.returncode == 0 else "killed"), time.monotonic() - started
        pid = self.child = os.fork()
        if pid == 0:  # the child: run the tests against the sandbox's (mutated) package
            code = 3
            try:
                os.chdir(self.folder)
                sys.path.insert(0, str(self.folder / "src"))
                sys.dont_write_bytecode = not write_bytecode
                out = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
                os.dup2(out, 1)
                os.dup2(out, 2)
                import pytest

                plugins = []
                if trace is not None:
                    recorder = _LineRecorder(str(trace))
                    plugins.append(recorder)
                    sys.settrace(recorder.global_trace)
                    threading.settrace(recorder.global_trace)  # a thread's lines count for the test that started it
                code = int(pytest.main(self._command(module, selected), plugins=plugins))
                if trace is not None:
                    sys.settrace(None)
                    threading.settrace(None)
                    recorder.save(self.folder / "lines.json")
            finally:
                os._exit(code)
        deadline = started + timeout
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                self.child = None
                code = os.waitstatus_to_exitcode(status)
                return ("survived" if code == 0 else "killed"), time.monotonic() - started
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                self.child = None
                return "timeout", time.monotonic() - started
            time.sleep(0.02)

    def close(self) -> None:
        if self.child is not None:  # stopped while a test run was going on
            try:
                os.kill(self.child, signal.SIGKILL)
                os.waitpid(self.child, 0)
            except OSError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def run_module(module: Module, sandbox: Sandbox, settings: dict, only: str | None, log,
               untraced_survive: bool = False, previous: dict | None = None) -> list[Mutant]:
    """Run the module's mutants. With ``previous`` (--resume: the module's last recorded run, made from
    the same source text), the mutants that run killed are not run again: tests only add kills."""
    target = sandbox.folder / "src" / "kehoach" / module.path.relative_to(ROOT / "src" / "kehoach")
    original = target.read_text(encoding="utf-8")
    mutants = mutants_of(module.name, source=original)  # of the very text they are applied to
    carried: dict[str, str] = {}
    if previous is not None:
        if previous.get("sha") == source_hash(original):
            carried = previous.get("killed_keys", {})
            log(f"{module.name}: --resume: {len(carried)} mutants killed by the run at {previous.get('commit')} "
                "(same source) are not run again")
        else:
            log(f"{module.name}: --resume: the source changed since the last run; every mutant runs")
    shared = cached_lines(original)
    if sandbox.use_fork:
        dotted = "kehoach." + ".".join(module.path.relative_to(ROOT / "src" / "kehoach").with_suffix("").parts)
        preload_package(sandbox.folder / "src", dotted)
    lines_file = sandbox.folder / "lines.json"
    lines_file.unlink(missing_ok=True)
    status, baseline = sandbox.run_tests(module, float(settings.get("baseline_timeout", 600)), write_bytecode=True,
                                         trace=target if sandbox.use_fork else None)
    if status != "survived":
        tail = "\n".join(sandbox.log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:])
        raise SystemExit(f"{module.name}: the unmutated tests do not pass ({status}):\n{tail}")
    for stale in target.parent.joinpath("__pycache__").glob(target.stem + ".*.pyc"):
        stale.unlink()  # the mutated module is compiled from its source every time
    coverage = json.loads(lines_file.read_text(encoding="utf-8")) if lines_file.exists() else None
    status, baseline = sandbox.run_tests(module, float(settings.get("baseline_timeout", 600)))  # untraced: its time
    timeout = max(float(settings.get("min_timeout", 20)), baseline * float(settings.get("timeout_factor", 3)))
    log(f"{module.name}: {len(mutants)} mutants, tests take {baseline:.1f} s, timeout {timeout:.0f} s"
        + (f"; traced: {len(coverage['by_line'])} lines reached by tests or fixtures, {len(coverage['global'])} "
           "run at import or in a shared set-up" if coverage is not None
           else " (no line tracing: every mutant runs the whole subset)"))
    try:
        for i, mutant in enumerate(mutants, 1):
            if only and only not in mutant.key:
                mutant.status = "skipped"
                continue
            if mutant.key in module.equivalent:
                mutant.status, mutant.reason = "equivalent", module.equivalent[mutant.key]
                continue
            if mutant.key in carried:
                mutant.status, mutant.killed_at = "killed", carried[mutant.key]
                continue
            try:
                target.write_text(apply(original, mutant), encoding="utf-8")
            except SyntaxError:
                mutant.status, mutant.reason = "killed", "does not compile"
                continue
            selected = tests_for(mutant, coverage, shared)
            reached = coverage is None or selected is not None or any(
                str(line) in coverage["by_line"] or line in coverage["global"]
                for line in range(mutant.start[0], mutant.end[0] + 1))
            if not reached and untraced_survive:  # a quick look: not a measurement, never recorded
                mutant.status, mutant.reason = "survived", "no traced test runs this line (not run)"
                log(f"  [{i}/{len(mutants)}] SURVIVED (not run) {mutant.describe()}")
                continue
            if selected is None and len(module.tests) > 1:
                # The whole subset, in two steps: its first file (the module's own tests, fast to
                # collect) and, only if that passes, all of it. A kill in the first step is a kill of
                # the whole subset, which runs that file first; the others cost nothing more.
                mutant.status, mutant.seconds = sandbox.run_tests(module, timeout, selected=module.tests[:1])
                if mutant.status == "survived":
                    mutant.status, more = sandbox.run_tests(module, timeout)
                    mutant.seconds += more
            else:
                mutant.status, mutant.seconds = sandbox.run_tests(module, timeout, selected=selected)
            if mutant.status == "survived":
                if mutant.key in module.known:
                    mutant.reason = module.known[mutant.key]
                elif not reached:
                    mutant.reason = "no traced test runs this line; the whole subset passes"
                log(f"  [{i}/{len(mutants)}] SURVIVED {mutant.describe()}"
                    + (f" ({mutant.reason})" if mutant.reason else ""))
    finally:
        target.write_text(original, encoding="utf-8")
    unknown = (set(module.equivalent) | set(module.known)) - {m.key for m in mutants}
    for key in sorted(unknown):
        log(f"  note: equivalent entry no longer matches a mutant: {key}")
    return mutants


def score(mutants: list[Mutant]) -> tuple[int, int, int, float]:
    counted = [m for m in mutants if m.status in ("killed", "timeout", "survived")]
    killed = sum(m.status in ("killed", "timeout") for m in counted)
    equivalent = sum(m.status == "equivalent" for m in mutants)
    return killed, len(counted), equivalent, (100.0 * killed / len(counted) if counted else 100.0)


def write_results(path: Path, results: dict[str, list[Mutant]], commit: str, started: str, minutes: float,
                  hashes: dict[str, str] | None = None) -> None:
    """Merge this run's modules into the results file (other modules keep their last score).

    Locked, so that two runs over different modules side by side (one per core) can share it."""
    import fcntl

    with open(Path(tempfile.gettempdir()) / "kehoach-mutation-results.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _merge_results(path, results, commit, started, hashes or {})


def _merge_results(path: Path, results: dict[str, list[Mutant]], commit: str, started: str,
                   hashes: dict[str, str]) -> None:
    data_path = path.with_suffix(".json")
    data = json.loads(data_path.read_text(encoding="utf-8")) if data_path.exists() else {}
    for name, mutants in results.items():
        killed, counted, equivalent, percent = score(mutants)
        data[name] = {
            "commit": commit, "date": started, "killed": killed, "counted": counted, "equivalent": equivalent,
            "score": round(percent, 1),
            "survived": [m.describe() + (f" ({m.reason})" if m.reason else "") for m in mutants
                         if m.status == "survived"],
            "equivalents": [f"{m.describe()}: {m.reason}" for m in mutants if m.status == "equivalent"],
            "sha": hashes.get(name, ""),
            "killed_keys": {m.key: m.killed_at or commit for m in mutants if m.status in ("killed", "timeout")},
            "carried": sum(bool(m.killed_at) for m in mutants),
        }
    data_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _write_markdown(path, data)


def merge_files(path: Path, others: list[Path]) -> None:
    """Take each module of other results files (runs made side by side in other work trees) into this one."""
    data_path = path.with_suffix(".json")
    data = json.loads(data_path.read_text(encoding="utf-8")) if data_path.exists() else {}
    for other in others:
        data.update(json.loads(other.with_suffix(".json").read_text(encoding="utf-8")))
    data_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _write_markdown(path, data)


def _write_markdown(path: Path, data: dict) -> None:
    out = ["# Điểm đột biến (mutation score)", "",
           "Sinh bởi `python tools/mutate.py`; không sửa tay. Mỗi mô-đun ghi lần chạy gần nhất của nó.",
           "Điểm = số đột biến bị diệt (kiểm thử hỏng hoặc quá giờ) / số đột biến được tính; các đột biến "
           "tương đương (không thể quan sát, lý do ghi trong `tools/mutation.toml`) không tính.",
           "Cột *chạy lại*: với `--resume`, số đột biến đã bị diệt ở một lần chạy trước trên cùng mã nguồn của "
           "mô-đun (cùng mã băm) nên không chạy lại; commit là của lần chạy này, các đột biến còn lại đều chạy "
           "ở commit đó. `+sửa`: cây làm việc có thay đổi chưa commit.", "",
           "| mô-đun | bị diệt | tổng | tương đương (loại) | điểm | commit | ngày | không chạy lại |",
           "|---|---:|---:|---:|---:|---|---|---:|"]
    for name in sorted(data):
        d = data[name]
        out.append(f"| `{name}` | {d['killed']} | {d['counted']} | {d['equivalent']} | {d['score']:.1f} % "
                   f"| {d['commit']} | {d['date']} | {d.get('carried', 0)} |")
    for name in sorted(data):
        d = data[name]
        if d["survived"] or d["equivalents"]:
            out += ["", f"## `{name}`", ""]
            out += [f"- sống sót: {s}" for s in d["survived"]]
            out += [f"- tương đương: {e}" for e in d["equivalents"]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="module names from the configuration (default: all)")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument("--only", help="run only the mutants whose key contains this text")
    parser.add_argument("--results", type=Path, default=ROOT / "tools" / "mutation-results.md")
    parser.add_argument("--subprocess", action="store_true", help="a new Python per mutant (slower; no fork)")
    parser.add_argument("--no-results", action="store_true", help="do not write the results file")
    parser.add_argument("--resume", action="store_true",
                        help="do not run again the mutants the module's last recorded run killed, when its source "
                             "is the same (tests only add kills); the others run")
    parser.add_argument("--untraced-survive", action="store_true",
                        help="a quick look: a mutant on a line no traced test reaches is counted alive without "
                             "running the whole subset (the results file is then not written)")
    parser.add_argument("--merge", type=Path, nargs="+", metavar="RESULTS",
                        help="take the modules of these results files (.md or .json of runs made elsewhere) into "
                             "--results, and stop")
    args = parser.parse_args(argv)
    if args.merge:
        merge_files(args.results, args.merge)
        return 0
    settings, modules = load_config(args.config)
    names = args.modules or list(modules)
    unknown = [n for n in names if n not in modules]
    if unknown:
        parser.error(f"unknown module(s) {unknown}; known: {', '.join(modules)}")
    if args.list:
        for name in names:
            for m in mutants_of(name, modules[name].path):
                mark = " [equivalent]" if m.key in modules[name].equivalent else ""
                print(f"{m.line:4d}  {m.key}{mark}")
        return 0

    def log(text: str) -> None:
        print(text, flush=True)

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    dirty = subprocess.run(["git", "status", "--porcelain", "src", "tests", "tools/mutation.toml"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    commit += "+sửa" if dirty else ""
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    clock = time.monotonic()
    sandbox = Sandbox(use_fork=not args.subprocess)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `kill` cleans up like Ctrl-C
    results: dict[str, list[Mutant]] = {}
    hashes: dict[str, str] = {}
    recorded = {}
    data_path = args.results.with_suffix(".json")
    if args.resume and data_path.exists():
        recorded = json.loads(data_path.read_text(encoding="utf-8"))
    try:
        for name in names:
            copy = sandbox.folder / "src" / "kehoach" / modules[name].path.relative_to(ROOT / "src" / "kehoach")
            hashes[name] = source_hash(copy.read_text(encoding="utf-8"))
            results[name] = run_module(modules[name], sandbox, settings, args.only, log, args.untraced_survive,
                                       recorded.get(name) if args.resume else None)
            killed, counted, equivalent, percent = score(results[name])
            log(f"{name}: {killed}/{counted} killed ({percent:.1f} %), {equivalent} equivalent")
    finally:
        sandbox.close()
    if not args.no_results and not args.only and not args.untraced_survive:
        write_results(args.results, results, commit, started, (time.monotonic() - clock) / 60, hashes)
    low = [n for n in results if score(results[n])[3] < float(settings.get("goal", 90))]
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
