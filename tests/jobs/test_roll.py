"""kehoach roll: next year's plan from this year's."""

from __future__ import annotations

import re
import shutil

import pytest
from typer.testing import CliRunner

from kehoach.api import load_plan_text
from kehoach.cli import app
from kehoach.jobs.roll import default_target, roll_file, roll_text

from tests.conftest import DATA, all_paragraphs, open_docx, render_text
from tests.plans import MINIMAL

runner = CliRunner()
SOURCE = DATA / "dong-tuyen-2024.yaml"


@pytest.fixture(scope="module")
def rolled():
    return roll_text(SOURCE.read_bytes(), str(SOURCE))


def test_rolled_plan_validates_renders_and_moves_the_year(rolled):
    result = load_plan_text(rolled.text)
    assert result.plan.nam == 2025
    assert result.plan.so is None
    assert result.plan.ngay_ky.ngay is None and result.plan.ngay_ky.thang == 2 and result.plan.ngay_ky.nam == 2025
    document = open_docx(render_text(rolled.text))
    text = "\n".join(p.text for p in all_paragraphs(document))
    assert "năm 2025" in text and "Đồng Tuyển, ngày" in text and "tháng 02 năm 2025" in text
    # Every "2024" left in the document sits in a text listed for review.
    stray = [p.text for p in all_paragraphs(document) if "2024" in p.text]
    assert stray, "the citation of last year's plan is expected to stay"
    for text in stray:
        assert any(text.startswith(r.excerpt[:25]) for r in rolled.reviews), text


def test_dates_moved_by_one_year(rolled):
    plan = load_plan_text(rolled.text).plan
    activity = plan.phan[1].muc[2].hoat_dong[0]
    assert str(activity.thoi_gian.tu_ngay) == "15/11/2025" and str(activity.thoi_gian.den_ngay) == "15/12/2025"


def test_comments_key_order_and_layout_survive(rolled):
    original = SOURCE.read_text(encoding="utf-8").splitlines()
    new = rolled.text.splitlines()
    assert len(new) == len(original)
    for before, after in zip(original, new):
        if before.lstrip().startswith("#"):
            assert after == before
        else:  # the same line, at most with years, number or day changed
            assert re.sub(r"\d", "0", before).split(":")[0] == re.sub(r"\d", "0", after).split(":")[0]


def test_review_items_name_their_lines(rolled):
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    reasons = {r.path: r for r in rolled.reviews}
    assert "mo_dau[0]" in reasons and "ngày 20/02/2024" in lines[reasons["mo_dau[0]"].line - 1] + \
        lines[reasons["mo_dau[0]"].line]
    assert "nguoi_ky.ho_ten" in reasons
    assert "Nguyễn Viết Tiệp" in lines[reasons["nguoi_ky.ho_ten"].line - 1]
    changes = {c.path: c for c in rolled.changes}
    assert lines[changes["nam"].line - 1] == "nam: 2024"


def test_rolling_twice_equals_rolling_by_two():
    once = roll_text(SOURCE.read_bytes(), "a.yaml")
    twice = roll_text(once.text.encode("utf-8"), "a.yaml")
    direct = roll_text(SOURCE.read_bytes(), "a.yaml", 2026)
    assert twice.text == direct.text
    assert load_plan_text(direct.text).plan.nam == 2026


PLAN_2024 = MINIMAL.replace("nam: 2025", "nam: 2024").replace("ngay_ky: 03/01/2025", "ngay_ky: 29/02/2024")


def test_29_february_becomes_28_with_a_note():
    text = PLAN_2024.replace("    y:\n      - Một ý", "    hoat_dong:\n      - thoi_gian: 29/02/2024\n"
                                                      "      - thoi_gian: {han: 2024-02-29}\n"
                                                      "    doan: [Hội nghị ngày 29/02/2024 và 15/3/2024.]")
    rolled = roll_text(text.encode("utf-8"), "a.yaml")
    assert "thoi_gian: 28/02/2025" in rolled.text
    assert "han: 2025-02-28" in rolled.text
    assert "Hội nghị ngày 28/02/2025 và 15/3/2025." in rolled.text
    assert "ngay_ky: {thang: 2, nam: 2025}" in rolled.text
    notes = [c.note for c in rolled.changes if "29/02" in c.note]
    assert len(notes) == 3
    back_to_leap = roll_text(text.encode("utf-8"), "a.yaml", 2028)
    assert "thoi_gian: 29/02/2028" in back_to_leap.text


