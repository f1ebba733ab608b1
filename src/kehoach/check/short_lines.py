"""The short solid lines under the Tiêu ngữ, the agency name and the trích yếu
(Phụ lục I, mục II.1.b, II.2.b, II.5.b): found as a paragraph border, a drawing
or a VML line, measured against the decree's fraction of the line above."""

from __future__ import annotations

import re
from typing import Any

from kehoach import decree
from kehoach.check.context import ERROR, WARNING, Audit, vn
from kehoach.docx.metrics import MM_PER_PT
from kehoach.docx.reader import Para, number

EMU_PER_MM = 36000  # DrawingML lengths
_LINE_CHARS = re.compile(r"^[\s_\-–—.]{5,}$")


def short_line(a: Audit, para: Para, kind: str, label: str, reference_mm: float) -> None:
    """The short solid line under ``para``: a bottom border (its own or the next
    paragraph's), a drawing, or a VML line; its length against the decree's fraction."""
    spec = decree.SHORT_LINES[kind]
    candidates = [para] + [p for p in a.paras[para.index:para.index + 2] if p.cell is para.cell
                           and p.in_table == para.in_table]
    below = a.reader.cell_below(para.cell) if para.cell is not None else None
    if below is not None:  # a line drawn in the cell under it, as when each header line has its own row
        candidates += [p for p in a.paras if p.cell is not None and p.cell == below][:1]
    for candidate in candidates:
        fmt = a.reader.para_format(candidate.element)
        if fmt.bottom_border and (candidate is para or not candidate.text.strip()):
            length = a.available_mm(candidate)
            line_length(a, candidate, spec, label, length, reference_mm)
            return
        drawing = drawing_length(candidate.element)
        if drawing is not None and (candidate is para or candidate.cell is para.cell or drawing > 0):
            if drawing > 0:
                line_length(a, candidate, spec, label, drawing, reference_mm)
            return
        if candidate is not para and _LINE_CHARS.match(candidate.text or "") and candidate.text.strip():
            a.add(WARNING, label, spec.clause, candidate, "đường kẻ nét liền (vẽ, hoặc viền đoạn văn)",
                     "các ký tự gạch gõ tay")
            return
    a.add(ERROR, label, spec.clause, para, "một đường kẻ ngang nét liền", "không có")


def line_length(a: Audit, para: Para, spec: decree.ShortLine, label: str, length: float, reference: float) -> None:
    if reference <= 0:
        return
    ratio = length / reference
    low, high = (0.9, 1.1) if spec.low == spec.high == 1.0 else (spec.low - 0.05, spec.high + 0.05)
    if not low <= ratio <= high:
        if spec.low == spec.high == 1.0:
            want = f"dài bằng dòng chữ phía trên ({vn(reference, '.1f')} mm)"
        else:
            want = (f"dài {vn(reference * spec.low, '.1f')}–{vn(reference * spec.high, '.1f')} mm, tức "
                    f"{vn(spec.low, '.2f')}–{vn(spec.high, '.2f')} lần dòng chữ phía trên (dòng chữ dài "
                    f"{vn(reference, '.1f')} mm)")
        a.add(ERROR, f"độ dài {label}", spec.clause, para, want,
              f"dài {vn(length, '.1f')} mm ({vn(ratio, '.2f')} lần)")


def drawing_length(p: Any) -> float | None:
    """Length in mm of a drawn line in ``p`` (0 when present but unmeasurable), or None."""
    extent = p.find(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    if extent is not None:
        return (number(extent.get("cx"), 0) or 0) / EMU_PER_MM
    for tag in ("line", "shape", "rect"):
        shape = p.find(f".//{{urn:schemas-microsoft-com:vml}}{tag}")
        if shape is not None:
            if tag == "line":
                try:
                    x1 = float(shape.get("from", "0,0").split(",")[0].rstrip("pt"))
                    x2 = float(shape.get("to", "0,0").split(",")[0].rstrip("pt"))
                    return abs(x2 - x1) * MM_PER_PT
                except ValueError:
                    return 0
            width = re.search(r"width:([\d.]+)pt", shape.get("style", ""))
            return float(width[1]) * MM_PER_PT if width else 0
    return None
