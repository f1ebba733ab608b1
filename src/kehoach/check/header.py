"""The header block: Quốc hiệu and Tiêu ngữ, the issuing agency, the number line
and the place-date line (Phụ lục I, mục II.1–II.4)."""

from __future__ import annotations

import re
from typing import Any

from kehoach import decree
from kehoach.check import short_lines
from kehoach.check.context import ERROR, Audit, is_upper, norm, vn
from kehoach.docx.reader import Para
from kehoach.plan.dates import day_text, month_text, number_text

_PLACE_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?P<day>\S*)\s*tháng\s*(?P<month>\S*)\s*năm\s*(?P<year>\d{4})")
_SO = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<number>\d*)\s*/\s*(?P<symbol>\S*)")


def header(a: Audit) -> dict[str, Any]:
    found: dict[str, Any] = {}
    quoc_hieu = a.find(lambda p: norm(p.text) == norm(decree.QUOC_HIEU))
    if quoc_hieu is None:
        a.add(ERROR, "Quốc hiệu", "Phụ lục I, mục II.1", None, decree.QUOC_HIEU, "không có")
        return found
    found["quoc_hieu"] = quoc_hieu
    a.size_in(quoc_hieu, "quoc_hieu", "Quốc hiệu")
    a.style_is(quoc_hieu, "quoc_hieu", "Quốc hiệu")
    fits_one_line(a, quoc_hieu)
    motto = a.find(lambda p: norm(p.text.replace("–", "-")) == norm(decree.TIEU_NGU))
    if motto is None:
        a.add(ERROR, "Tiêu ngữ", "Phụ lục I, mục II.1.b", None, decree.TIEU_NGU, "không có")
    else:
        found["tieu_ngu"] = motto
        a.size_in(motto, "tieu_ngu", "Tiêu ngữ")
        a.style_is(motto, "tieu_ngu", "Tiêu ngữ")
        if "–" in motto.text or "—" in motto.text:
            a.add(ERROR, "gạch nối trong Tiêu ngữ", "Phụ lục I, mục II.1.b", motto, "gạch nối (-) có cách chữ",
                     "gạch ngang dài (–)")
        width = a.text_mm(motto)
        short_lines.short_line(a, motto, "tieu_ngu", "đường kẻ dưới Tiêu ngữ", width)
    table = quoc_hieu.in_table
    if table is not None:
        found["table"] = table
        borders = a.reader.table_borders_visible(a.reader.tables[table])
        if borders:
            a.add(ERROR, "bảng đầu trang có đường viền", "Phụ lục I, mục IV (sơ đồ bố trí)", quoc_hieu,
                     "bảng không viền", "viền " + ", ".join(borders))
    scope = [p for p in a.paras if p.in_table == table] if table is not None else a.paras[:15]
    so = a.find(lambda p: _SO.match(p.text.strip()) is not None, scope)
    date = a.find(lambda p: _PLACE_DATE.match(p.text.strip()) is not None, scope)
    agency = [p for p in scope if p.text.strip() and is_upper(p.text) and p not in (quoc_hieu, motto, so, date)
              and (so is None or p.index < so.index)
              and (quoc_hieu.cell is None or p.cell is not quoc_hieu.cell)]
    issuing_agency(a, agency)
    found["so"] = so
    found["vv"] = next((p for p in scope if re.match(r"^\s*V/v\b", p.text)), None)  # a Công văn (Mẫu 1.5)
    if so is None:
        a.add(ERROR, "số, ký hiệu", "Phụ lục I, mục II.3", None, "dòng \"Số: …/KH-…\"", "không có")
    else:
        number_line(a, so)
    if date is None:
        a.add(ERROR, "địa danh và thời gian", "Phụ lục I, mục II.4", None,
                 "dòng \"<địa danh>, ngày … tháng … năm …\"", "không có")
    else:
        place_date(a, date)
    return found


