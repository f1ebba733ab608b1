"""The page as a whole: paper, margins, fonts and colours (Phụ lục I, mục I),
and page numbers (mục I.7)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from kehoach import decree
from kehoach.check.context import ERROR, WARNING, Audit, alignment_text, pt_text, vn
from kehoach.docx.reader import Para


def paper_and_margins(a: Audit) -> None:
    for i, section in enumerate(a.reader.sections):
        if section.page_width is None or section.page_height is None:
            a.add(ERROR, "khổ giấy", "Phụ lục I, mục I.1", None, "A4 (210 × 297 mm)",
                     f"không khai báo khổ giấy (phần {i + 1}); Word sẽ dùng khổ mặc định của máy")
            continue
        width, height = section.page_width.mm, section.page_height.mm
        short, long_ = sorted((width, height))
        if abs(short - decree.PAPER_MM[0]) > 1 or abs(long_ - decree.PAPER_MM[1]) > 1:
            a.add(ERROR, "khổ giấy", "Phụ lục I, mục I.1", None, "A4 (210 × 297 mm)",
                     f"{short:.0f} × {long_:.0f} mm (phần {i + 1})")
        if i == 0 and width > height:
            a.add(ERROR, "hướng trang", "Phụ lục I, mục I.2", None, "trang dọc", "trang ngang")
        for name, value in (("tren", section.top_margin), ("duoi", section.bottom_margin),
                            ("trai", section.left_margin), ("phai", section.right_margin)):
            allowed = decree.MARGINS[name]
            if value is None or not allowed.contains(value.mm, tolerance=0.3):
                label = {"tren": "trên", "duoi": "dưới", "trai": "trái", "phai": "phải"}[name]
                a.add(ERROR, f"lề {label}", allowed.clause, None, f"{vn(allowed.low, 'g')}–{vn(allowed.high, 'g')} mm",
                         f"{vn(value.mm, '.1f')} mm (phần {i + 1})" if value is not None else "không rõ")


def fonts(a: Audit) -> None:
    wrong: dict[str, Para] = {}
    colors: dict[str, Para] = {}
    for para in a.paras:
        for _text, fmt in a.reader.texts_with_format(para):
            for slot in ("ascii", "hAnsi"):
                name = fmt.fonts.get(slot)
                if name and name != decree.FONT_NAME and name not in wrong:
                    wrong[name] = para
            if fmt.color and fmt.color.lower() not in ("auto", decree.FONT_COLOR.lower()) \
                    and not is_stamp_mark(para.text):  # ô 10a/10b are stamped in red ink ([P1] III.2.b)
                colors.setdefault(fmt.color, para)
    for name, para in wrong.items():
        a.add(ERROR, "phông chữ", "Phụ lục I, mục I.4", para, decree.FONT_NAME, name)
    for color, para in colors.items():
        a.add(ERROR, "màu chữ", "Phụ lục I, mục I.4", para, "màu đen", f"màu #{color}")


def is_stamp_mark(text: str) -> bool:
    return " ".join(text.split()).upper().replace("HOẢ", "HỎA") in {**decree.SECRECY_MARKS, **decree.URGENCY_MARKS}


def page_numbers(a: Audit) -> None:
    clause = "Phụ lục I, mục I.7"
    for i, section in enumerate(a.reader.sections):
        in_header, para = a.reader.header_has_page_field(i, "default")
        in_footer, _ = a.reader.header_has_page_field(i, "footer")
        first_page_differs = section.different_first_page_header_footer
        on_first, _ = a.reader.header_has_page_field(i, "first") if first_page_differs else (in_header, None)
        where = f" (phần {i + 1})" if len(a.reader.sections) > 1 else ""
        if in_footer and not in_header:
            a.add(ERROR, "vị trí số trang", clause, None, "giữa, ở lề trên (đầu trang)", "ở chân trang" + where)
        if not in_header and not in_footer and len(a.paras) > 40:
            a.add(WARNING, "số trang", clause, None, "số trang từ trang 2", "không có" + where)
        if (in_header or in_footer) and (on_first or (not first_page_differs and in_footer)):
            a.add(ERROR, "số trang ở trang 1", clause, None, "không hiện số trang ở trang 1",
                     "trang 1 có số trang" + where)
        if para is not None:
            page_number_format(a, para, clause)


def page_number_format(a: Audit, p: Any, clause: str) -> None:
    fmt = a.reader.para_format(p)
    runs = [r for r in p.iter(qn("w:r"))]
    size = a.reader.run_format(p, runs[0] if runs else None)
    if fmt.alignment != "center":
        a.add(ERROR, "căn giữa số trang", clause, None, "căn giữa", alignment_text(fmt.alignment))
    low, high = decree.ROLES["so_trang"].allowed
    if not low <= size.size <= high:
        a.add(ERROR, "cỡ chữ số trang", clause, None, f"{vn(low, 'g')}–{vn(high, 'g')} pt", pt_text(size.size))
    if size.bold:
        a.add(ERROR, "chữ đậm ở số trang", clause, None, "chữ đứng, không đậm", "chữ đậm")
