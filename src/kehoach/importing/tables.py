"""A Word table → the plan's ``bang``: header rows (with merged cells), the
column-number row, group rows spanning the table, and the data rows.

Header rows are the bold rows at the top (and the rows their vertical merges
reach into); a row of ``(1) (2) …`` or ``1 2 …`` under them is ``so_cot``; a row
whose one cell spans every column is a group row (``nhom``).
"""

from __future__ import annotations

import re

from kehoach.docx.content import Cell, Table
from kehoach.importing.inline import marked, plain

_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


def _cell_text(cell: Cell, emphasis: bool = True) -> str:
    lines = []
    for para in cell.paragraphs:
        text = (marked(para.spans) if emphasis else plain(para.spans))
        if para.label and not para.bullet:
            text = f"{para.label} {text}".strip()
        elif para.label:
            text = f"{para.label} {text}".strip()
        if text:
            lines.append(text)
    return "\n".join(lines)


def _bold_row(row: list[Cell]) -> bool:
    filled = [c for c in row if c.text.strip()]
    return bool(filled) and all(p.bold for c in filled for p in c.paragraphs if p.text.strip())


def _group_row(row: list[Cell], columns: int) -> bool:
    return len(row) == 1 and row[0].span >= columns and columns > 1


def _grid(row: list[Cell]) -> list[tuple[int, Cell]]:
    """(first grid column, cell) of each cell of a row."""
    out, column = [], 0
    for cell in row:
        out.append((column, cell))
        column += cell.span
    return out


def _leading(table: Table) -> int:
    """How many rows lead the table before the first empty one (empty rows are left out)."""
    return next((i for i, row in enumerate(table.rows) if not row), len(table.rows)) if table.header_rows else 0


def read_table(table: Table) -> tuple[dict, list[str]]:
    """(bang, notes) for a table of the body or an appendix."""
    notes: list[str] = []
    columns = table.columns
    rows = [row for row in table.rows if row]
    header_count = 0
    if 0 < table.header_rows < len(rows) and _leading(table) >= table.header_rows:
        header_count = table.header_rows  # the rows Word repeats on every page: kehoach marks its header so
    while not table.header_rows and header_count < len(rows) - 1 and _bold_row(rows[header_count]) \
            and header_count < 4 and not (header_count and _group_row(rows[header_count], columns)):
        header_count += 1
    if header_count == 0:
        header_count = 1
        notes.append("dòng đầu của bảng được coi là dòng tên cột")
    # vertical merges that start in the header keep it open
    while header_count < len(rows) and any(c.merge == "continue" for c in rows[header_count]) \
            and not any(c.text.strip() for c in rows[header_count] if c.merge != "continue"):
        header_count += 1
    header, body = rows[:header_count], rows[header_count:]
    bang: dict = {}
    names = [""] * columns
    spanned = len(header) > 1 or any(c.span > 1 or c.merge for row in header for c in row)
    dau = []
    for r, row in enumerate(header):
        cells = []
        for column, cell in _grid(row):
            if cell.merge == "continue":
                continue
            text = _cell_text(cell, emphasis=False)
            down = 1
            if cell.merge == "restart":
                for below in header[r + 1:]:
                    match = next((c for col, c in _grid(below) if col == column), None)
                    if match is None or match.merge != "continue":
                        break
                    down += 1
            item: dict | str = text
            if cell.span > 1 or down > 1:
                item = {"noi_dung": text}
                if cell.span > 1:
                    item["gop_cot"] = cell.span
                if down > 1:
                    item["gop_dong"] = down
            cells.append(item)
            if text and column < columns and (cell.span == 1):
                names[column] = text.replace("\n", " ")
        dau.append(cells)
    widths = table.widths[:columns] if len(table.widths) >= columns else []
    smallest = min((w for w in widths if w > 0), default=0)
    rong = [round(w / smallest, 1) if smallest else 1.0 for w in widths] if widths else [1.0] * columns
    uniform = len(set(rong)) <= 1
    cot = []
    for j in range(columns):
        name = names[j] or f"Cột {j + 1}"
        cot.append(name if uniform else {"ten": name, "rong": rong[j] if j < len(rong) else 1.0})
    bang["cot"] = cot
    if spanned:
        bang["dau"] = dau
    if body and all(_COLUMN_NUMBER.match(c.text.strip() or "x") and int(_COLUMN_NUMBER.match(c.text.strip())[1])
                    == j + 1 for j, c in enumerate(body[0])) and len(body[0]) == columns:
        bang["so_cot"] = True
        body = body[1:]
    dong = []
    for r, row in enumerate(body):
        if _group_row(row, columns):
            dong.append({"nhom": _cell_text(row[0], emphasis=False).replace("\n", " ")})
            continue
        # A merged cell as the plan writes it ({noi_dung: …, gop_cot, gop_dong}, as in ``dau``),
        # the cells it covers left "" in this row and the rows below.
        cells: list[str | dict] = []
        for column, cell in _grid(row):
            if column >= columns:
                break
            text = "" if cell.merge == "continue" else _cell_text(cell)
            span = min(cell.span, columns - column)
            down = _rows_down(body, r, column, cell.span) if cell.merge == "restart" else 1
            if cell.merge != "continue" and (span > 1 or down > 1):
                item: dict = {"noi_dung": text}
                if span > 1:
                    item["gop_cot"] = span
                if down > 1:
                    item["gop_dong"] = down
                cells.append(item)
            else:
                cells.append(text)
            cells += [""] * (span - 1)
        cells = (cells + [""] * columns)[:columns]
        dong.append(cells)
    bang["dong"] = dong
    return bang, notes


def _rows_down(body: list[list[Cell]], index: int, column: int, span: int) -> int:
    """How many rows a cell merged down from ``body[index]`` at ``column`` takes (itself included);
    a group row, or a row where the column does not continue the merge as wide, ends it."""
    down = 1
    for below in body[index + 1:]:
        match = next((c for col, c in _grid(below) if col == column), None)
        if match is None or match.merge != "continue" or match.span != span or len(below) == 1:
            break
        down += 1
    return down
