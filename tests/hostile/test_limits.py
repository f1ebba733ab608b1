"""Exhaustion from a few bytes: every case is refused with a clear message,
by a real kehoach process held to SECONDS and MEMORY_MB by the test.

The big inputs are generated here, at test time; the repository stays small.
"""

from __future__ import annotations

import os

import pytest

from kehoach.api import load_plan_text, prepare_loaded
from kehoach.compose.templating import MAX_TEXT_CHARS, TemplateProblem, render_text
from kehoach.errors import InvalidInput
from kehoach.plan.loader import MAX_CHARS
from tests.plans import MINIMAL

from .bounded import assert_user_error, kehoach, posix_only

pytestmark = posix_only


def _plan(tmp_path, text: str, name: str = "kh.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _item(expression: str) -> str:
    return MINIMAL.replace("Một ý", '"' + expression.replace('"', '\\"') + '"')


@pytest.mark.parametrize("expression, fragment", [
    ("{{ '%0900000000d' % nam }}", "`%`"),  # string formatting: 3.5 GB from 25 bytes
    ("{{ '%s%s' % (ten_xa, ten_xa) }}", "`%`"),
    ("{{ nam|round(-999999999) }}", "làm tròn"),  # 10**999999999: never returns
    ("{{ nam|round(999999999) }}", "làm tròn"),
    ("{{ 99999999999999999999999999 }}", "số quá lớn"),
    ("{{ 1e300 + 1e300 }}", "số quá lớn"),
    ("{{ 999999999999999 + 999999999999999 }}", "số quá lớn"),
    ("{{ nam * 100000 }}", "nhân"),
    ("{{ '9999999999999999999999999999999999'|int }}", "số quá lớn"),  # 3.10 converts 10^6 digits for minutes
])
def test_sandbox_refuses_operations_with_huge_results(tmp_path, expression, fragment):
    result = kehoach("render", _plan(tmp_path, _item(expression)), "-o", tmp_path / "out.docx")
    assert_user_error(result, "phan[0].y[0].noi_dung", fragment)
    assert not (tmp_path / "out.docx").exists()


def test_arithmetic_on_small_numbers_still_works():
    context = {"nam": 2025}
    assert render_text("{{ nam % 4 }} {{ nam - 1 }} {{ (nam / 7)|round(2) }} {{ nam // 100 }}", context) \
        == "1 2024 289.29 20"
    assert render_text("{% if nam % 2 == 1 %}lẻ{% endif %}", context) == "lẻ"


@pytest.mark.parametrize("cell, fragment", [("{{ '%0900000000d' % nam }}", "`%`"),
                                            ("{{ nam|round(-999999999) }}", "làm tròn")])
def test_a_cell_of_the_table_cannot_make_a_huge_result(tmp_path, cell, fragment):
    plan = _plan(tmp_path, _item("{{ ghi_chu }}"))
    table = tmp_path / "xa.csv"
    table.write_text(f"ten_tep,ghi_chu\nmot,\"{cell}\"\nhai,bình thường\n", encoding="utf-8")
    result = kehoach("batch", plan, table, "-o", tmp_path / "out", "--workers", "1")
    assert_user_error(result, "xa.csv:2:2: cột `ghi_chu`", fragment)
    assert (tmp_path / "out" / "hai.docx").exists() and not (tmp_path / "out" / "mot.docx").exists()


def test_a_text_naming_a_long_variable_many_times_is_refused_before_rendering():
    context = {"dai": "x" * 40_000}
    assert len(render_text("{{ dai }}{{ dai }}", context)) == 80_000
    for source in ("{{ dai }}" * 3, "{{ dai ~ dai ~ dai }}", "{{ dai|upper }}"):
        with pytest.raises(TemplateProblem, match="quá dài"):
            render_text(source, context)
    assert MAX_TEXT_CHARS == 100_000


def test_the_whole_document_is_capped(tmp_path):
    # Each text is short enough, together they are 2.7 million characters.
    text = MINIMAL.replace("ten_xa: Hòa Bình", "ten_xa: Hòa Bình\n  dai: " + "x" * 90_000)
    text = text.replace("      - Một ý", "\n".join(["      - \"{{ dai }}\""] * 30))
    result = kehoach("render", _plan(tmp_path, text), "-o", tmp_path / "out.docx")
    assert_user_error(result, "văn bản dài quá 2.000.000 ký tự")
    assert not (tmp_path / "out.docx").exists()


def test_aliases_of_a_long_text_are_bounded_by_characters(tmp_path):
    # 1,000 aliases of a 90 KB scalar: few nodes (the node count lets it through), 90 MB of text.
    text = MINIMAL.replace("ten_xa: Hòa Bình", "ten_xa: Hòa Bình\n  dai: &dai " + "x" * 90_000)
    text = text.replace("      - Một ý", "\n".join(["      - *dai"] * 1000))
    result = kehoach("render", _plan(tmp_path, text), "-o", tmp_path / "out.docx", memory_mb=300)
    assert_user_error(result, "bí danh", f"{MAX_CHARS:,}".replace(",", "."))


@pytest.mark.parametrize("yaml_text, fragment", [
    ("nguoi_ky:\n  <<: 5\n", "khóa gộp `<<`"),
    ("a: &a\n  b: *a\n", "chính nhóm đang chứa nó"),
    ("a: &a [1, *a]\n", "chính nhóm đang chứa nó"),
    ("so: " + "9" * 5000 + "\n", "chữ số"),
])
def test_yaml_constructs_are_user_errors(tmp_path, yaml_text, fragment):
    assert_user_error(kehoach("validate", _plan(tmp_path, yaml_text)), fragment)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_nan_and_infinity_are_not_measurements(value):
    with pytest.raises(InvalidInput) as info:
        load_plan_text(MINIMAL + f"trinh_bay:\n  le:\n    tren: {value}\n")
    (problem,) = info.value.problems
    assert problem.path == "trinh_bay.le.tren" and "`.nan`" in problem.message


def test_a_variable_may_use_another_and_is_rendered():
    text = MINIMAL.replace("ten_xa: Hòa Bình", "ten_xa: Hòa Bình\n  noi: \"xã {{ ten_xa }}, năm {{ nam }}\"")
    prepared = prepare_loaded(load_plan_text(text.replace("Một ý", "Tại {{ noi }}")))
    texts = [run.text for block in prepared.document.blocks for run in getattr(block, "runs", ())]
    assert any("Tại xã Hòa Bình, năm 2025" in t for t in texts)
    assert not any("{{" in t for t in texts)


def test_variables_that_use_each_other_in_a_loop_are_refused():
    text = MINIMAL.replace("ten_xa: Hòa Bình", "ten_xa: \"{{ a }}\"\n  a: \"{{ ten_xa }}\"")
    with pytest.raises(InvalidInput) as info:
        prepare_loaded(load_plan_text(text))
    assert any(p.path.startswith("bien.") and "vòng lặp" in p.message for p in info.value.problems)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_special_files_are_refused_at_once(tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "kh.yaml"
        os.mkfifo(path)  # nobody writes: a blocking read would wait for ever
    elif kind == "dev-zero":
        path = "/dev/zero"  # a read would never end
    else:
        path = tmp_path
    assert_user_error(kehoach("validate", path), "thư mục" if kind == "folder" else "không phải một tệp thường")
    table = tmp_path / "bang.csv" if kind != "fifo" else path
    if kind == "dev-zero":
        table = "/dev/zero"
    plan = _plan(tmp_path, MINIMAL, "plan.yaml")
    assert_user_error(kehoach("batch", plan, table if kind != "folder" else tmp_path, "-o", tmp_path / "out"))


def test_a_file_that_grows_past_the_cap_is_not_read_whole(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 * 1024)  # 50 GB, sparse: costs nothing to make
    assert_user_error(kehoach("validate", big, memory_mb=300), "quá lớn")


def test_a_test_here_cannot_take_the_machine_s_memory():
    # conftest.py holds every test of this folder to what pytest uses plus MEMORY_MB.
    from .bounded import MEMORY_MB

    with pytest.raises(MemoryError):
        bytearray((MEMORY_MB + 200) << 20)


@pytest.mark.parametrize("word", ["xyz", "tuyên truyền"])
def test_the_largest_plan_the_reader_takes_in_one_paragraph_renders_in_bounds(tmp_path, word):
    # Just under the 1 MB cap, one text: 240,000 words, each one a doubled-word slip when the word
    # repeats. A warning per slip looked its line up in the whole file: minutes, and 120,000 lines.
    words = " ".join([word] * (900_000 // (len(word.encode()) + 1)))
    path = _plan(tmp_path, _item(words))
    assert 800_000 < path.stat().st_size < 1_000_000
    result = kehoach("render", path, "-o", tmp_path / "out.docx")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.count("lặp lại liền nhau") == (1 if word == "xyz" else 0)  # one slip, said once
    assert (tmp_path / "out.docx").stat().st_size > 10_000
