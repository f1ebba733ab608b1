"""Lint without false alarms (issue 11): the doubled-word rule knows Vietnamese
compounds, the appendix rule knows other documents' appendices, and every
warning can be silenced where it is raised, as its message says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kehoach.api import load_plan_text, prepare_loaded
from kehoach.cli import app
from kehoach.errors import InvalidInput
from kehoach.plan.lint import CODES, _doubled_words

from tests.conftest import SAMPLES
from tests.plans import MINIMAL

# Copies of ../shared/examples/real-plans: the plans, and the other real documents beside them.
REAL = [Path(__file__).parents[1] / "fixtures" / "real-plans", Path(__file__).parents[1] / "fixtures" / "real-documents"]
runner = CliRunner()


def _real_texts() -> dict[str, str]:
    import docx
    from docx.oxml.ns import qn

    texts = {}
    for path in sorted(p for folder in REAL for p in folder.iterdir()):
        if path.suffix == ".txt":
            texts[path.name] = path.read_text(encoding="utf-8").replace("*", "")
        elif path.suffix == ".docx":
            body = docx.Document(str(path)).element.body
            texts[path.name] = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return texts


def test_the_doubled_word_rule_has_no_false_alarm_on_any_real_plan():
    texts = _real_texts()
    assert len(texts) >= 18
    flagged = sorted({(name, phrase) for name, text in texts.items() for _, phrase in _doubled_words(text)})
    # Each of these is a slip in its source; every other doubled syllable in these
    # documents ("thi công công trình", "hành vi vi phạm", "dự phòng phòng chống",
    # "kiểm định định kỳ", "công nghệ số số 71") is two words sharing a syllable.
    assert flagged == [
        ("05-thanhhoa-quan-trac-moi-truong-nuoi-thuy-san-2026.txt", "cho cho"),
        ("15-daklak-quan-trac-moi-truong-nuoi-trong-thuy-san-2026-2030.txt", "của của"),
        ("QD-thanh-lap-doan-kiem-tra-hoa-chat-2026.docx", "việc việc"),
    ]


@pytest.mark.parametrize("text", ["Đẩy mạnh truyền thông thông tin về chuyển đổi số.",
                                  "Bộ phận một cửa trực tiếp tiếp nhận hồ sơ.",
                                  "Giám sát thi công công trình giao thông nông thôn.",
                                  "Nguồn dự phòng phòng chống thiên tai.",
                                  "Luật Công nghiệp công nghệ số số 71/2025/QH15.",
                                  "Xử lý hành vi vi phạm hành chính."])
def test_a_syllable_shared_by_two_words_is_not_a_slip(text):
    assert _doubled_words(text) == ()


@pytest.mark.parametrize("text, phrase", [("In tài liệu cấp phát cho cho cán bộ cấp xã.", "cho cho"),
                                          ("Kiểm tra việc việc chấp hành quy định.", "việc việc"),
                                          ("Tổ chức tuyên tuyên truyền.", "tuyên tuyên"),
                                          ("Các thôn thôn triển khai.", "thôn thôn"),
                                          ("Hoàn thành kế hoạch hoạch.", "hoạch hoạch")])
def test_a_real_slip_is_still_caught(text, phrase):
    assert [p for _, p in _doubled_words(text)] == [phrase]


def _warnings(text: str) -> list:
    return prepare_loaded(load_plan_text(text)).warnings


def test_a_doubled_word_warning_says_how_to_silence_it_and_the_comment_does():
    text = MINIMAL.replace("      - Một ý", "      - Tổ chức họp họp dân")
    [warning] = _warnings(text)
    assert warning.code == "lap-tu" and warning.severity == "canh_bao"
    assert f"`# kehoach: bo-qua lap-tu` ở cuối dòng {warning.line}" in warning.message
    assert _warnings(text.replace("      - Tổ chức họp họp dân", "      - Tổ chức họp họp dân  # kehoach: bo-qua lap-tu")) == []
    # silenced for that line only: the same slip elsewhere is still reported
    twice = text.replace("      - Tổ chức họp họp dân",
                         "      - Tổ chức họp họp dân  # kehoach: bỏ qua lap-tu\n      - Các thôn thôn họp")
    assert [w.line for w in _warnings(twice)] == [warning.line + 1]


def test_an_appendix_mention_without_an_appendix_is_a_warning_silenced_for_one_item():
    text = MINIMAL.replace("      - Một ý", "      - Chi tiết tại Phụ lục kèm theo (gửi thành tệp riêng).")
    [warning] = _warnings(text)  # a warning: the document is still written
    assert warning.code == "phu-luc" and "không có `phu_luc`" in warning.message
    silenced = text.replace("(gửi thành tệp riêng).", "(gửi thành tệp riêng).  # kehoach: bo-qua phu-luc")
    assert _warnings(silenced) == []
    with pytest.raises(InvalidInput):  # --strict still refuses it unless silenced
        prepare_loaded(load_plan_text(text), strict=True)
    assert prepare_loaded(load_plan_text(silenced), strict=True).document is not None


@pytest.mark.parametrize("mention", ["Thực hiện theo Phụ lục I Nghị định số 30/2020/NĐ-CP của Chính phủ.",
                                     "Mẫu tại Phụ lục II ban hành kèm theo Thông tư số 01/2011/TT-BNV.",
                                     "Biểu mẫu theo phụ lục kèm theo Quyết định số 1850/QĐ-TTg."])
def test_another_documents_appendix_is_not_this_plans(mention):
    assert _warnings(MINIMAL.replace("      - Một ý", f"      - {mention}")) == []


def test_this_plans_appendix_named_with_ke_hoach_nay_is_still_this_plans():
    text = MINIMAL.replace("      - Một ý", "      - Chi tiết tại Phụ lục kèm theo Kế hoạch này.")
    assert [w.code for w in _warnings(text)] == ["phu-luc"]


def test_every_warning_of_a_plan_can_be_silenced_where_it_is_raised():
    """One plan raising each lint warning once; the comment its message names silences each."""
    text = MINIMAL.replace("trich_yeu: Phòng chống thiên tai năm {{ nam }}", "trich_yeu: PHÒNG CHỐNG THIÊN TAI")
    text = text.replace("      - Một ý", "      - Các thôn họp họp dân\n    hoat_dong:\n      - noi_dung: Tập huấn\n"
                                         "        thoi_gian: 05/3/2024\n")
    text = text.replace("  thay_mat: Ủy ban nhân dân\n  chuc_vu: Chủ tịch",
                        "  thay_mat: Ủy ban nhân dân\n  quyen_han: TL\n  cap_truong: CHỦ TỊCH\n  chuc_vu: CHÁNH VĂN PHÒNG")
    text += "phu_luc:\n  - tieu_de: Bảng\n    doan: [Một đoạn]\n"
    warnings = _warnings(text)
    assert sorted(w.code for w in warnings) == sorted(["trich-yeu-in-hoa", "lap-tu", "ngoai-nam", "tl-tm",
                                                       "phu-luc-chua-nhac"])
    assert all(w.code in CODES for w in warnings)
    lines = text.split("\n")
    for warning in warnings:
        hint = re.search(r"`(# kehoach: bo-qua [\w-]+)` ở cuối dòng (\d+)", warning.message)
        assert hint and int(hint[2]) == warning.line, warning.message
        lines[warning.line - 1] += "  " + hint[1]
    assert _warnings("\n".join(lines)) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_samples_render_without_a_warning(sample):
    result = runner.invoke(app, ["validate", str(sample)])
    assert result.exit_code == 0 and "cảnh báo" not in result.output, result.output


def test_validate_json_gives_the_code_of_a_warning(tmp_path):
    import json

    plan = tmp_path / "k.yaml"
    plan.write_text(MINIMAL.replace("      - Một ý", "      - Các thôn họp họp dân"), encoding="utf-8")
    report = json.loads(runner.invoke(app, ["validate", "--json", str(plan)]).stdout)
    assert [p["ma"] for p in report["van_de"]] == ["lap-tu"]


def test_a_unit_name_warning_is_silenced_where_it_is_raised():
    from tests.units.test_places import PLAN

    text = PLAN.replace("ten_xa: Đồng Tuyển", "ten_xa: Đồng Tuyền")
    [warning] = [w for w in _warnings(text) if w.code == "don-vi"]
    assert "`# kehoach: bo-qua don-vi` ở cuối dòng 2" in warning.message
    silenced = text.replace("ten_xa: Đồng Tuyền", "ten_xa: Đồng Tuyền  # kehoach: bo-qua don-vi")
    assert [w for w in _warnings(silenced) if w.code == "don-vi"] == []
