"""Appendix tables: written ones, and the task table made from the activities.

A part of the composer (``compose.document._Composer`` inherits it): the same text
helpers (``t``, ``para``), the same problems list.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kehoach.compose.blocks import Cell, DataTable, Para, Run
from kehoach.compose.money import amount_text, amount_words, parse_amount
from kehoach.plan.located import PathKey
from kehoach.plan.model import ALIGNMENTS, TASK_COLUMNS, Bang, DongBang, HoatDong, Khoi, Muc, merged_cells
from kehoach.compose.phrases import phrase
from kehoach.compose.wording import inline, plain_text, roman


_EMPHASIS = re.compile(r"(\*{1,3})([^*]+)\1")


class TableComposer:
    def _table(self, bang: Bang, path: PathKey) -> DataTable:
        if bang.tu_hoat_dong:
            return self._task_table(bang, path)
        widths = tuple(c.rong for c in bang.cot)
        header = self._header_rows(bang, path)
        cells = self._money_cells(bang, path)
        size = bang.co_chu
        if size is not None:
            header = tuple(tuple(Cell(tuple(Para(p.role, p.runs, p.align, size) for p in c.blocks), c.span, c.merge)
                                 for c in row) for row in header)
        rows = []
        covered = merged_cells(bang.dong, len(bang.cot))
        for i, row in enumerate(bang.dong):
            if row.nhom is not None:
                para = self.para("bang_nhom", row.nhom, path + ("dong", i, "nhom"))
                rows.append((Cell((Para(para.role, para.runs, size=size),), span=len(widths)),))
                continue
            out = []
            for j, cell in enumerate(row.o):
                column = bang.cot[j]
                align = ALIGNMENTS[column.can_le] if column.can_le else ("right" if column.kieu != "chu" else None)
                if (i, j) in covered:  # under a cell merged down: Word's continuation; beside one: nothing
                    top, left = covered[(i, j)]
                    if left == j:
                        origin = bang.dong[top].o[left]
                        out.append(Cell((Para("bang_o", (), align, size),), span=origin.gop_cot, merge="continue"))
                    continue
                span, down = (1, 1) if isinstance(cell, str) else (cell.gop_cot, cell.gop_dong)
                paras = self._cell_paras(cells.get((i, j), row.text(j)), path + ("dong", i, "o", j)
                                         + (() if isinstance(cell, str) else ("noi_dung",)))
                out.append(Cell(tuple(Para(p.role, _emphasis(p.runs, row), align, size) for p in paras), span=span,
                                merge="restart" if down > 1 else None))
            rows.append(tuple(out))
        return DataTable(widths, header, tuple(rows))

    def _cell_paras(self, text: str, path: PathKey, role: str = "bang_o") -> tuple[Para, ...]:
        rendered = self.t(text, path)
        return tuple(Para(role, inline(line)) for line in (rendered.split("\n") if rendered else [""]))

    # money ---------------------------------------------------------------
    def _money_cells(self, bang: Bang, path: PathKey) -> dict[tuple[int, int], str]:
        """The printed text of every cell of a money or number column: amounts
        grouped (1.500.000), totals computed, typed totals checked."""
        out: dict[tuple[int, int], str] = {}
        self._grand_total: Decimal | None = None
        for j, column in enumerate(bang.cot):
            if column.kieu == "chu":
                continue
            values: dict[int, Decimal] = {}
            marks: dict[int, str] = {}
            for i, row in enumerate(bang.dong):
                if row.nhom is not None:
                    continue
                text = row.text(j)
                # "**1.364.329.243**": an amount in bold (or italics) where only some cells of its row are
                mark, inner = (m[1], m[2]) if (m := _EMPHASIS.fullmatch(text.strip())) else ("", text)
                amount = parse_amount(inner)
                if amount is None and any(ch.isdigit() for ch in text) and "{{" not in text:
                    self._problem(path + ("dong", i, "o", j), f"ô `{text}` của cột số không đọc được thành số. "
                                                             "Hãy viết như 1.500.000 hoặc 1500000 (phần lẻ sau "
                                                             "dấu phẩy: 2,5).")
                if amount is not None:
                    values[i], marks[i] = amount, mark
                    out[(i, j)] = mark + amount_text(amount) + mark
            if column.kieu != "tien":
                continue
            lines = _lines(bang.dong)
            for i, row in enumerate(bang.dong):
                if row.tong is None or (i in lines and i in values):  # a group with nothing under it: a line
                    continue
                total = sum((values.get(k, Decimal(0)) for k in _covered(bang.dong, i, lines)), Decimal(0))
                typed = values.get(i)
                if typed is not None and typed != total:
                    self._problem(path + ("dong", i, "o", j),
                                  f"dòng tổng ghi {amount_text(typed)} nhưng cộng các dòng được {amount_text(total)}. "
                                  "Hãy sửa lại số, hoặc để trống ô này để kehoach tự cộng.")
                mark = marks.get(i, "")
                out[(i, j)] = mark + amount_text(total) + mark
                if row.tong == "tat_ca" and self._grand_total is None:
                    self._grand_total = total
        return out

    def _table_blocks(self, bang: Bang, path: PathKey, *, body: bool) -> list:
        """A table with what goes with it: its title and unit line above, its notes
        and the amount in words below. In the body the notes are body paragraphs."""
        blocks: list = []
        if bang.tieu_de:
            blocks.append(self.para("bang_tieu_de", bang.tieu_de, path + ("tieu_de",)))
        if bang.don_vi_tinh:
            blocks.append(self.para("bang_don_vi", bang.don_vi_tinh, path + ("don_vi_tinh",)))
        blocks.append(self._table(bang, path))
        if bang.bang_chu and getattr(self, "_grand_total", None) is not None:
            try:
                words = amount_words(self._grand_total)
            except ValueError as exc:
                self._problem(path + ("bang_chu",), f"không đọc được tổng {amount_text(self._grand_total)} "
                                                    f"thành chữ: {exc}")
            else:
                blocks.append(Para("noi_dung", (Run(f"(Bằng chữ: {words})", italic=True),)))
        for i, text in enumerate(bang.ghi_chu):
            para = self.para("noi_dung" if body else "bang_ghi_chu", text, path + ("ghi_chu", i))
            blocks.append(Para(para.role, tuple(Run(r.text, r.bold, True, r.note) for r in para.runs)) if body
                          else para)
        return blocks

    def _blocks_of(self, khoi: list[Khoi], path: PathKey, *, body: bool = True) -> None:
        """``khoi``: paragraphs, bullet groups and tables in the order written."""
        for i, item in enumerate(khoi):
            here = path + (i,)
            if item.doan is not None:
                self.blocks.append(self.para("noi_dung", item.doan, here + ("doan",)))
            elif item.y:
                start = len(self.blocks)
                self._bullets(item.y, here + ("y",), level=0, marker=item.danh_dau)
                if item.nghieng:  # the whole group in italics, its dashes too (Đắk Lắk 0134/KH-UBND, III)
                    self.blocks[start:] = [Para(b.role, tuple(Run(r.text, r.bold, r.italic if r.note else True, r.note) for r in b.runs),
                                                b.align, b.size) for b in self.blocks[start:]]
            elif item.bang is not None:
                self.blocks.extend(self._table_blocks(item.bang, here + ("bang",), body=body))

    def _header_rows(self, bang: Bang, path: PathKey) -> tuple[tuple[Cell, ...], ...]:
        rows: list[tuple[Cell, ...]] = []
        if bang.dau:
            # Rows written with spans: expand row spans into "continue" cells.
            pending: dict[int, int] = {}  # column -> rows still covered
            for r, row in enumerate(bang.dau):
                cells: list[Cell] = []
                col = 0
                items = iter(enumerate(row))
                while col < len(bang.cot):
                    if pending.get(col, 0) > 0:
                        pending[col] -= 1
                        cells.append(Cell((Para("bang_dau"),), merge="continue"))
                        col += 1
                        continue
                    nxt = next(items, None)
                    if nxt is None:
                        break
                    j, o = nxt
                    merge = None
                    if o.gop_dong > 1:
                        merge = "restart"
                        for k in range(col, col + o.gop_cot):
                            pending[k] = o.gop_dong - 1
                    cells.append(Cell(self._cell_paras(o.noi_dung, path + ("dau", r, j), "bang_dau"),
                                      span=o.gop_cot, merge=merge))
                    col += o.gop_cot
                rows.append(tuple(cells))
        else:
            rows.append(tuple(Cell(self._cell_paras(c.ten, path + ("cot", j), "bang_dau"))
                              for j, c in enumerate(bang.cot)))
        if bang.so_cot:
            rows.append(tuple(Cell((Para("bang_so_cot", (Run(f"({j + 1})"),)),)) for j in range(len(bang.cot))))
        return tuple(rows)

    def _task_table(self, bang: Bang, path: PathKey) -> DataTable:
        names = [c.ten for c in bang.cot] if bang.cot else list(TASK_COLUMNS)
        widths = tuple(c.rong for c in bang.cot) if bang.cot and any(c.rong != 1 for c in bang.cot) \
            else (1.3, 6.0, 2.5, 3.5, 2.5)
        groups = self._activity_groups()
        rows: list[tuple[Cell, ...]] = []
        number = 0
        for g, (title, tasks) in enumerate(groups):
            if len(groups) > 1:
                group = phrase("nhom_bang", roman(g + 1), title.upper())
                rows.append((Cell((Para("bang_nhom", inline(group)),), span=len(names)),))
            for content, activity, apath in tasks:
                number += 1
                lead = ", ".join(activity.chu_tri) or (activity.thuc_hien or "")
                others = "; ".join(activity.phoi_hop)
                when = activity.thoi_gian.text() if activity.thoi_gian else ""
                rows.append((Cell((Para("bang_stt", (Run(str(number)),)),)),
                             Cell((Para("bang_o", inline(content)),)),
                             *(Cell((Para("bang_o", inline(self.t(text, apath))),)) for text in (lead, others, when))))
        if not rows:
            self._problem(path, "bảng lập từ hoạt động nhưng kế hoạch chưa có `hoat_dong` nào.")
        header = self._header_rows(Bang(cot=[{"ten": n} for n in names], so_cot=bang.so_cot, dau=bang.dau), path)
        return DataTable(widths, header, tuple(rows))

    def _activity_groups(self) -> list[tuple[str, list[tuple[str, HoatDong, PathKey]]]]:
        """Activities in document order, grouped by the part that holds them."""
        groups: list[tuple[str, list]] = []

        def walk(muc: Muc, parent: Muc | None, path: PathKey) -> None:
            for i, activity in enumerate(muc.hoat_dong):
                apath = path + ("hoat_dong", i)
                if activity.noi_dung:
                    group, content = muc, self.t(activity.noi_dung, apath + ("noi_dung",))
                else:
                    group, content = parent or muc, self.t(muc.tieu_de or muc.don_vi or muc.noi_dung or "", path)
                title = self.t(group.tieu_de or group.don_vi or group.noi_dung or "", path)
                if not groups or groups[-1][0] != title:
                    groups.append((title, []))
                groups[-1][1].append((plain_text(content).rstrip(":"), activity, apath))
            for i, child in enumerate(muc.muc):
                walk(child, muc, path + ("muc", i))

        for i, muc in enumerate(self.plan.phan):
            walk(muc, None, ("phan", i))
        return groups


def _covered(rows: list[DongBang], index: int, lines: frozenset[int] = frozenset()) -> list[int]:
    """The detail rows a total row adds up: all of them for ``tat_ca``; for a
    group row (``nhom``) those below it, up to the next group row of its level
    or higher, or a grand total. ``lines``: group rows that are lines of their
    own (nothing under them), added up like detail rows."""
    row = rows[index]
    if row.tong == "tat_ca":
        return [k for k, r in enumerate(rows) if (r.tong is None and r.nhom is None) or k in lines]
    covered = []
    for k in range(index + 1, len(rows)):
        other = rows[k]
        if other.tong == "tat_ca" or (other.tong == "nhom" and other.cap <= row.cap):
            break
        if (other.tong is None and other.nhom is None) or k in lines:
            covered.append(k)
    return covered


def _lines(rows: list[DongBang]) -> frozenset[int]:
    """Group rows (``tong: nhom``) with no row under them before the next group of their level:
    a budget line of its own ("III. Thuê dịch vụ tin nhắn … 50.000.000", Đắk Lắk 0134/KH-UBND)."""
    out = set()
    for i, row in enumerate(rows):
        if row.tong != "nhom":
            continue
        below = rows[i + 1] if i + 1 < len(rows) else None
        if below is None or below.tong == "tat_ca" or (below.tong == "nhom" and below.cap <= row.cap):
            out.add(i)
    return frozenset(out)


def _emphasis(runs: tuple[Run, ...], row: DongBang) -> tuple[Run, ...]:
    """A row set bold or italic (a group row with values, a total)."""
    if not (row.dam or row.nghieng):
        return runs
    return tuple(Run(r.text, True if row.dam else r.bold, True if row.nghieng else r.italic, r.note) for r in runs)
