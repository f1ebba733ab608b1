"""Headings as the source prints them, and the opening as one ordered, punctuated sequence."""

from __future__ import annotations

import pytest
import yaml

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.errors import InvalidInput

from tests.conftest import open_docx
from tests.plans import MINIMAL


def _doc(change, tmp_path=None):
    data = yaml.safe_load(MINIMAL)
    change(data)
    raw = render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))
    if tmp_path is not None:
        (tmp_path / "a.docx").write_bytes(raw)
        assert audit(tmp_path / "a.docx") == []
    return open_docx(raw)


def _runs(doc, start: str):
    para = next(p for p in doc.paragraphs if p.text.startswith(start))
    return [(r.text, r.bold, r.italic) for r in para.runs]


def test_a_plan_without_roman_level_prints_sentence_case_headings(tmp_path):
    def change(data):
        data["phan"] = [{"tieu_de": "Mục tiêu", "muc": [{"tieu_de": "Mục tiêu chung", "doan": "Văn bản."},
                                                        {"noi_dung": "Một điểm không tiêu đề."}]}]
        data["trinh_bay"] = {"danh_so": ["1", "a."], "kieu_tieu_de": ["dam", "nghieng"], "so_dam": True}
    doc = _doc(change, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert "1. Mục tiêu" in texts and "1. MỤC TIÊU" not in texts  # sentence case as the source prints it
    assert _runs(doc, "a. Mục tiêu chung") == [("a. ", False, True), ("Mục tiêu chung", False, True)]
    assert _runs(doc, "b.")[0] == ("b.", True, None)  # a bold number, plain text
    assert _runs(doc, "b.")[-1] == ("Một điểm không tiêu đề.", False, False)


def test_a_unit_label_runs_in_bold_with_its_role_plain():
    def change(data):
        data["phan"][0]["muc"] = [{"don_vi": "Sở Nội vụ", "vai_tro": "cơ quan thường trực",
                                   "noi_dung": "Tham mưu tổ chức."}]
    doc = _doc(change)
    assert _runs(doc, "1. Sở Nội vụ") == [("1. ", True, None), ("Sở Nội vụ", True, None),
                                          (" (cơ quan thường trực)", False, False), (": ", False, False),
                                          ("Tham mưu tổ chức.", False, False)]


def test_the_roman_level_stays_upper_case_bold():
    def change(data):
        data["trinh_bay"] = {"kieu_tieu_de": ["dam"]}
    with pytest.raises(InvalidInput) as caught:
        _doc(change)
    assert "IN HOA, đậm" in caught.value.problems[0].message
    assert caught.value.problems[0].path == "trinh_bay"


def test_today_default_headings_are_unchanged_by_an_explicit_default():
    plain = [p.text for p in _doc(lambda d: None).paragraphs]
    spelled = _doc(lambda d: d.update(trinh_bay={"kieu_tieu_de": ["in_hoa_dam", "dam", "dam_nghieng", "nghieng"]}))
    assert [p.text for p in spelled.paragraphs] == plain
    assert _runs(spelled, "I. MỤC ĐÍCH") == [("I. ", None, None), ("MỤC ĐÍCH", None, None)]


def test_the_opening_is_one_sequence_punctuated_as_a_whole(tmp_path):
    def change(data):
        data["can_cu"] = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"]
        data["mo_dau"] = [
            {"thuc_hien": "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND huyện."},
            {"can_cu": "Căn cứ tình hình thực tế của địa phương"},
            {"xet_de_nghi": "Xét đề nghị của Công chức Văn hóa - Xã hội;"},
            {"doan": "Năm 2024, xã đã tổ chức tốt công tác phòng chống thiên tai.", "nghieng": True},
            "Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
        ]
    doc = _doc(change, tmp_path)
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    assert texts[start + 1:start + 6] == [
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND huyện;",
        "Căn cứ tình hình thực tế của địa phương;",
        "Xét đề nghị của Công chức Văn hóa - Xã hội.",
        "Năm 2024, xã đã tổ chức tốt công tác phòng chống thiên tai.",
        "Ủy ban nhân dân xã ban hành Kế hoạch như sau:"]
    paras = doc.paragraphs[start:start + 6]
    assert paras[0].style.font.italic and paras[2].style.font.italic  # căn cứ italic
    assert not paras[1].style.font.italic  # "Thực hiện …" upright as written
    assert all(r.italic for r in paras[4].runs)


@pytest.mark.parametrize("item, message", [
    ({"can_cu": "Căn cứ Luật", "nghieng": False}, "in nghiêng"),
    ({"can_cu": "Căn cứ Luật", "doan": "x"}, "đúng một trong"),
    ({"thuc_hien": ""}, "không được để trống"),
])
def test_opening_mistakes(item, message):
    with pytest.raises(InvalidInput) as caught:
        _doc(lambda d: d.update(mo_dau=[item]))
    problem = caught.value.problems[0]
    assert message in problem.message and problem.path.startswith("mo_dau[0]") and problem.line
