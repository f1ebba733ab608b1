"""What other kinds of document add to a plan's layout, as Phụ lục III draws them.

- "Kính gửi:" (ô 9a) of a Công văn or a Báo cáo (Mẫu 1.5, [P1] II.9.b);
- the line "(Ban hành kèm theo Quyết định số …)" under the title of a plan
  that a Quyết định issues;
- the Quyết định itself (Mẫu 1.3): "QUYẾT ĐỊNH", its trích yếu, the
  authority that issues it, căn cứ ending "Theo đề nghị …", "QUYẾT ĐỊNH:",
  Điều 1…n, Nơi nhận and signature, then the plan on a new page, with its
  own title and no Nơi nhận or signature of its own.

A mixin of the composer: it uses its ``t``, ``para``, ``blocks`` and the
composer of the attached plan.
"""

from __future__ import annotations

import re

from kehoach import decree
from kehoach.compose.blocks import Para, Run, SectionBreak
from kehoach.compose.phrases import phrase
from kehoach.compose.wording import end_with, inline
from kehoach.plan.dates import Ngay, date_words, number_text
from kehoach.plan.model import KemTheo, KinhGui


class KindComposer:
    def symbol(self) -> str:
        """The ký hiệu: as written, or the kind's abbreviation and UBND ([P1] II.3.b)."""
        plan = self.plan
        if "ky_hieu" in plan.model_fields_set or plan.loai == decree.DEFAULT_KIND:
            return plan.ky_hieu
        return f"{decree.KINDS[plan.loai].symbol or 'UBND'}-UBND"

    def issuing_line(self) -> KemTheo:
        """The "(Ban hành kèm theo …)" line this Quyết định gives the plan it issues."""
        day, month, year = (self.plan.ngay_ky.ngay, self.plan.ngay_ky.thang, self.plan.ngay_ky.nam
                            ) if self.plan.ngay_ky else (None, None, None)
        ngay = Ngay(day, month, year or self.plan.nam) if day and month else None
        return KemTheo(so=self.plan.so, ky_hieu=self.symbol(), ngay=ngay, co_quan=self.agency_sentence())

    # the Quyết định ------------------------------------------------------------
    def _decision(self, attached) -> tuple:
        """Mẫu 1.3, then the attached plan on a new page (its own page numbers); the footnotes.
        A Quyết định that issues no plan (``attached`` None) has only its own articles."""
        plan = self.plan
        attached_notes: tuple = ()
        if attached is not None:
            attached._start()
            attached._header()
            attached._title()
            attached._body()
            attached._appendices()
            attached_notes = attached._notes()
            self.problems += attached.problems
        self._header()
        self._title()
        if plan.tham_quyen:
            self.blocks.append(self.para("tham_quyen", plan.tham_quyen, ("tham_quyen",), upper=True))
        # One sequence ([P1] II.6.a-b): căn cứ, the opening lines, "Theo đề nghị …" italic as in Mẫu 1.3.
        self._preamble(closing=(("xet_de_nghi", plan.de_nghi, ("de_nghi",), True),) if plan.de_nghi else ())
        self.blocks.append(Para("quyet_dinh", (Run(decree.QUYET_DINH_LINE),)))
        self._articles(attached.trich_yeu if attached is not None else "")
        self._closing()
        self._signature()
        self._appendices()
        notes = self._notes()
        if notes and attached_notes:  # one numbering for the whole file: kept simple, one of the two
            self._problem(("chu_thich",), "chú thích dùng ở quyết định hoặc ở kế hoạch kèm theo, không dùng cả hai.")
        if attached is not None:
            self.blocks.append(SectionBreak())
            self.blocks += attached.blocks
        return notes or attached_notes

    def _articles(self, plan_summary: str) -> None:
        """Điều 1…n ([P1] II.6.đ): "Điều 1." bold, the text upright; the last one ends "./."."""
        plan = self.plan
        if plan.dieu:
            articles = [(a.tieu_de, a.noi_dung, a.doan, ("dieu", i)) for i, a in enumerate(plan.dieu)]
        else:
            summary = plan_summary[:1].lower() + plan_summary[1:] if plan_summary[1:2].islower() else plan_summary
            who = self.t(plan.thi_hanh, ("thi_hanh",)).rstrip(" .") if plan.thi_hanh else None
            articles = [(None, phrase("dieu_ban_hanh", summary), [], None),
                        (None, phrase("dieu_hieu_luc"), [], None),
                        (None, phrase("dieu_thi_hanh", *([who] if who else [])), [], None)]
        paras: list[Para] = []
        for number, (title, text, more, path) in enumerate(articles, start=1):
            label = f"{decree.DIEU} {number}."
            head = (Run(label, bold=True),)
            if title:
                head += (Run(" "),) + tuple(Run(r.text, True, r.italic) for r in inline(self.t(title, path + ("tieu_de",))))
            body = self.t(text, path + ("noi_dung",)) if path else text
            paras.append(Para("noi_dung", head + (Run(" "),) + inline(body)))
            for j, extra in enumerate(more):
                paras.append(self.para("noi_dung", extra, path + ("doan", j)))
        self.blocks += paras
        if not plan.ket_thuc:
            self._end_mark()

    def _end_mark(self) -> None:
        """Practice in every Phụ lục III sample: the body ends with "./.", here on its last paragraph
        when there is no closing paragraph to carry it."""
        for i in range(len(self.blocks) - 1, -1, -1):
            block = self.blocks[i]
            if isinstance(block, Para) and block.runs and block.role.startswith(("noi_dung", "tieu_de")):
                tail = block.runs[-1]
                text = re.sub(r"[\s.;:]*(\./\.)?$", "", tail.text) + "./."
                self.blocks[i] = Para(block.role, block.runs[:-1] + (Run(text, tail.bold, tail.italic),))
                return

    def _kinh_gui(self, kinh_gui: KinhGui | None, path: tuple = ("kinh_gui",)) -> None:
        """One recipient on the label's line; several each on a "-" line ending ";",
        the last one "." ([P1] II.9.b)."""
        if kinh_gui is None:
            return
        names = [self.t(name, path + ("noi", i)).strip().lstrip("-–+ ").rstrip(" ;.,").strip()
                 for i, name in enumerate(kinh_gui.noi)]
        label = decree.KINH_GUI
        if len(names) == 1:
            self.blocks.append(Para("kinh_gui", (Run(f"{label}: "),) + inline(names[0])))
        else:
            self.blocks.append(Para("kinh_gui", (Run(f"{label}:"),)))
            last = len(names) - 1
            for i, name in enumerate(names):
                self.blocks.append(Para("kinh_gui_muc", (Run("- "),) + inline(end_with(name, "." if i == last else ";"))))
        if kinh_gui.ghi_chu:
            self.blocks.append(self.para("kinh_gui_ghi_chu", kinh_gui.ghi_chu, path + ("ghi_chu",)))

    def _issued_by_line(self, kem_theo: str | KemTheo, path: tuple = ("kem_theo",)) -> str:
        """The text inside "( … )" under the title of a plan issued by another document."""
        if isinstance(kem_theo, str):
            return self.t(kem_theo, path).strip().strip("() ").strip()
        if kem_theo.ngay is not None and kem_theo.ngay.year is not None:
            date = f"ngày {kem_theo.ngay.short()}"
        elif kem_theo.ngay is not None:
            date = f"ngày {Ngay(kem_theo.ngay.day, kem_theo.ngay.month, self.plan.nam).short()}"
        else:
            date = date_words(None, None, self.plan.nam)
        agency = (self.t(kem_theo.co_quan, path + ("co_quan",)) if kem_theo.co_quan else self.agency_sentence())
        return phrase("ban_hanh_kem_theo", self.t(kem_theo.cum_tu, path + ("cum_tu",)),
                      self.t(kem_theo.van_ban, path + ("van_ban",)), number_text(kem_theo.so), kem_theo.ky_hieu, date, agency)
