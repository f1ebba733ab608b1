"""Footnotes: ``[^ten]`` marks and ``chu_thich:`` become real Word footnotes, checked by ``kehoach check``."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.errors import InvalidInput

from tests.plans import MINIMAL

WITH_NOTES = MINIMAL.replace("      - Một ý\n", "      - Một ý của Chính phủ[^cp], Bộ Y tế[^1]\n") + """\
chu_thich:
  1: Kế hoạch số 12/KH-BYT ngày 05/01/{{ nam }} của **Bộ Y tế**.
  cp: Nghị quyết số 01/NQ-CP.
"""


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()}


def test_notes_are_word_footnotes_numbered_in_the_order_of_their_marks():
    parts = _parts(render_bytes(load_plan_text(WITH_NOTES)))
    notes = parts["word/footnotes.xml"]
    # the separators Word expects, then note 1 = [^cp] (marked first), note 2 = [^1]
    assert '<w:footnote w:type="separator" w:id="-1">' in notes
    texts = re.findall(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', notes)
    assert [n for n, _ in texts] == ["1", "2"]
    assert "Nghị quyết số 01/NQ-CP." in texts[0][1] and "<w:footnoteRef/>" in texts[0][1]
    assert "Kế hoạch số 12/KH-BYT ngày 05/01/2025 của " in texts[1][1] and "<w:b/>" in texts[1][1]
    body = parts["word/document.xml"]
    assert re.search(r'Một ý của Chính phủ</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                     r'<w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve">, Bộ Y tế', body)
    assert "[^" not in body
    assert 'Target="footnotes.xml"' in parts["word/_rels/document.xml.rels"]
    assert "/word/footnotes.xml" in parts["[Content_Types].xml"]
    assert 'w:styleId="FootnoteReference"' in parts["word/styles.xml"] and "KHChuThich" in parts["word/styles.xml"]


def test_a_plan_without_notes_has_no_footnote_part_nor_style():
    parts = _parts(render_bytes(load_plan_text(MINIMAL)))
    assert "word/footnotes.xml" not in parts
    assert "footnotes" not in parts["[Content_Types].xml"] + parts["word/_rels/document.xml.rels"]
    assert "KHChuThich" not in parts["word/styles.xml"]


def test_rendered_notes_pass_check_and_a_missing_note_is_found(tmp_path):
    data = render_bytes(load_plan_text(WITH_NOTES))
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    assert audit(path) == []
    parts = _parts(data)
    broken = re.sub(r'<w:footnote w:id="2">.*?</w:footnote>', "", parts["word/footnotes.xml"])
    flat = re.sub(r'<w:rStyle w:val="FootnoteReference"/>', "", parts["word/document.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, broken if name == "word/footnotes.xml"
                             else flat if name == "word/document.xml" else text)
    path.write_bytes(out.getvalue())
    rules = [f.rule for f in audit(path)]
    assert "chú thích không có nội dung" in rules and "dấu chú thích" in rules


@pytest.mark.parametrize("change, message, where", [
    (("[^1]", "[^9]"), "chú thích [^9] chưa được khai báo", "phan[0].y[0]"),
    (("Bộ Y tế[^1]", "Bộ Y tế"), "chú thích `1` chưa được dẫn", "chu_thich.1"),
    (("Bộ Y tế[^1]", "Bộ Y tế[^cp]"), "được dẫn hai lần", "phan[0].y[0]"),
    (("  cp: Nghị", '  "c p": Nghị'), "tên chú thích `c p`", "chu_thich"),
    (("  cp: Nghị quyết số 01/NQ-CP.", "  cp: Có[^1] lồng"), "không được chứa chú thích khác", "chu_thich.cp"),
])
def test_note_mistakes_are_said_in_vietnamese_with_their_place(change, message, where):
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(WITH_NOTES.replace(*change)))
    problem = next(p for p in caught.value.problems if message in p.message)
    assert problem.path == where and problem.line is not None
