"""Appendix tables: written ones, and the task table made from the activities.

A part of the composer (``compose.document._Composer`` inherits it): the same text
helpers (``t``, ``para``), the same problems list.
"""

from __future__ import annotations

from kehoach.compose.blocks import Cell, DataTable, Para, Run
from kehoach.plan.located import PathKey
from kehoach.plan.model import TASK_COLUMNS, Bang, HoatDong, Muc
from kehoach.compose.phrases import phrase
from kehoach.compose.wording import inline, plain_text, roman


class TableComposer:
    def _table(self, bang: Bang, path: PathKey) -> DataTable:
        if bang.tu_hoat_dong:
            return self._task_table(bang, path)
        widths = tuple(c.rong for c in bang.cot)
        header = self._header_rows(bang, path)
        rows = []
        for i, row in enumerate(bang.dong):
            if row.nhom is not None:
                rows.append((Cell((self.para("bang_nhom", row.nhom, path + ("dong", i, "nhom")),), span=len(widths)),))
            else:
                rows.append(tuple(Cell(self._cell_paras(text, path + ("dong", i, "o", j)))
                                  for j, text in enumerate(row.o)))
        return DataTable(widths, header, tuple(rows))

    def _cell_paras(self, text: str, path: PathKey, role: str = "bang_o") -> tuple[Para, ...]:
        rendered = self.t(text, path)
        return tuple(Para(role, inline(line)) for line in (rendered.split("\n") if rendered else [""]))

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
