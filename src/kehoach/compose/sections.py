"""The outline of a plan: sections (phần, mục), their labels, bullets, activities,
budget lines and reporting duties, in the order the clerk wrote their keys.

A part of the composer (``compose.document._Composer`` inherits it): the same
text helpers (``t``, ``para``), the same problems list and blocks.
"""

from __future__ import annotations

from kehoach import decree
from kehoach.compose.blocks import Para, Run
from kehoach.compose.phrases import phrase
from kehoach.compose.wording import inline, letter, roman
from kehoach.errors import Problem
from kehoach.plan.dates import money_text
from kehoach.plan.located import PathKey
from kehoach.plan.model import HoatDong, Muc, Y


class SectionComposer:
    def _label(self, muc: Muc, depth: int, index: int, parent_label: str, numbering: list[str]) -> str:
        if muc.so:
            return muc.so
        scheme = numbering[depth - 1]
        if scheme == "I":
            return f"{roman(index)}."
        if scheme == "1":
            return f"{index}."
        if scheme == "1.1":
            return f"{parent_label.rstrip('.)')}.{index}." if parent_label else f"{index}."
        if scheme == "a.":
            return f"{letter(index)}."
        return f"{letter(index)})"

    def _muc(self, muc: Muc, path: PathKey, depth: int, index: int, parent_label: str, numbering: list[str]) -> None:
        if depth > len(numbering):
            self._problem(path, f"mục lồng quá sâu: `danh_so` chỉ có {len(numbering)} cấp "
                                f"({', '.join(numbering)}). Hãy chuyển nội dung này thành các ý `y:` "
                                "hoặc thêm một cấp vào `trinh_bay.danh_so`.")
            return
        label = self._label(muc, depth, index, parent_label, numbering)
        role = f"tieu_de_{depth}"
        heading = muc.tieu_de or muc.don_vi
        heading_key = "tieu_de" if muc.tieu_de else "don_vi"
        order = muc.content_order(self.raw(path))
        run_in = muc.noi_dung
        run_in_path: PathKey = path + ("noi_dung",)
        consumed: set[str] = set()
        # A single task of a unit, a budget sentence or a reporting duty that is
        # the whole content of its part runs in after the heading (seed 2.3, III).
        if heading and run_in is None and len(order) == 1:
            only = order[0]
            if only == "nhiem_vu" and len(muc.nhiem_vu) == 1 and not muc.nhiem_vu[0].y:
                run_in, run_in_path = muc.nhiem_vu[0].noi_dung, path + ("nhiem_vu", 0, "noi_dung")
                consumed.add(only)
            elif only == "kinh_phi" and all(k.so_tien is None for k in muc.kinh_phi):
                run_in, run_in_path = self._budget_sentence(muc, path), None
                consumed.add(only)
            elif only == "bao_cao":
                run_in, run_in_path = self._report_sentence(muc, path), None
                consumed.add(only)
        runs: list[Run] = [Run(label + " ")]
        styles = self.plan.trinh_bay.kieu_tieu_de
        look = decree.HEADING_LOOK[styles[depth - 1]] if depth <= len(styles) else None
        if heading:
            spec = decree.ROLES[role]
            bold, italic = look[:2] if look else (spec.bold, spec.italic)
            title = self.t(heading, path + (heading_key,)).rstrip()
            if run_in is not None:  # the writer adds the ": " that runs the text in; nothing else is dropped
                title = title.rstrip(" :.")
            runs += inline(title.upper() if (look[2] if look else depth == 1) else title)
            if look and (bold, italic) != (spec.bold, spec.italic):  # this office prints the level otherwise
                runs = [Run(r.text, bold if r.bold is None else r.bold, italic if r.italic is None else r.italic,
                            r.note) for r in runs]
            after = [Run(f" ({self.t(muc.vai_tro, path + ('vai_tro',))})", False, False)] if muc.vai_tro else []
            if run_in is None:
                runs += after
            else:
                # A heading with text run in is a body paragraph whose first
                # words look like the heading: it must not keep with the next.
                runs = [Run(r.text, bold or r.bold, italic or r.italic, r.note) for r in runs]
                runs += after + [Run(": ", False, False) if after else Run(": ", bold, italic)]
                role = "noi_dung"
        else:
            role = "noi_dung"
            if self.plan.trinh_bay.so_dam:
                runs = [Run(label, True), Run(" ")]
        if run_in is not None:
            text = self.t(run_in, run_in_path) if run_in_path else run_in
            runs += [Run(r.text, False if r.bold is None else r.bold, False if r.italic is None else r.italic)
                     for r in inline(text)]
        self.blocks.append(Para(role, tuple(runs)))
        if muc.ket_qua_thuc_hien is not None:  # a Báo cáo: its result where it is written (a table may follow)
            written = self.raw(path)
            keys = list(written) if isinstance(written, dict) else []
            later = [k for k in keys[keys.index("ket_qua_thuc_hien") + 1:] if k in order] if (
                "ket_qua_thuc_hien" in keys) else []
            at = order.index(later[0]) if later else len(order)
            order = order[:at] + ("ket_qua_thuc_hien",) + order[at:]
        for key in order:
            if key in consumed:
                continue
            if key == "doan":
                for i, text in enumerate(muc.doan):
                    self.blocks.append(self.para("noi_dung", text, path + ("doan", i)))
            elif key in ("y", "nhiem_vu"):
                self._bullets(getattr(muc, key), path + (key,), level=0, marker=muc.danh_dau)
            elif key == "hoat_dong":
                for i, activity in enumerate(muc.hoat_dong):
                    if activity.trong_noi_dung:
                        self._activity(activity, path + ("hoat_dong", i))
            elif key == "kinh_phi":
                self._budget(muc, path)
            elif key == "bao_cao":
                self.blocks.append(Para("noi_dung", inline(self._report_sentence(muc, path))))
            elif key == "khoi":
                self._blocks_of(muc.khoi, path + ("khoi",))
            elif key == "muc":
                for i, child in enumerate(muc.muc):
                    self._muc(child, path + ("muc", i), depth + 1, i + 1, label, numbering)
            elif key == "ket_qua_thuc_hien":  # what was done, one paragraph a line, or a blank to fill by hand
                lines = [x.strip() for x in muc.ket_qua_thuc_hien.split("\n") if x.strip()] or [decree.BLANK_RESULT]
                for text in lines:
                    self.blocks.append(self.para("noi_dung", text, path + ("ket_qua_thuc_hien",)))

    def _problem(self, path: PathKey, message: str) -> None:
        if self.loaded is not None:
            self.problems.append(self.loaded.problem(path, message))
        else:
            self.problems.append(Problem(message))

    def _bullets(self, items: list[Y], path: PathKey, level: int, marker: str) -> None:
        for i, item in enumerate(items):
            if marker == "a":
                mark = f"{letter(i + 1)})"
            elif marker == "a.":
                mark = f"{letter(i + 1)}."
            else:
                mark = marker if level == 0 else decree.BULLETS[min(level, len(decree.BULLETS) - 1)]
            text = self.t(item.noi_dung, path + (i, "noi_dung"))
            self.blocks.append(Para("noi_dung", (Run(mark + " "),) + inline(text)))
            if item.y and marker == "a.":  # a. → - → +, a list of its own under each letter
                self._bullets(item.y, path + (i, "y"), level=0, marker=decree.BULLETS[0])
            elif item.y:
                sub = decree.BULLETS[1] if marker == decree.BULLETS[0] else decree.BULLETS[0]
                self._bullets(item.y, path + (i, "y"), level + 1, sub)

    def _activity(self, activity: HoatDong, path: PathKey) -> None:
        labels = self.plan.trinh_bay.nhan_hoat_dong
        fields = (
            ("noi_dung", activity.noi_dung),
            ("chu_tri", ", ".join(activity.chu_tri)),
            ("phoi_hop", ", ".join(activity.phoi_hop)),
            ("thuc_hien", activity.thuc_hien),
            ("thoi_gian", activity.thoi_gian.text() if activity.thoi_gian else None),
            ("ket_qua", activity.ket_qua),
            ("ket_qua_thuc_hien", None if activity.ket_qua_thuc_hien is None
             else activity.ket_qua_thuc_hien.strip() or decree.BLANK_RESULT),
        )
        for key, value in fields:
            if value:
                text = self.t(value, path + (key,))
                text = text if text.endswith((".", "!", "?", decree.BLANK_RESULT)) else text + "."
                self.blocks.append(Para("noi_dung", inline(phrase("dong_hoat_dong", getattr(labels, key), text))))

    def _budget_sentence(self, muc: Muc, path: PathKey) -> str:
        sources = [self.t(k.nguon, path + ("kinh_phi", i, "nguon")).rstrip(" ;.") for i, k in enumerate(muc.kinh_phi)]
        return phrase("kinh_phi", sources)

    def _budget(self, muc: Muc, path: PathKey) -> None:
        if all(k.so_tien is None for k in muc.kinh_phi):
            self.blocks.append(Para("noi_dung", inline(self._budget_sentence(muc, path))))
            return
        last = len(muc.kinh_phi) - 1
        for i, source in enumerate(muc.kinh_phi):
            text = self.t(source.nguon, path + ("kinh_phi", i, "nguon")).rstrip(" ;.")
            if source.so_tien is not None:
                text = phrase("nguon_co_tien", text, money_text(source.so_tien))
            self.blocks.append(Para("noi_dung", (Run("- "),) + inline(text + ("." if i == last else ";"))))
        amounts = [k.so_tien for k in muc.kinh_phi if k.so_tien is not None]
        if len(amounts) > 1:
            self.blocks.append(Para("noi_dung", (Run(phrase("tong_kinh_phi", money_text(sum(amounts)))),)))

    def _report_sentence(self, muc: Muc, path: PathKey) -> str:
        report = muc.bao_cao
        base = path + ("bao_cao",)
        periods = [phrase("ky_bao_cao", self.t(k.ten, base + ("ky", i, "ten")), k.han.short())
                   for i, k in enumerate(report.ky)]
        return phrase("bao_cao", self.t(report.don_vi, base + ("don_vi",)), self.t(report.noi_dung, base + ("noi_dung",)),
                      periods, self.t(report.gui_ve, base + ("gui_ve",)),
                      self.t(report.ghi_chu, base + ("ghi_chu",)) if report.ghi_chu else "")
