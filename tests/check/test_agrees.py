"""One truth for writer and checker (issue 11): ``kehoach check`` recognises
every form kehoach writes, so check(render(plan)) has no error for any valid
plan, and it still sees the departures a clerk's Word can bring."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.check.audit import audit
from kehoach.jobs.starter import starter_text

from tests.conftest import DATA, all_paragraphs, render_path, render_text
from tests.plans import MINIMAL, sentence, title, words


def _audit(data: bytes, tmp_path: Path) -> list:
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    return audit(path)


def _errors(findings: list) -> list[str]:
    return [str(f) for f in findings if f.severity == "loi"]


# ------------------------------------------------------- the writer's forms --

long_sentence = st.lists(words, min_size=30, max_size=120).map(lambda ws: " ".join(ws).capitalize() + ".")
SIGNERS = [
    {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"},
    {"thay_mat": "ỦY BAN NHÂN DÂN", "quyen_han": "KT", "cap_truong": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"},
    {"quyen_han": "KT", "cap_truong": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"},
    {"quyen_han": "Q", "cap_truong": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"},
    {"quyen_han": "TL", "cap_truong": "CHỦ TỊCH", "chuc_vu": "CHÁNH VĂN PHÒNG"},
    {"quyen_han": "TUQ", "cap_truong": "CHỦ TỊCH", "chuc_vu": "GIÁM ĐỐC SỞ"},
    {"chuc_vu": "CHỦ TỊCH"},
    {"thay_mat": "T/M. ĐOÀN KIỂM TRA", "chuc_vu": "TRƯỞNG ĐOÀN", "dong_duoi_ten": "PHÓ GIÁM ĐỐC SỞ CÔNG THƯƠNG"},
    {"thay_mat": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "dong_duoi_ten": "Chủ tịch UBND xã"},
]


@st.composite
def writer_forms(draw) -> dict:
    """Plans that use the forms the writer can produce: run-in headings and items, every
    signer form, long texts, căn cứ before an opening, tables with group rows."""
    text = st.one_of(sentence, long_sentence)

    def muc(depth: int) -> dict:
        node: dict = {"tieu_de": draw(st.one_of(title, title.map(lambda t: t + ":")))}
        form = draw(st.integers(0, 5))
        if form == 0:
            node["noi_dung"] = draw(text)  # run in after the heading
        elif form == 1:
            node = {"don_vi": draw(title), "nhiem_vu": [draw(text)]}  # a single task runs in
        elif form == 2:
            node["kinh_phi"] = [draw(title)]  # the budget sentence runs in
        elif form == 3:
            node["doan"] = draw(st.lists(text, min_size=1, max_size=3))
            if draw(st.booleans()):
                node["doan"].append("Căn cứ tình hình thực tế, " + draw(sentence).lower())
        else:
            node["y"] = draw(st.lists(text, min_size=1, max_size=3))
        if depth < 3 and form >= 3 and draw(st.booleans()):
            node["muc"] = [muc(depth + 1) for _ in range(draw(st.integers(1, 3)))]
        return node

    can_cu = draw(st.lists(sentence.map(lambda s: "Căn cứ " + s[0].lower() + s[1:]), max_size=3))
    mo_dau = draw(st.lists(text, max_size=2))
    if can_cu and mo_dau and draw(st.booleans()):
        can_cu[-1] = can_cu[-1].rstrip(".") + ";"
    plan = {
        "co_quan": {"ten": draw(st.sampled_from([["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"], ["SỞ CÔNG THƯƠNG"],
                                                   ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]])),
                    "chu_quan": draw(st.sampled_from([[], ["UBND TỈNH LÀO CAI"]]))},
        "so": draw(st.one_of(st.none(), st.integers(1, 999), st.sampled_from(["0129", "05", "7"]))),
        "dia_danh": draw(st.sampled_from(["Hòa Bình", "Thành phố Hồ Chí Minh", "Tả Phìn"])),
        "nam": 2025,
        "ngay_ky": draw(st.sampled_from(["05/01/2025", "18/11/2025", {"thang": 3, "nam": 2025}])),
        "trich_yeu": draw(st.one_of(st.lists(words, min_size=3, max_size=40).map(lambda ws: " ".join(ws).capitalize()),
                                    st.lists(words, min_size=3, max_size=12).map(lambda ws: " ".join(ws).upper()))),
        "can_cu": can_cu,
        "mo_dau": mo_dau,
        "phan": [muc(1) for _ in range(draw(st.integers(1, 5)))],
        "ket_thuc": draw(st.lists(text, min_size=1, max_size=3)),
        "noi_nhan": draw(st.lists(title, min_size=1, max_size=5)) + ["Lưu: VT"],
        "nguoi_ky": {**draw(st.sampled_from(SIGNERS)), "ho_ten": draw(st.sampled_from(["Nguyễn Văn An", "Lê Thị Hoa"]))},
        "trinh_bay": {"co_chu": draw(st.sampled_from([13, 14])), "thut_dau_dong": draw(st.sampled_from([1.0, 1.27]))},
    }
    if draw(st.booleans()):
        plan["phan"][0].setdefault("doan", []).append("Chi tiết tại Phụ lục kèm theo.")
        rows = [["1", draw(text), "Quý I"]]
        if draw(st.booleans()):
            rows = [{"nhom": "I. " + draw(title)}] + rows + [{"nhom": "II. " + draw(title)}, ["2", draw(text), "Quý II"]]
        plan["phu_luc"] = [{"tieu_de": draw(title), "ngang": draw(st.booleans()),
                            "bang": {"cot": ["TT", "Nội dung", "Thời gian"], "dong": rows}}]
    return plan


@settings(max_examples=int(os.environ.get("KEHOACH_AGREE_EXAMPLES", 60)), deadline=None,  # more on demand
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(writer_forms())
def test_check_agrees_with_every_form_the_writer_produces(tmp_path, plan):
    assert _errors(_audit(render_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)) == []


def test_the_init_starter_passes_the_check(tmp_path):
    text = starter_text(ten_xa="Hòa Bình", nam=2026, cap_tren="tỉnh Lào Cai", file_name="k.yaml", schema="s.json")
    assert _errors(_audit(render_text(text), tmp_path)) == []


def test_a_run_in_heading_is_judged_by_its_heading_words(tmp_path):
    text = MINIMAL.replace("  - tieu_de: Mục đích\n    y:\n      - Một ý",
                           "  - tieu_de: Kinh phí thực hiện\n    kinh_phi: [Ngân sách xã năm 2025]")
    assert _errors(_audit(render_text(text), tmp_path)) == []


def test_an_office_line_under_the_name_is_not_taken_for_the_name(tmp_path):
    text = MINIMAL.replace("  ho_ten: Lê Văn A", "  ho_ten: Lê Văn A\n  dong_duoi_ten: PHÓ GIÁM ĐỐC SỞ CÔNG THƯƠNG")
    assert _errors(_audit(render_text(text), tmp_path)) == []


def test_a_body_paragraph_starting_with_can_cu_is_not_a_can_cu(tmp_path):
    text = MINIMAL.replace("can_cu", "x").replace(
        "    y:\n      - Một ý",
        "    doan:\n      - Căn cứ tình hình thực tế của địa phương, các thôn chủ động xây dựng kế hoạch\n"
        "    y:\n      - Một ý")
    text = text.replace("phan:", "can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương]\nphan:")
    assert _errors(_audit(render_text(text), tmp_path)) == []


def test_a_title_in_capitals_is_a_warning_not_an_error(tmp_path):
    text = MINIMAL.replace("trich_yeu: Phòng chống thiên tai năm {{ nam }}", "trich_yeu: PHÒNG CHỐNG THIÊN TAI")
    findings = _audit(render_text(text), tmp_path)
    assert _errors(findings) == [] and any(f.rule == "chữ thường ở trích yếu" for f in findings)


def _changed(data: bytes, change, tmp_path: Path) -> list:
    document = docx.Document(io.BytesIO(data))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _audit(buffer.getvalue(), tmp_path)


def test_an_agency_name_that_is_not_bold_is_caught(tmp_path):
    def unbold(document):
        line = next(p for p in all_paragraphs(document) if p.text == "XÃ ĐỒNG TUYỂN")
        for run in line.runs:
            run.font.bold = False

    findings = _changed(render_path(DATA / "dong-tuyen-2024.yaml"), unbold, tmp_path)
    assert any(f.rule == "chữ đậm ở tên cơ quan ban hành" and f.excerpt == "XÃ ĐỒNG TUYỂN" for f in findings)


def test_contextual_spacing_that_cancels_the_6_pt_is_caught(tmp_path):
    def contextual(document):
        style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='KHNoiDung']")
        ppr = style.find(qn("w:pPr"))
        ppr.insert(0, OxmlElement("w:contextualSpacing"))

    findings = _changed(render_path(DATA / "dong-tuyen-2024.yaml"), contextual, tmp_path)
    assert any(f.rule == "khoảng cách giữa các đoạn" and "contextualSpacing" in f.found for f in findings)


# ------------------------------------------------------------- every kind --

@st.composite
def kind_forms(draw) -> dict:
    """The writer's forms in a Quyết định that issues the plan (Mẫu 1.3), a Báo cáo of its results
    with results, blanks and figures (Mẫu 1.4), a Công văn (Mẫu 1.5)."""
    plan = draw(writer_forms())
    kind = draw(st.sampled_from(["quyet-dinh", "bao-cao", "cong-van"]))
    plan["loai"] = kind
    recipients = draw(st.one_of(title, st.lists(title, min_size=2, max_size=4)))
    if kind == "quyet-dinh":
        attached = {"trich_yeu": plan["trich_yeu"], "phan": plan.pop("phan")}
        for key in ("phu_luc", "ket_thuc", "mo_dau"):
            if plan.get(key):
                attached[key] = plan.pop(key)
        plan.pop("mo_dau", None)
        plan["ke_hoach"] = attached
        plan["trich_yeu"] = "Ban hành Kế hoạch " + plan["trich_yeu"].lower()
        plan["tham_quyen"] = draw(st.sampled_from(["Chủ tịch Ủy ban nhân dân xã Hòa Bình", "ỦY BAN NHÂN DÂN TỈNH",
                                                   "Giám đốc Sở Công Thương"]))
        if draw(st.booleans()):
            plan["de_nghi"] = "Theo đề nghị của " + draw(title).lower()
        plan["noi_nhan"] = ["Như Điều 3"] + plan["noi_nhan"]
    elif kind == "bao-cao":
        plan["kinh_gui"] = recipients
        result = st.one_of(st.just(""), sentence, st.lists(sentence, min_size=2, max_size=3).map("\n".join))

        def fill(muc: dict) -> None:
            if muc.get("muc"):
                for child in muc["muc"]:
                    fill(child)
            else:
                muc["ket_qua_thuc_hien"] = draw(result)
                if draw(st.integers(0, 3)) == 0:
                    muc["khoi"] = [{"bang": {"cot": ["STT", "Chỉ tiêu", "Kết quả"], "dong": [["1", draw(title), "12"]]}}]
        for muc in plan["phan"]:
            fill(muc)
        plan["phan"] += [{"tieu_de": "Tồn tại, hạn chế", "ket_qua_thuc_hien": draw(result)},
                         {"tieu_de": "Phương hướng, nhiệm vụ", "ket_qua_thuc_hien": draw(result)}]
    else:
        plan["kinh_gui"] = recipients
        plan["ky_hieu"] = "UBND-VP"
        plan["trich_yeu"] = plan["trich_yeu"].lower()
        plan["noi_nhan"] = ["Như trên"] + plan["noi_nhan"]
        if draw(st.booleans()):
            plan.pop("phan")
            plan["mo_dau"] = plan.get("mo_dau") or [draw(sentence)]
    return plan


@settings(max_examples=int(os.environ.get("KEHOACH_AGREE_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(kind_forms())
def test_check_agrees_with_every_kind_the_writer_produces(tmp_path, plan):
    assert _errors(_audit(render_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)) == []