def fits_one_line(a: Audit, para: Para) -> None:
    needed, room = a.text_mm(para), a.available_mm(para)
    if needed > room + 0.2:
        a.add(ERROR, "Quốc hiệu trên một dòng", "Phụ lục I, mục II.1.a", para,
              f"cột rộng ít nhất {vn(needed, '.1f')} mm", f"cột rộng {vn(room, '.1f')} mm: Quốc hiệu xuống dòng")


def issuing_agency(a: Audit, lines: list[Para]) -> None:
    if not lines:
        a.add(ERROR, "tên cơ quan ban hành", "Phụ lục I, mục II.2", None, "tên cơ quan in hoa, đậm", "không có")
        return
    bold = [(fmt := a.reader.main_format(p)) is not None and bool(fmt.bold) for p in lines]
    # The parent agency (not bold) stands above; from the first bold line down, every line
    # is the issuing agency's name and must be bold (Phụ lục I, mục II.2.b).
    issuing = lines[bold.index(True):] if True in bold else lines[-1:]
    for para in issuing:
        if not bold[lines.index(para)]:
            a.add(ERROR, "chữ đậm ở tên cơ quan ban hành", "Phụ lục I, mục II.2.b", para, "chữ đậm",
                  "chữ không đậm")
    for para in lines:
        role = "co_quan" if para in issuing else "co_quan_chu_quan"
        a.size_in(para, role, "tên cơ quan" if role == "co_quan" else "tên cơ quan chủ quản")
    widest = max(a.text_mm(p) for p in issuing)
    short_lines.short_line(a, issuing[-1], "co_quan", "đường kẻ dưới tên cơ quan", widest)


def number_line(a: Audit, para: Para) -> None:
    match = _SO.match(para.text.strip())
    a.size_in(para, "so_ky_hieu", "số, ký hiệu")
    fmt = a.reader.main_format(para)
    if fmt is not None and fmt.bold:
        a.add(ERROR, "chữ đậm ở số, ký hiệu", "Phụ lục I, mục II.3.c", para, "chữ không đậm", "chữ đậm")
    if not match["colon"]:
        a.add(ERROR, "dấu hai chấm sau \"Số\"", "Phụ lục I, mục II.3.c", para, "\"Số:\"", "không có dấu hai chấm")
    number = match["number"]
    if number and number != number_text(number):  # the writer's own rule, from dates.py ("0129" is kept)
        a.add(ERROR, "số 0 trước số văn bản dưới 10", "Phụ lục I, mục II.3.c", para, number_text(number),
                 number)
    symbol = para.text.split("/", 1)[1].strip() if "/" in para.text else ""
    if " " in symbol or (symbol and not symbol.replace("-", "").replace("Đ", "D").isalnum()):
        a.add(ERROR, "ký hiệu văn bản", "Phụ lục I, mục II.3.c", para, "viết liền, nhóm nối bằng \"-\"",
                 symbol)


def place_date(a: Audit, para: Para) -> None:
    match = _PLACE_DATE.match(para.text.strip())
    a.size_in(para, "dia_danh_ngay", "địa danh, ngày tháng")
    a.style_is(para, "dia_danh_ngay", "địa danh, ngày tháng")
    day, month = match["day"].strip(" ."), match["month"].strip(" .")
    clause = "Phụ lục I, mục II.4"
    # The expected forms come from dates.py, the functions the writer prints with.
    if day.isdigit() and day != day_text(int(day)):
        a.add(ERROR, "số 0 trước ngày dưới 10", clause, para, f"ngày {day_text(int(day))}", f"ngày {day}")
    if month.isdigit() and month != month_text(int(month)):
        rule = "số 0 trước tháng 1 và tháng 2" if int(month) <= 2 else "không thêm số 0 trước tháng 3–12"
        a.add(ERROR, rule, clause, para, f"tháng {month_text(int(month))}", f"tháng {month}")
