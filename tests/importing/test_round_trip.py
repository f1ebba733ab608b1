"""import(render(plan)) == plan: what kehoach writes, kehoach reads back.

"The same plan" is judged on what the plan means for the document: the
imported plan composes into the same blocks as the original (every
paragraph's role, its words, its bold and italic; the header, the signer;
appendix tables cell by cell) and the same page layout. The file itself may
differ: variables are read back as the words they printed, a reporting duty
as the sentence it made, and so on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from kehoach import decree
from kehoach.api import load_plan, load_plan_text, prepare_loaded, render_bytes
from kehoach.compose.blocks import Cell, DataTable, LayoutTable, Para, SectionBreak, ShortLine
from kehoach.importing import read_plan_data
from kehoach.importing.yaml_out import dump
from tests.conftest import SAMPLES
from tests.plans import plans


def _runs(para: Para) -> tuple:
    role = decree.ROLES[para.role]
    merged: list[list] = []
    for run in para.runs:
        bold = role.bold if run.bold is None else run.bold
        italic = role.italic if run.italic is None else run.italic
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += run.text
        else:
            merged.append([run.text, bold, italic])
    return tuple((" ".join(t.split()), b, i) for t, b, i in merged if t.strip())


def _cell_text(cell: Cell) -> str:
    return "\n".join("".join(r.text for r in b.runs) for b in cell.blocks if isinstance(b, Para))


def normalized(document) -> list:
    """The composed document as the reader of the printed page sees it."""
    out: list = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, Para):
                out.append((block.role, _runs(block)))
            elif isinstance(block, ShortLine):
                out.append(("line", block.kind, block.reference))
            elif isinstance(block, LayoutTable):
                for row in block.rows:
                    for cell in row:
                        walk(cell.blocks)
            elif isinstance(block, DataTable):
                out.append(("table", tuple(tuple((_cell_text(c), c.span) for c in row) for row in block.header),
                            tuple(tuple((_cell_text(c), c.span) for c in row) for row in block.rows)))
            elif isinstance(block, SectionBreak):
                out.append(("section", block.landscape))
    walk(document.blocks)
    return out


def imported_text(docx_bytes: bytes, tmp_path: Path) -> str:
    path = tmp_path / "ban-goc.docx"
    path.write_bytes(docx_bytes)
    data, notes, _ = read_plan_data(path, str(path))
    text, _ = dump(data, notes, ["thử"])
    assert yaml.safe_load(text) == data  # the file says what the reader found
    return text


def assert_round_trip(original, tmp_path: Path) -> None:
    first = prepare_loaded(original).document
    text = imported_text(render_bytes(original), tmp_path)
    again = prepare_loaded(load_plan_text(text, "nhap.yaml")).document
    assert again.layout == first.layout
    before, after = normalized(first), normalized(again)
    for i, (a, b) in enumerate(zip(before, after)):
        assert a == b, f"khối {i} khác:\n{a}\n{b}\n--- tệp nhập:\n{text}"
    assert len(before) == len(after)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_comes_back(sample, tmp_path):
    assert_round_trip(load_plan(sample), tmp_path)


@settings(max_examples=int(__import__("os").environ.get("KEHOACH_ROUND_TRIP_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans())
def test_generated_plans_come_back(tmp_path, plan):
    assert_round_trip(load_plan_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)
