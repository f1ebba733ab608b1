"""kehoach check on the elements of other kinds of document: "Kính gửi:"."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from kehoach.check.audit import audit
from tests.conftest import render_text
from tests.plans import MINIMAL


def _with(extra: str) -> str:
    return MINIMAL.replace("phan:\n", extra + "phan:\n", 1)


def _audit(data: bytes, tmp_path: Path) -> list:
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    return audit(path)


def _edit(data: bytes, tmp_path: Path, change) -> list:
    import io

    document = docx.Document(io.BytesIO(data))
    change(document)
    path = tmp_path / "edited.docx"
    document.save(path)
    return audit(path)


LONG = "Ủy ban Mặt trận Tổ quốc Việt Nam xã, các đoàn thể chính trị - xã hội và các thôn trên địa bàn xã"


def test_kehoach_recipients_pass(tmp_path):
    assert _audit(render_text(_with(f"kinh_gui: [Huyện ủy, '{LONG}']\n")), tmp_path) == []
    assert _audit(render_text(_with(f"kinh_gui: '{LONG}'\n")), tmp_path) == []


def test_recipient_punctuation_and_colon_are_checked(tmp_path):
    data = render_text(_with("kinh_gui: [Huyện ủy, UBND huyện]\n"))

    def slip(document):
        for p in document.paragraphs:
            if p.text == "- Huyện ủy;":
                p.runs[-1].text = p.runs[-1].text.replace(";", ",")
            if p.text == "Kính gửi:":
                p.runs[0].text = "Kính gửi"

    rules = {f.rule for f in _edit(data, tmp_path, slip)}
    assert rules == {"dấu cuối dòng sau \"Kính gửi\"", "dấu hai chấm sau \"Kính gửi\""}


def test_italic_recipients_are_an_error(tmp_path):
    data = render_text(_with("kinh_gui: Huyện ủy\n"))

    def italic(document):
        for p in document.paragraphs:
            if p.text.startswith("Kính gửi"):
                for r in p.runs:
                    r.italic = True

    assert "chữ nghiêng ở \"Kính gửi\"" in {f.rule for f in _edit(data, tmp_path, italic)}


# ------------------------------------------------------ every kind kehoach writes --

from tests.conftest import DATA, render_path  # noqa: E402

KINDS = sorted(DATA.glob("*.*.yaml"))


@pytest.mark.parametrize("path", KINDS, ids=lambda p: p.name)
def test_every_kind_kehoach_writes_passes(path, tmp_path):
    assert _audit(render_path(path), tmp_path) == []


def _replace_text(old: str, new: str):
    def change(document):
        for p in document.paragraphs:
            for r in p.runs:
                if old in r.text:
                    r.text = r.text.replace(old, new)
                    return
    return change


@pytest.mark.parametrize("old, new, rule", [
    ("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH", "dấu hai chấm sau \"QUYẾT ĐỊNH\""),
    ("Điều 2.", "Điều 4.", "số thứ tự điều"),
    ("Điều 3.", "Điều 3:", "dấu chấm sau số thứ tự điều"),
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐỒNG TUYỂN", "", "thẩm quyền ban hành"),
])
def test_decision_slips_are_found(tmp_path, old, new, rule):
    data = render_path(DATA / "dong-tuyen-2024.quyet-dinh.yaml")
    assert rule in {f.rule for f in _edit(data, tmp_path, _replace_text(old, new))}


def test_decision_symbol_follows_its_kind(tmp_path):
    def change(document):
        for table in document.tables:
            for cell in table._cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        r.text = r.text.replace("/QĐ-UBND", "/KH-UBND")
    found = _edit(render_path(DATA / "dong-tuyen-2024.quyet-dinh.yaml"), tmp_path, change)
    assert [(f.rule, f.found) for f in found] == [("ký hiệu theo tên loại", "KH-UBND")]


def test_official_letter_without_recipients_is_an_error(tmp_path):
    data = render_path(DATA / "dong-tuyen-2024.cong-van.yaml")

    def drop(document):
        for p in list(document.paragraphs):
            if p.text.startswith(("Kính gửi", "- Công chức", "- Hội", "- Công an", "- Các trường")):
                p._p.getparent().remove(p._p)
    assert "Kính gửi" in {f.rule for f in _edit(data, tmp_path, drop)}


def test_official_letter_summary_size_is_checked(tmp_path):
    from docx.shared import Pt

    def bigger(document):
        for table in document.tables:
            for cell in table._cells:
                for p in cell.paragraphs:
                    if p.text.startswith("V/v"):
                        for r in p.runs:
                            r.font.size = Pt(14)
    found = _edit(render_path(DATA / "dong-tuyen-2024.cong-van.yaml"), tmp_path, bigger)
    assert "cỡ chữ trích yếu công văn (V/v)" in {f.rule for f in found}


# ------------------------------------------------------------------- Báo cáo --

def test_report_without_recipients_is_a_warning_and_a_late_one_an_error(tmp_path):
    data = render_path(DATA / "dong-tuyen-2024.bao-cao.yaml")

    def drop(document):
        for p in list(document.paragraphs):
            if p.text.startswith("Kính gửi"):
                p._p.getparent().remove(p._p)
    found = _edit(data, tmp_path, drop)
    assert [(f.rule, f.severity) for f in found] == [("Kính gửi của báo cáo", "canh_bao")]

    def late(document):
        paragraphs = document.paragraphs
        label = next(p for p in paragraphs if p.text.startswith("Kính gửi"))
        opening = next(p for p in paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
        opening._p.addnext(label._p)
    assert "vị trí Kính gửi" in {f.rule for f in _edit(data, tmp_path, late) if f.severity == "loi"}


def test_recipients_in_a_two_cell_table_after_the_title_are_read(tmp_path):
    """The real ATVSLĐ report lays "Kính gửi:" and its two recipients out in two cells."""
    real = Path(__file__).parents[1] / "fixtures" / "real-documents" / "bao-cao-ket-qua-thang-atvsld.docx"
    rules = {f.rule for f in audit(real)}
    assert "Kính gửi của báo cáo" not in rules and "một nơi nhận sau \"Kính gửi\"" not in rules


# ------------------------------------------ the forms of the real QĐ and Công văn --
# The writer/checker agreement (tests/check/test_agrees.py) over the forms the real
# examples in data/examples/ need: a head of office signing alone ("THỦ TƯỚNG"), an
# article with more paragraphs, the plan written in place with its own "(Kèm theo …)"
# line (number and date blank, or given), appendices of the plan; one or several
# recipients of a Công văn with a line under them, its items and closing.

import os  # noqa: E402

import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.check.test_agrees import writer_forms  # noqa: E402
from tests.plans import sentence, title  # noqa: E402

AUTHORITIES = ["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "THỦ TƯỚNG CHÍNH PHỦ", "ỦY BAN NHÂN DÂN TỈNH SƠN LA"]


@st.composite
def other_kinds(draw) -> dict:
    plan = draw(writer_forms())
    if draw(st.booleans()):
        plan["nguoi_ky"] = {"chuc_vu": draw(st.sampled_from(["THỦ TƯỚNG", "GIÁM ĐỐC"])),
                            "ho_ten": plan["nguoi_ky"]["ho_ten"]}
    summary = plan.pop("trich_yeu")
    if draw(st.booleans()):  # a Quyết định issuing the plan written in place
        body = {key: plan.pop(key) for key in ("mo_dau", "phan", "phu_luc") if key in plan}
        body["trich_yeu"] = summary
        plan.pop("ket_thuc")
        if draw(st.booleans()):
            body["kem_theo"] = {"cum_tu": draw(st.sampled_from(["Kèm theo", "Ban hành kèm theo"])),
                                "ky_hieu": "QĐ-UBND", **draw(st.sampled_from([{}, {"so": 12, "ngay": "05/02/2025"}]))}
        articles = draw(st.one_of(st.none(), st.lists(sentence, min_size=2, max_size=4)))
        plan.update(loai="quyet-dinh", ky_hieu="QĐ-UBND", ke_hoach=body, tham_quyen=draw(st.sampled_from(AUTHORITIES)),
                    trich_yeu="Ban hành Kế hoạch " + summary[:1].lower() + summary[1:],
                    can_cu=plan["can_cu"] or ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"],
                    noi_nhan=["Như Điều 3", *plan["noi_nhan"]])
        if draw(st.booleans()):
            plan["de_nghi"] = "Theo đề nghị của " + draw(title)
        if articles is not None:
            plan["dieu"] = [{"noi_dung": text, "doan": draw(st.lists(sentence, max_size=2))} for text in articles]
        else:
            plan["thi_hanh"] = draw(title)
    else:  # a Công văn
        names = draw(st.lists(title, min_size=1, max_size=4))
        kinh_gui: dict = {"noi": names}
        if draw(st.booleans()):
            kinh_gui["ghi_chu"] = "(Theo Kế hoạch số 3898/KH-SCT ngày 30/6/2026)"
        plan.pop("phu_luc", None)
        if draw(st.booleans()):
            plan.pop("phan")
        else:
            plan["trinh_bay"].update(danh_so=["1", "1.1", "a"], kieu_tieu_de=["thuong"])
        plan.update(loai="cong-van", ky_hieu="UBND-VP", trich_yeu=summary[:1].lower() + summary[1:],
                    kinh_gui=kinh_gui, noi_nhan=["Như trên", *plan["noi_nhan"]])
    return plan


@settings(max_examples=int(os.environ.get("KEHOACH_AGREE_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(other_kinds())
def test_check_agrees_with_every_form_of_the_other_kinds(tmp_path, plan):
    errors = [str(f) for f in _audit(render_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)
              if f.severity == "loi"]
    assert errors == []


EXAMPLES = [p for p in sorted((DATA / "examples").glob("*.yaml"))
            if (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("loai") in ("quyet-dinh", "cong-van")]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_real_example_of_the_other_kinds_passes(path, tmp_path):
    assert EXAMPLES and _audit(render_path(path), tmp_path) == []
