"""tools/mutate.py measures what it says: each mutant is of the text it is applied to, and a line
the tracer cannot see is run against the whole subset, not counted alive unseen (issue 12)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("kehoach_mutate_tool", ROOT / "tools" / "mutate.py")
mutate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = mutate  # its dataclasses look their module up
_spec.loader.exec_module(mutate)

SOURCE = '''import functools

LIMIT = 20  # mm


def within(value):
    if value <= LIMIT:
        return True
    return False


@functools.lru_cache(maxsize=8)
def table():
    return {"a": 1 + 1}
'''


def test_every_mutant_applies_to_the_text_it_was_made_from():
    for module in ("plan/dates.py", "jobs/output.py"):  # Vietnamese text: columns are UTF-8 bytes
        source = (ROOT / "src" / "kehoach" / module).read_text(encoding="utf-8")
        for mutant in mutate.mutants_of(module, source=source):
            mutated = mutate.apply(source, mutant)
            assert mutated != source, mutant.describe()


def test_a_mutant_is_refused_on_a_text_where_its_line_moved():
    mutant = next(m for m in mutate.mutants_of("m", source=SOURCE) if m.original == "value <= LIMIT")
    assert "(value < LIMIT)" in mutate.apply(SOURCE, mutant)
    with pytest.raises(ValueError):
        mutate.apply("# one more line\n" + SOURCE, mutant)  # the work tree edited after the copy was made


def test_a_cache_size_is_not_mutated_but_its_body_is():
    keys = [m.original for m in mutate.mutants_of("m", source=SOURCE)]
    assert "8" not in keys and "1" in keys and "20" in keys


def _mutant(line: int):
    return next(m for m in mutate.mutants_of("m", source=SOURCE) if m.line == line)


def test_a_traced_line_runs_only_the_tests_that_reach_it():
    coverage = {"global": [3], "by_line": {"7": ["t.py::a", "t.py::b"], "8": ["t.py::a"]}}
    assert mutate.tests_for(_mutant(7), coverage, mutate.cached_lines(SOURCE)) == ["t.py::a", "t.py::b"]


def test_lines_whose_effect_is_shared_or_unseen_run_the_whole_subset():
    coverage = {"global": [3], "by_line": {"7": ["t.py::a"], "14": ["t.py::a"]}}
    shared = mutate.cached_lines(SOURCE)
    assert 14 in shared and 7 not in shared
    assert mutate.tests_for(_mutant(3), coverage, shared) is None  # module-level data
    assert mutate.tests_for(_mutant(14), coverage, shared) is None  # a cached result, read by later tests
    assert mutate.tests_for(_mutant(8), coverage, shared) is None  # reached by no traced test: not assumed alive
    assert mutate.tests_for(_mutant(7), None, shared) is None  # nothing traced


def test_a_module_imported_inside_a_test_has_its_top_level_lines_global(tmp_path, monkeypatch):
    path = tmp_path / "traced_module_for_mutate.py"
    path.write_text("X = 1\n\n\ndef f():\n    return X + 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    recorder = mutate._LineRecorder(str(path))
    recorder.current = "t.py::first"
    previous = sys.gettrace()
    sys.settrace(recorder.global_trace)
    try:
        import traced_module_for_mutate

        traced_module_for_mutate.f()
    finally:
        sys.settrace(previous)
        sys.modules.pop("traced_module_for_mutate", None)
    assert 1 in recorder.global_lines and 1 not in recorder.by_line
    assert recorder.by_line[5] == ["t.py::first"]


def test_a_line_run_in_a_fixture_runs_every_test_that_uses_it():
    coverage = {"global": [], "by_line": {"7": ["fixture::rendered", "t.py::c"]},
                "uses": {"t.py::a": ["rendered", "tmp_path"], "t.py::b": ["tmp_path"], "t.py::c": [],
                         "u.py::d": ["rendered"]}}
    assert mutate.tests_for(_mutant(7), coverage, set()) == ["t.py::a", "u.py::d", "t.py::c"]


def test_results_of_runs_made_elsewhere_merge_module_by_module(tmp_path):
    ours = tmp_path / "ours.md"
    ours.with_suffix(".json").write_text(json.dumps({
        "decree": _entry(80.0, ["decree:1 `2` → `(3)`"]), "plan/dates": _entry(100.0, [])}), encoding="utf-8")
    theirs = tmp_path / "theirs.md"
    theirs.with_suffix(".json").write_text(json.dumps({"decree": _entry(95.0, [])}), encoding="utf-8")
    assert mutate.main(["--results", str(ours), "--merge", str(theirs)]) == 0
    data = json.loads(ours.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["decree"]["score"] == 95.0 and data["plan/dates"]["score"] == 100.0
    text = ours.read_text(encoding="utf-8")
    assert "| `decree` | 19 | 20 | 0 | 95.0 % |" in text and "decree:1" not in text


def _entry(percent: float, survived: list[str]) -> dict:
    return {"commit": "abc1234", "date": "2026-12-02 22:00 UTC", "killed": round(percent / 5), "counted": 20,
            "equivalent": 0, "score": percent, "survived": survived, "equivalents": [], "sha": "", "killed_keys": {},
            "carried": 0}
