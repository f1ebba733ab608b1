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