def test_plan_without_literal_years_only_moves_nam():
    text = MINIMAL.replace("ngay_ky: 03/01/2025\n", "")
    rolled = roll_text(text.encode("utf-8"), "a.yaml")
    assert [c.path for c in rolled.changes] == ["so", "nam"]
    assert rolled.text == text.replace("nam: 2025", "nam: 2026").replace("so: 5", "so:")


def test_file_without_comments_and_with_windows_line_ends():
    raw = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8")
    rolled = roll_text(raw, "a.yaml")
    assert rolled.text.startswith("\ufeff") and "\r\nnam: 2026\r\n" in rolled.text


def test_ended_periods_citations_and_targets_are_reviewed_not_changed():
    text = MINIMAL.replace("Một ý", "Thực hiện giai đoạn 2021 - 2025 và 2021 - 2030 trong năm 2025") \
        .replace("phan:", "can_cu: [Căn cứ Quyết định số 10/QĐ-UBND ngày 05/01/2025 của UBND huyện]\n"
                          "mo_dau: [\"Đến hết năm 2025: đạt 30%.\"]\nphan:")
    rolled = roll_text(text.encode("utf-8"), "a.yaml")
    assert "giai đoạn 2021 - 2025 và 2021 - 2030 trong năm 2026" in rolled.text
    assert "ngày 05/01/2025" in rolled.text and "Đến hết năm 2025" in rolled.text
    reasons = " ".join(r.reason for r in rolled.reviews)
    assert "2021 - 2025 đã kết thúc" in reasons and "căn cứ" in reasons and "mốc mục tiêu" in reasons
    assert "2030" not in reasons


def test_default_target_name():
    from pathlib import Path

    assert default_target(Path("x/dong-tuyen-2024.yaml"), 2024, 2025) == Path("x/dong-tuyen-2025.yaml")
    assert default_target(Path("ke-hoach.yaml"), 2024, 2025) == Path("ke-hoach-2025.yaml")


def test_cli_roll_dry_run_writes_nothing_and_real_run_refuses_to_overwrite(tmp_path):
    source = tmp_path / "dong-tuyen-2024.yaml"
    shutil.copy(SOURCE, source)
    result = runner.invoke(app, ["roll", str(source), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Cần xem lại" in result.output and "dòng 259" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dong-tuyen-2024.yaml"]
    assert runner.invoke(app, ["roll", str(source)]).exit_code == 0
    assert (tmp_path / "dong-tuyen-2025.yaml").exists()
    again = runner.invoke(app, ["roll", str(source)])
    assert again.exit_code == 1 and "đã có" in again.output
    assert runner.invoke(app, ["roll", str(source), "--force"]).exit_code == 0
    assert (tmp_path / "dong-tuyen-2025.ban-cu.yaml").exists()
    assert runner.invoke(app, ["roll", str(source), "--nam", "2024"]).exit_code == 1


def test_roll_refuses_an_invalid_plan(tmp_path):
    source = tmp_path / "sai.yaml"
    source.write_text(MINIMAL.replace("nam: 2025", "nam: abc"), encoding="utf-8")
    result = runner.invoke(app, ["roll", str(source)])
    assert result.exit_code == 1 and f"{source}:7:6" in result.output


@pytest.mark.parametrize("path", sorted((DATA / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_examples_roll_and_render(path, tmp_path):
    rolled, target = roll_file(path, output=tmp_path / "x.yaml")
    assert target.exists()
    render_text(rolled.text)


from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.plans import plans  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_any_valid_plan_rolls_to_a_valid_plan(plan):
    import yaml

    text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)
    once = roll_text(text.encode("utf-8"), "a.yaml")
    assert load_plan_text(once.text).plan.nam == plan["nam"] + 1
    assert roll_text(once.text.encode("utf-8"), "a.yaml").text == roll_text(text.encode("utf-8"), "a.yaml", 2027).text
    render_text(once.text)
