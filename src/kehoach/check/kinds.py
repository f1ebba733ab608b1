"""The elements of the other kinds of document: "Kính gửi:" (ô 9a, Phụ lục I,
mục II.9.b).

Each function marks the paragraphs it has judged in ``Audit.claimed``, so
that the body checks (justified, indented…) do not judge them again by the
rules of a body paragraph.
"""

from __future__ import annotations

import re

from kehoach import decree
from kehoach.check.context import ERROR, Audit
from kehoach.docx.reader import Para

_KINH_GUI = re.compile(r"^\s*Kính\s+gửi\s*(?P<colon>:?)\s*(?P<rest>.*)$", re.DOTALL)
_CLAUSE = "Phụ lục I, mục II.9.b"


def kinh_gui(a: Audit, start: int) -> Para | None:
    """"Kính gửi:" after the title: 13-14 pt, upright, a colon; several
    recipients each on a "-" line ending ";", the last one "."."""
    label = a.find(lambda p: p.index > start and p.section == 0 and _KINH_GUI.match(p.text) is not None)
    if label is None:
        return None
    match = _KINH_GUI.match(label.text)
    a.claimed.add(label.index)
    a.size_in(label, "kinh_gui", "\"Kính gửi\"")
    a.style_is(label, "kinh_gui", "\"Kính gửi\"")
    if not match["colon"]:
        a.add(ERROR, "dấu hai chấm sau \"Kính gửi\"", _CLAUSE, label, "\"Kính gửi:\"", "không có dấu hai chấm")
    after = [p for p in a.paras if p.index > label.index and p.section == label.section]
    if label.cell is not None and not match["rest"].strip():  # a two-cell table: label left, names right
        after = [p for p in after if p.in_table == label.in_table] or after
    recipients: list[Para] = []
    for para in after:
        text = para.text.strip()
        if not text:
            if recipients:
                break
            continue
        if text.startswith(("-", "–")):
            recipients.append(para)
            continue
        if text.startswith("(") and text.rstrip(" .").endswith(")"):  # "(Theo Kế hoạch số …)"
            a.claimed.add(para.index)
        break
    if match["rest"].strip() and not recipients:
        return label
    last = len(recipients) - 1
    for i, para in enumerate(recipients):
        a.claimed.add(para.index)
        a.size_in(para, "kinh_gui_muc", "nơi nhận sau \"Kính gửi\"")
        mark = "." if i == last else ";"
        if not para.text.rstrip().endswith(mark):
            a.add(ERROR, "dấu cuối dòng sau \"Kính gửi\"", _CLAUSE, para, f"kết thúc bằng \"{mark}\"",
                  f"\"{para.text.rstrip()[-1:]}\"")
    if len(recipients) == 1 and not match["rest"].strip():
        a.add(ERROR, "một nơi nhận sau \"Kính gửi\"", _CLAUSE, recipients[0],
              f"gửi một nơi thì viết cùng dòng: \"{decree.KINH_GUI}: …\"", "xuống dòng, có gạch đầu dòng")
    return label
