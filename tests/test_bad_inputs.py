"""Table-driven: every bad input in tests/bad_inputs/ fails cleanly, where it should.

expected.tsv gives, per file, the exit code, the line and column of the
problem, and a fragment of its Vietnamese message. Each file is run through
both `validate --json` and `render`: the same verdict, no traceback, and no
document written.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.cli import app

HERE = Path(__file__).parent / "bad_inputs"
runner = CliRunner()


def cases():
    for line in (HERE / "expected.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, code, row, column, fragment = line.split("\t")
        yield pytest.param(name, int(code), int(row), int(column), fragment, id=name.removesuffix(".yaml"))


def test_the_table_is_large_and_complete():
    listed = [c.values[0] for c in cases()]
    assert len(listed) >= 40
    assert sorted(listed) == sorted(p.name for p in HERE.glob("*.yaml"))


@pytest.mark.parametrize("name, code, row, column, fragment", list(cases()))
def test_bad_input(tmp_path, name, code, row, column, fragment):
    if "-ma-" in name:
        pytest.importorskip("viparse", reason="legacy-encoding detection needs viparse (Python >= 3.11)")
    plan = tmp_path / name
    shutil.copy(HERE / name, plan)
    result = runner.invoke(app, ["validate", "--json", str(plan)])
    assert result.exit_code == code, result.output
    report = json.loads(result.output)
    assert report["hop_le"] is False
    matching = [p for p in report["van_de"] if p["dong"] == row and p["cot"] == column
                and fragment in p["thong_bao"]]
    assert matching, report["van_de"]
    assert all(p["tep"] == str(plan) for p in report["van_de"])

    rendered = runner.invoke(app, ["render", str(plan)])
    assert rendered.exit_code == code
    assert f"{plan}:{row}:{column}:" in rendered.output and fragment in rendered.output
    assert "Traceback" not in rendered.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written, not even a temp file
