"""Mistakes in a clerk's files are theirs to fix (exit 1, said where), never
"lỗi nội bộ" (exit 3): table columns that replace one place twice, roll of a
text shared by an alias; and roll changes years only where they are years."""

from __future__ import annotations

import pytest

from kehoach.errors import InvalidInput
from kehoach.jobs.roll import roll_text
from tests.conftest import DATA
from tests.plans import MINIMAL

from .bounded import assert_user_error, kehoach, posix_only

PLAN = DATA / "dong-tuyen-2024.yaml"


@posix_only
@pytest.mark.parametrize("header", ["ten_xa,bien", "bien,ten_xa", "ten_xa,bien.ten_xa", "nguoi_ky,nguoi_ky.ho_ten"])
def test_two_columns_replacing_one_place_are_said(tmp_path, header):
    table = tmp_path / "xa.csv"
    first, second = header.split(",")
    table.write_text(f"ten_tep,{header}\nmot,A,B\n", encoding="utf-8")
    result = kehoach("batch", PLAN, table, "-o", tmp_path / "out", "--workers", "1")
    assert_user_error(result, f"cột `{second}` và cột `{first}` cùng thay")


def _alias_plan(second_use: str) -> str:
    text = MINIMAL.replace("trich_yeu: Phòng chống thiên tai năm {{ nam }}",
                           "trich_yeu: &ten Phòng chống thiên tai năm 2025")
    return text.replace("      - Một ý", f"      - {second_use}")


def test_roll_of_an_aliased_text_edits_the_one_place_once():
    rolled = roll_text(_alias_plan("*ten").encode(), "k.yaml")
    assert "trich_yeu: &ten Phòng chống thiên tai năm 2026" in rolled.text
    assert "      - *ten" in rolled.text
    assert [c.path for c in rolled.changes if c.before == "2025" and c.path != "nam"] == ["trich_yeu"]


def test_roll_of_an_alias_needing_two_different_edits_is_a_user_error():
    # One text, used where it is a plain text and where it is an activity date: the rules differ.
    text = MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: &ngay 03/01/2025").replace(
        "      - Một ý", "      - *ngay")
    with pytest.raises(InvalidInput) as info:
        roll_text(text.encode(), "k.yaml")
    assert "bí danh" in info.value.problems[0].message


@posix_only
def test_roll_of_an_aliased_text_through_the_cli(tmp_path):
    plan = tmp_path / "kh-2025.yaml"
    plan.write_text(_alias_plan("*ten"), encoding="utf-8")
    result = kehoach("roll", plan)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("text", [
    "Liên hệ vanphong2025@langson.gov.vn",
    "Xem http://xa.gov.vn/2025/ke-hoach và www.langson.gov.vn/tin/2025",
    "Điện thoại 0123 2025 5678",
    "Số tài khoản 1020.2025.3344 tại Kho bạc",
    "Di động 0912-2025-56",
    "Hồ sơ mã KH-2025-07",
    "Thực hiện Quyết định số 30/2025/QĐ-UBND",
])
def test_roll_never_changes_year_like_digits_that_are_not_years(text):
    source = MINIMAL.replace("      - Một ý", f'      - "{text}"')
    rolled = roll_text(source.encode(), "k.yaml")
    assert f'"{text}"' in rolled.text
    assert not [c for c in rolled.changes if c.path.startswith("phan")]


def test_roll_changes_real_years_and_lists_each_with_its_context():
    source = MINIMAL.replace("      - Một ý",
                             '      - "Liên hệ vanphong2025@x.vn; tổng kết năm 2025 vào ngày 15/12/2025, ĐT 0123 2025 5678"')
    rolled = roll_text(source.encode(), "k.yaml")
    assert '"Liên hệ vanphong2025@x.vn; tổng kết năm 2026 vào ngày 15/12/2026, ĐT 0123 2025 5678"' in rolled.text
    changes = [c for c in rolled.changes if c.path == "phan[0].y[0]"]
    assert sorted(c.before for c in changes) == ["15/12/2025", "2025"]
    assert all(c.before in c.context and len(c.context) <= len(c.before) + 2 * 30 + 2 for c in changes)
    assert any("tổng kết năm 2025 vào" in c.context for c in changes)


@posix_only
def test_roll_prints_the_context_of_each_change(tmp_path):
    plan = tmp_path / "kh-2025.yaml"
    plan.write_text(MINIMAL.replace("      - Một ý", '      - "Sơ kết năm 2025 tại hội trường"'), encoding="utf-8")
    result = kehoach("roll", plan, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "phan[0].y[0]: 2025 → 2026 «Sơ kết năm 2025 tại hội trường»" in result.stdout


@posix_only
def test_render_of_many_plans_reports_each_and_goes_on(tmp_path):
    good = MINIMAL
    plans = []
    for name, text in [("a", good), ("b", "trich_yeu: [\n"), ("c", good.replace("so: 5", "so: nam")),
                       ("d", good)]:
        (tmp_path / name).mkdir()
        plans.append(tmp_path / name / "kh.yaml")
        plans[-1].write_text(text, encoding="utf-8")
    result = kehoach("render", *plans)
    assert_user_error(result, f"{plans[1]}:", f"{plans[2]}:", "2 tệp kế hoạch không soạn được")
    assert [p.with_suffix(".docx").exists() for p in plans] == [True, False, False, True]
