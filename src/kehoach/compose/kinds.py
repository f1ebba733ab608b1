"""The elements that other kinds of document add to a plan's layout.

"Kính gửi:" (ô 9a) and the line "(Ban hành kèm theo Quyết định số …)" under
the title of a plan that a Quyết định issues; each as Phụ lục I and the
samples of Phụ lục III (Mẫu 1.3, 1.5) draw it. A mixin of the composer: it
uses its ``t``, ``para`` and ``blocks``.
"""

from __future__ import annotations

from kehoach import decree
from kehoach.compose.blocks import Para, Run
from kehoach.compose.phrases import phrase
from kehoach.compose.wording import end_with, inline
from kehoach.plan.dates import Ngay, date_words, number_text
from kehoach.plan.model import KemTheo, KinhGui


class KindComposer:
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
