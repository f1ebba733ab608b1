"""kehoach check on the elements of other kinds of document: "Kính gửi:"."""

from __future__ import annotations

from pathlib import Path

import docx

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
