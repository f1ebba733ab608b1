"""Footnotes (chú thích cuối trang): every mark in the text has its note, the
mark is a superscript number, and the note is in the document's font.

The decree prints its own footnote this way (Phụ lục I, Mục V, chú thích 1):
the mark raised after the word, the note at the foot of the page in Times
New Roman, black.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from kehoach import decree
from kehoach.check.context import ERROR, Audit
from kehoach.docx.package import xml_parser
from kehoach.docx.reader import Para

CLAUSE = "Phụ lục I, mục V, chú thích 1 (cách trình bày chú thích)"


def _notes_part(a: Audit):
    for rel in a.reader.document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            return etree.fromstring(rel.target_part.blob, xml_parser())  # checked well-formed when opened
    return None


def footnotes(a: Audit) -> None:
    references = [(para, ref) for para in a.paras for ref in para.element.iter(qn("w:footnoteReference"))]
    if not references:
        return
    part = _notes_part(a)
    notes = {} if part is None else {n.get(qn("w:id")): n for n in part.iter(qn("w:footnote"))
                                      if n.get(qn("w:type")) in (None, "normal")}
    for para, ref in references:
        note = notes.get(ref.get(qn("w:id")))
        if note is None or not "".join(t.text or "" for t in note.iter(qn("w:t"))).strip():
            a.add(ERROR, "chú thích không có nội dung", CLAUSE, para, "mỗi dấu chú thích có lời chú thích",
                  f"chú thích số {ref.get(qn('w:id'))} trống hoặc không có")
        if not _raised(a, ref.getparent()):
            a.add(ERROR, "dấu chú thích", CLAUSE, para, "số chú thích viết nhỏ, nâng lên (chỉ số trên)",
                  "số chú thích viết ngang dòng chữ")
        if note is not None:
            _note_text(a, para, note)


def _raised(a: Audit, run) -> bool:
    """The run, or its character style and the styles that one is based on, is set in superscript."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return False
    if (vert := rpr.find(qn("w:vertAlign"))) is not None:
        return vert.get(qn("w:val")) == "superscript"
    style = rpr.find(qn("w:rStyle"))
    name = style.get(qn("w:val")) if style is not None else None
    seen: set[str] = set()
    while name and name in a.reader.styles and name not in seen:
        seen.add(name)
        node = a.reader.styles[name]
        own = node.find(qn("w:rPr"))
        if own is not None and (vert := own.find(qn("w:vertAlign"))) is not None:
            return vert.get(qn("w:val")) == "superscript"
        based = node.find(qn("w:basedOn"))
        name = based.get(qn("w:val")) if based is not None else None
    return False


def _note_text(a: Audit, para: Para, note) -> None:
    for p in note.iter(qn("w:p")):
        for r in p.iter(qn("w:r")):
            if r.find(qn("w:t")) is None:
                continue
            fmt = a.reader.run_format(p, r)
            name = fmt.fonts.get("ascii") or fmt.fonts.get("hAnsi")
            if name and name != decree.FONT_NAME:
                a.add(ERROR, "phông chữ ở chú thích", "Phụ lục I, mục I.4", para, decree.FONT_NAME, name)
                return
            if fmt.color and fmt.color.lower() not in ("auto", decree.FONT_COLOR.lower()):
                a.add(ERROR, "màu chữ ở chú thích", "Phụ lục I, mục I.4", para, "màu đen", f"màu #{fmt.color}")
                return
