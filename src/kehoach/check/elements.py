"""The decree's other elements (Phụ lục I, mục III.2–4; ô 10a, 10b, 11, 12, 13 of the
layout diagram): độ mật and mức độ khẩn stamps, a draft's box, the typist's initials and
copies after "Lưu:", the office's address at the foot of page 1. Each is judged only
when the document has it; each number comes from ``decree``, as the writer's does."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

from kehoach import decree
from kehoach.check.context import ERROR, Audit, is_upper, pt_text, vn
from kehoach.check.page import is_stamp_mark
from kehoach.docx.reader import TWIPS_PER_MM, Para

_TYPIST = re.compile(r",\s*([A-Za-zĐđ]{1,6})\.?\((\d+)\)\s*\.?$")
_DRAFT = re.compile(r"(?i)^dự thảo( lần .+)?$")


def _framed(para: Para) -> bool:
    borders = para.element.find(qn("w:pPr") + "/" + qn("w:pBdr"))
    return borders is not None and all(
        (b := borders.find(qn(f"w:{side}"))) is not None and b.get(qn("w:val")) not in (None, "nil", "none")
        for side in ("top", "left", "bottom", "right"))


def _frame_width_mm(a: Audit, para: Para) -> float:
    """A paragraph frame spans the room between its indents."""
    return a.available_mm(para)


def marks(a: Audit) -> None:
    for para in a.paras:
        text = " ".join(para.text.split())
        if is_stamp_mark(text):
            clause = "Phụ lục I, mục III.2.a" if text.upper() in decree.SECRECY_MARKS else "Phụ lục I, mục III.2.b"
            _stamp(a, para, "dấu " + text.upper(), clause)
            sizes = {**decree.SECRECY_MARKS, **decree.URGENCY_MARKS}
            want = sizes[text.upper().replace("HOẢ", "HỎA")]
            width = _frame_width_mm(a, para)
            if _framed(para) and abs(width - want) > 1.0:
                a.add(ERROR, f"kích thước dấu {text.upper()}", clause, para, f"khung rộng {vn(want, 'g')} mm",
                      f"khung rộng {vn(width, '.1f')} mm")
        elif _DRAFT.match(text) and para.in_table is None and len(text) < 30:
            _stamp(a, para, "khung dự thảo", "Phụ lục I, mục III.2.c (cách trình bày khung)")


def _stamp(a: Audit, para: Para, label: str, clause: str) -> None:
    fmt = a.reader.main_format(para)
    if fmt is None:
        return
    low, high = decree.ROLES["dau_muc_do"].allowed
    if not low - 0.01 <= fmt.size <= high + 0.01:
        a.add(ERROR, f"cỡ chữ {label}", clause, para, f"{vn(low, 'g')}–{vn(high, 'g')} pt", pt_text(fmt.size))
    if not fmt.bold:
        a.add(ERROR, f"chữ đậm ở {label}", clause, para, "chữ đậm", "chữ không đậm")
    if fmt.italic:
        a.add(ERROR, f"chữ đứng ở {label}", clause, para, "chữ đứng", "chữ nghiêng")
    if not (is_upper(para.text) or fmt.caps):
        a.add(ERROR, f"chữ in hoa ở {label}", clause, para, "IN HOA", "chữ thường")
    if not _framed(para):
        a.add(ERROR, f"khung {label}", clause, para, "khung hình chữ nhật viền đơn", "không có khung")


def typist(a: Audit) -> None:
    """Ô 12 ([P1] III.3): initials IN HOA, copies in Arabic digits, 11 pt upright."""
    for para in a.paras:
        if not re.match(r"^[-–]?\s*Lưu\s*:", para.text.strip()):
            continue
        match = _TYPIST.search(para.text.strip())
        if match and not match[1].isupper():
            a.add(ERROR, "ký hiệu người soạn thảo", "Phụ lục I, mục III.3", para, "chữ in hoa",
                  f"\"{match[1]}\"")


def contact(a: Audit) -> None:
    """Ô 13 ([P1] III.4): page 1 only, 11–12 pt upright, under a solid line the full text width."""
    if not a.reader.sections:
        return
    section = a.reader.sections[0]
    if not section.different_first_page_header_footer:
        return
    footer = section.first_page_footer
    if footer.is_linked_to_previous:
        return
    paras = [p for p in footer._element.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()]
    if not paras:
        return
    clause = "Phụ lục I, mục III.4"
    low, high = decree.ROLES["lien_he"].allowed
    for p in paras:
        for r in p.iter(qn("w:r")):
            if r.find(qn("w:t")) is None:
                continue
            fmt = a.reader.run_format(p, r)
            if not low - 0.01 <= (fmt.size or 0) <= high + 0.01:
                a.add(ERROR, "cỡ chữ địa chỉ cơ quan (chân trang)", clause, None, f"{vn(low, 'g')}–{vn(high, 'g')} pt",
                      pt_text(fmt.size))
                return
            if fmt.bold or fmt.italic:
                a.add(ERROR, "chữ đứng ở địa chỉ cơ quan (chân trang)", clause, None, "chữ đứng, không đậm",
                      "chữ đậm" if fmt.bold else "chữ nghiêng")
                return
    first = paras[0]
    border = first.find(qn("w:pPr") + "/" + qn("w:pBdr") + "/" + qn("w:top"))
    ind = first.find(qn("w:pPr") + "/" + qn("w:ind"))
    indent = sum(int(ind.get(qn(f"w:{k}"), "0") or 0) for k in ("left", "right")) / TWIPS_PER_MM if ind is not None else 0
    if border is None or border.get(qn("w:val")) in (None, "nil", "none") or indent > 1:
        a.add(ERROR, "đường kẻ trên địa chỉ cơ quan", clause, None,
              "đường kẻ nét liền hết chiều ngang vùng trình bày", "không có" if border is None else "ngắn hơn")
