"""The opening of a document: căn cứ, "Thực hiện …", "Xét đề nghị …" and paragraphs.

Written in the simplest form that prints them as they were: the leading
bases as ``can_cu`` (italic, punctuated by kehoach), the paragraphs after
them as plain ``mo_dau`` lines; only when a "Thực hiện …" or "Xét đề nghị …"
stands upright in the sequence, or a base follows a paragraph, are the lines
written as ``mo_dau`` entries (``thuc_hien:``, ``xet_de_nghi:``, ``can_cu:``)
that kehoach punctuates as one list ([P1] II.6.b). A line whose own
punctuation that list would change is kept as a paragraph, as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.docx.content import Paragraph
from kehoach.importing.inline import escape, marked, plain

_DONE_BY = re.compile(r"^Thực\s+hiện\b")
_PROPOSED = re.compile(r"^(Theo|Xét)\s+đề\s+nghị\b", re.IGNORECASE)
_BASES = ("can_cu", "thuc_hien", "xet_de_nghi")


@dataclass
class Entry:
    kind: str  # can_cu, thuc_hien, xet_de_nghi or doan
    text: str  # as plan text: a base without its final ";" or ".", a paragraph with its marks
    italic: bool = False
    ending: str = ""  # the base's own last mark, to keep it only where kehoach would print it
    written: str = ""  # the paragraph as typed, should it stay one
    note: str | None = None


def entry(block: Paragraph) -> Entry:
    text = " ".join(block.text.split())
    written = marked(block.spans)
    italic = block.italic and all(s.italic for s in block.spans if s.text.strip())
    ending = text[-1:] if text.endswith((";", ".")) else ""
    base = plain(block.spans).rstrip(" ;.,")
    if text.startswith("Căn cứ") and not text.endswith(":"):
        return Entry("can_cu", base, True, ending, written)
    if ending and _DONE_BY.match(text):
        return Entry("thuc_hien", base, italic, ending, written)
    if ending and _PROPOSED.match(text):
        return Entry("xet_de_nghi", base, italic, ending, written)
    if italic and ending:  # an italic line ending ";" or ".": a căn cứ worded otherwise
        return Entry("can_cu", base, True, ending, written)
    return Entry("doan", written)


def line(text: str, note: str | None = None, *, marked_text: bool = False) -> Entry:
    """A line kept as a paragraph: a header line or a table row (typed text), or plan text already."""
    text = text if marked_text else escape(text)
    return Entry("doan", text, written=text, note=note)


def arrange(entries: list[Entry], after: str | None = None) -> tuple[list[str], list, dict[tuple, str]]:
    """(``can_cu``, ``mo_dau``, notes by path). ``after``: the kind of base that follows the
    opening in the document (a Quyết định's "Theo đề nghị …"), which sets the last one's mark."""
    lead = 0
    while lead < len(entries) and entries[lead].kind in _BASES and entries[lead].italic:
        said = entries[lead].text.startswith("Căn cứ")
        if lead and not said and entries[lead - 1].ending == ".":  # the list of bases ended there
            break
        lead += 1
    end = lead
    for i in range(end):  # an italic line not saying "Căn cứ" is one only where its own mark fits the list
        if i + 1 < end:
            following = entries[i + 1].kind
        elif end < len(entries):  # the line after the leading bases: a base only if it stays one
            nxt = entries[end]
            following = nxt.kind if nxt.kind in ("thuc_hien", "xet_de_nghi") or nxt.text.startswith("Căn cứ") \
                else "doan"
        else:
            following = after
        if not entries[i].text.startswith("Căn cứ") and entries[i].ending != (";" if following in _BASES else "."):
            lead = i
            break
    can_cu = [e.text for e in entries[:lead]]
    rest = [Entry(e.kind, e.text, e.italic, e.ending, e.written, e.note) for e in entries[lead:]]
    for e in rest:  # after the leading bases, an italic line is a căn cứ only if it says so
        if e.kind == "can_cu" and not e.text.startswith("Căn cứ"):
            e.kind, e.text = "doan", e.written
    following = after
    for e in reversed(rest):  # a base keeps its place only if kehoach prints its own mark
        if e.kind in ("thuc_hien", "xet_de_nghi"):
            expected = ";" if following in _BASES else "."
            if e.ending != expected:
                e.kind, e.text = "doan", e.written
        following = e.kind
    ordered = any(e.kind in _BASES for e in rest)
    mo_dau: list = []
    notes: dict[tuple, str] = {}
    for e in rest:
        if e.note:
            notes[("mo_dau", len(mo_dau))] = e.note
        if e.kind == "doan" or not ordered:
            mo_dau.append(e.text if e.kind == "doan" else e.written)
        elif e.italic and e.kind != "can_cu":
            mo_dau.append({e.kind: e.text, "nghieng": True})
        else:
            mo_dau.append({e.kind: e.text})
    if ordered and all(isinstance(m, str) for m in mo_dau):
        ordered = False
    return can_cu, mo_dau, notes
