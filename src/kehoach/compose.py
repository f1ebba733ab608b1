"""Plan → neutral blocks: numbering, punctuation, variables, emphasis.

Everything a clerk used to type by hand and get wrong is decided here from
the data: labels (I., 1., 1.1., a)), the ``;`` … ``.`` of căn cứ and Nơi
nhận, the final ``./.``, upper case where the decree asks for it, the
leading zeros of dates and numbers.
"""

from __future__ import annotations

import re
from typing import Any

from kehoach import rules
from kehoach.blocks import Cell, Document, Layout, LayoutTable, Para, Run, SectionBreak, ShortLine
from kehoach.compose_tables import TableComposer
from kehoach.dates import Ngay, date_words, money_text, number_text, place_date_line
from kehoach.errors import InvalidInput, Problem
from kehoach.loader import Loaded, PathKey
from kehoach.model import HoatDong, Muc, PhuLuc, Plan, Y, signing_date
from kehoach.phrases import phrase
from kehoach.templating import TemplateProblem, render_text
from kehoach.wording import agency_in_sentence, end_with, inline, letter, plain_text, roman

# --------------------------------------------------------------- compose --


class _Composer(TableComposer):
    def __init__(self, plan: Plan, loaded: Loaded | None) -> None:
        self.plan = plan
        self.loaded = loaded
        self.problems = []
        self.context = self._context()
        self.blocks: list = []

    # text with variables -------------------------------------------------
    def _context(self) -> dict[str, Any]:
        plan = self.plan
        context: dict[str, Any] = {
            "nam": plan.nam, "nam_truoc": plan.nam - 1, "nam_sau": plan.nam + 1,
            "so": number_text(plan.so).strip(), "ky_hieu": plan.ky_hieu,
        }
        context.update(plan.bien)
        return context

    def raw(self, path: PathKey) -> Any:
        """The node as written in the file (for the order of keys), or None."""
        node = self.loaded.data if self.loaded is not None else None
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def t(self, text: str, path: PathKey) -> str:
        try:
            return render_text(text, self.context)
        except TemplateProblem as exc:
            self._problem(path, str(exc))
            return text

    def para(self, role: str, text: str, path: PathKey, *, upper: bool = False) -> Para:
        rendered = self.t(text, path)
        return Para(role, tuple(Run(r.text.upper(), r.bold, r.italic) for r in inline(rendered)) if upper
                    else inline(rendered))

    # document ------------------------------------------------------------
    def compose(self) -> Document:
        plan = self.plan
        self.context["dia_danh"] = self.t(plan.dia_danh, ("dia_danh",))
        self.agency_lines = [self.t(x, ("co_quan", "ten", i)).upper() for i, x in enumerate(plan.co_quan.ten)]
        self._header()
        self._title()
        self._list_paras("can_cu", plan.can_cu, "can_cu")
        for i, text in enumerate(plan.mo_dau):
            self.blocks.append(self.para("noi_dung", text, ("mo_dau", i)))
        numbering = plan.trinh_bay.danh_so
        for i, muc in enumerate(plan.phan):
            self._muc(muc, ("phan", i), depth=1, index=i + 1, parent_label="", numbering=numbering)
        self._closing()
        self._signature()
        for i, phu_luc in enumerate(plan.phu_luc):
            self._appendix(phu_luc, i)
        if self.problems:
            raise InvalidInput(self.problems)
        tb = plan.trinh_bay
        layout = Layout(tb.co_chu, (tb.le.tren, tb.le.duoi, tb.le.trai, tb.le.phai), tb.thut_dau_dong, tb.gian_dong)
        return Document(tuple(self.blocks), layout, title=f"Kế hoạch {plain_text(self.trich_yeu)}",
                        author=self.agency_sentence(), year=plan.nam, meta={"signed": self._signed_iso()})

    def agency_sentence(self) -> str:
        if self.plan.co_quan.ten_day_du:
            return self.t(self.plan.co_quan.ten_day_du, ("co_quan", "ten_day_du"))
        return agency_in_sentence(self.agency_lines)

    def _signed_iso(self) -> str:
        """The document's pinned timestamp: the signing day, or the 1st of its month, or 1 January."""
        day, month, year = signing_date(self.plan.ngay_ky, self.plan.nam)
        return f"{year:04d}-{month or 1:02d}-{day or 1:02d}T00:00:00Z"

    def _header(self) -> None:
        plan = self.plan
        left = [self.para("co_quan_chu_quan", x, ("co_quan", "chu_quan", i), upper=True)
                for i, x in enumerate(plan.co_quan.chu_quan)]
        left += [Para("co_quan", (Run(x),)) for x in self.agency_lines]
        left.append(ShortLine("co_quan", tuple(self.agency_lines), "co_quan"))
        right = [Para("quoc_hieu", (Run(rules.QUOC_HIEU),)), Para("tieu_ngu", (Run(rules.TIEU_NGU),)),
                 ShortLine("tieu_ngu", (rules.TIEU_NGU,), "tieu_ngu")]
        so = Para("so_ky_hieu", (Run(f"Số: {number_text(plan.so)}/{plan.ky_hieu}"),))
        date = place_date_line(self.context["dia_danh"], *signing_date(plan.ngay_ky, plan.nam))
        self.blocks.append(LayoutTable("dau_trang", (
            (Cell(tuple(left)), Cell(tuple(right))),
            (Cell((so,)), Cell((Para("dia_danh_ngay", (Run(date),)),))),
        )))

    def _title(self) -> None:
        self.trich_yeu = self.t(self.plan.trich_yeu, ("trich_yeu",)).rstrip(" .")
        self.blocks.append(Para("ten_loai", (Run(rules.TEN_LOAI),)))
        self.blocks.append(Para("trich_yeu", inline(self.trich_yeu)))
        self.blocks.append(ShortLine("trich_yeu", (plain_text(self.trich_yeu),), "trich_yeu"))

    def _list_paras(self, key: str, items: list[str], role: str) -> None:
        """One item per paragraph, ``;`` after each and ``.`` after the last ([P1] II.6.b)."""
        for i, text in enumerate(items):
            mark = "." if i == len(items) - 1 else ";"
            self.blocks.append(self.para(role, end_with(text, mark), (key, i)))

    # body ----------------------------------------------------------------
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
        if heading:
            title = self.t(heading, path + (heading_key,)).rstrip(" :.")
            runs += inline(title.upper() if depth == 1 else title)
            if run_in is not None:
                # A heading with text run in is a body paragraph whose first
                # words look like the heading: it must not keep with the next.
                spec = rules.ROLES[role]
                runs = [Run(r.text, spec.bold or r.bold, spec.italic or r.italic) for r in runs]
                runs.append(Run(": ", spec.bold, spec.italic))
                role = "noi_dung"
        else:
            role = "noi_dung"
        if run_in is not None:
            text = self.t(run_in, run_in_path) if run_in_path else run_in
            runs += [Run(r.text, False if r.bold is None else r.bold, False if r.italic is None else r.italic)
                     for r in inline(text)]
        self.blocks.append(Para(role, tuple(runs)))
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
            elif key == "muc":
                for i, child in enumerate(muc.muc):
                    self._muc(child, path + ("muc", i), depth + 1, i + 1, label, numbering)

    def _problem(self, path: PathKey, message: str) -> None:
        if self.loaded is not None:
            self.problems.append(self.loaded.problem(path, message))
        else:
            self.problems.append(Problem(message))

    def _bullets(self, items: list[Y], path: PathKey, level: int, marker: str) -> None:
        for i, item in enumerate(items):
            if marker == "a":
                mark = f"{letter(i + 1)})"
            else:
                mark = marker if level == 0 else rules.BULLETS[min(level, len(rules.BULLETS) - 1)]
            text = self.t(item.noi_dung, path + (i, "noi_dung"))
            self.blocks.append(Para("noi_dung", (Run(mark + " "),) + inline(text)))
            if item.y:
                sub = rules.BULLETS[1] if marker == rules.BULLETS[0] else rules.BULLETS[0]
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
        )
        for key, value in fields:
            if value:
                text = self.t(value, path + (key,))
                text = text if text.endswith((".", "!", "?")) else text + "."
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

    def _closing(self) -> None:
        items = self.plan.ket_thuc
        for i, text in enumerate(items):
            text = self.t(text, ("ket_thuc", i))
            if i == len(items) - 1:
                # Practice in every Phụ lục III sample: the body ends with "./."
                text = re.sub(r"[\s.]*(\./\.)?$", "", text) + "./."
            self.blocks.append(Para("noi_dung", inline(text)))

    def _signature(self) -> None:
        plan = self.plan
        signer = plan.nguoi_ky
        left: list = [Para("noi_nhan_nhan", (Run("Nơi nhận:"),))]
        last = len(plan.noi_nhan) - 1
        for i, item in enumerate(plan.noi_nhan):
            text = self.t(item, ("noi_nhan", i)).lstrip("-– ").strip()
            if i == last:
                text = re.sub(r"^Lưu\s*:?\s*", "Lưu: ", text)
            left.append(Para("noi_nhan", (Run("- "),) + inline(end_with(text, "." if i == last else ";"))))
        right: list = [Para("quyen_han", (Run(self.t(line, ("nguoi_ky",)).upper()),))
                       for line in signer.authority_lines()]
        right += [Para("quyen_han", ()) for _ in range(plan.trinh_bay.khoang_ky)]
        right.append(self.para("ho_ten", signer.ho_ten, ("nguoi_ky", "ho_ten")))
        if signer.dong_duoi_ten:
            right.append(self.para("duoi_ten", signer.dong_duoi_ten, ("nguoi_ky", "dong_duoi_ten")))
        self.blocks.append(LayoutTable("chu_ky", ((Cell(tuple(left)), Cell(tuple(right))),)))

    # appendices ----------------------------------------------------------
    def _appendix(self, phu_luc: PhuLuc, index: int) -> None:
        path: PathKey = ("phu_luc", index)
        count = len(self.plan.phu_luc)
        self.blocks.append(SectionBreak(landscape=phu_luc.ngang))
        number = phu_luc.so or (roman(index + 1) if count > 1 else "")
        self.blocks.append(Para("phu_luc_nhan", (Run(f"Phụ lục {number}".strip()),)))
        self.blocks.append(self.para("phu_luc_tieu_de", phu_luc.tieu_de, path + ("tieu_de",), upper=True))
        kem_theo = (self.t(phu_luc.kem_theo, path + ("kem_theo",)).strip("() ") if phu_luc.kem_theo
                    else self._kem_theo())
        self.blocks.append(Para("kem_theo", inline(f"({kem_theo})")))
        self.blocks.append(ShortLine("kem_theo", (f"({plain_text(kem_theo)})",), "kem_theo"))
        for i, text in enumerate(phu_luc.doan):
            self.blocks.append(self.para("noi_dung", text, path + ("doan", i)))
        if phu_luc.bang is not None:
            self.blocks.append(self._table(phu_luc.bang, path + ("bang",)))
            for i, text in enumerate(phu_luc.bang.ghi_chu):
                self.blocks.append(self.para("bang_ghi_chu", text, path + ("bang", "ghi_chu", i)))

    def _kem_theo(self) -> str:
        plan = self.plan
        day, month, year = signing_date(plan.ngay_ky, plan.nam)
        # A signed date in the short form, as Mẫu 2.1 writes it; blanks in full words.
        date = f"ngày {Ngay(day, month, year).short()}" if day and month else date_words(day, month, year)
        return phrase("kem_theo", number_text(plan.so), plan.ky_hieu, date, self.agency_sentence())


def compose(plan: Plan, loaded: Loaded | None = None) -> Document:
    """Turn a validated plan into neutral blocks; raise InvalidInput on template problems."""
    return _Composer(plan, loaded).compose()
