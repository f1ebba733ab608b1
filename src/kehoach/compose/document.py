"""Plan → neutral blocks: numbering, punctuation, variables, emphasis.

Everything a clerk used to type by hand and get wrong is decided here from
the data: labels (I., 1., 1.1., a)), the ``;`` … ``.`` of căn cứ and Nơi
nhận, the final ``./.``, upper case where the decree asks for it, the
leading zeros of dates and numbers.
"""

from __future__ import annotations

import re
from typing import Any

from kehoach import decree
from kehoach.compose.blocks import Boxed, Cell, Document, Layout, LayoutTable, Para, Run, SectionBreak, ShortLine
from kehoach.compose.kinds import KindComposer
from kehoach.compose.notes import MARK, NoteComposer
from kehoach.compose.sections import SectionComposer
from kehoach.compose.tables import TableComposer
from kehoach.plan.dates import Ngay, date_words, number_text, place_date_line
from kehoach.errors import InvalidInput
from kehoach.plan.located import Loaded, PathKey
from kehoach.plan.model import PREAMBLE_BASES, PhuLuc, Plan, signing_date
from kehoach.compose.phrases import phrase
from kehoach.compose.templating import TemplateProblem, render_text, resolve_variables
from kehoach.compose.wording import agency_in_sentence, end_with, inline, plain_text, roman

# --------------------------------------------------------------- compose --

# All the texts of one document, rendered: a real plan has ~30,000 characters.
MAX_DOCUMENT_CHARS = 2_000_000


def variables(plan: Plan, *, resolve: bool = True) -> dict[str, Any]:
    """The variables every text of the plan may use: ``{{ nam }}``, ``{{ so }}``… and ``bien``,
    each ``bien`` value rendered (``resolve=False``: the built-in ones only)."""
    context: dict[str, Any] = {
        "nam": plan.nam, "nam_truoc": plan.nam - 1, "nam_sau": plan.nam + 1,
        "so": number_text(plan.so).strip(), "ky_hieu": plan.ky_hieu,
    }
    return resolve_variables(context, plan.bien)[0] if resolve else context


class _Composer(KindComposer, SectionComposer, TableComposer, NoteComposer):
    def __init__(self, plan: Plan, loaded: Loaded | None, issued_by: _Composer | None = None) -> None:
        self.plan = plan
        self.loaded = loaded
        self.problems = []
        self.rendered_chars, self.too_long = 0, False
        self.issued_by = issued_by  # the Quyết định composing this plan as its attachment (Mẫu 1.3)
        self.context = self._context()
        if issued_by is not None:  # its variables win: a batch row fills them for both documents
            self.context.update({name: issued_by.context[name] for name in issued_by.plan.bien
                                 if name in issued_by.context})
        self.context["ky_hieu"] = self.symbol()
        self.blocks: list = []

    # text with variables -------------------------------------------------
    def _context(self) -> dict[str, Any]:
        context, problems = resolve_variables(variables(self.plan, resolve=False), self.plan.bien)
        for name, message in problems.items():
            self._problem(("bien", name), message)
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
            rendered = render_text(text, self.context)
        except TemplateProblem as exc:
            self._problem(path, str(exc))
            return text
        self.rendered_chars += len(rendered)
        if self.rendered_chars > MAX_DOCUMENT_CHARS and not self.too_long:
            self.too_long = True
            limit = f"{MAX_DOCUMENT_CHARS:,}".replace(",", ".")
            self._problem(path, f"văn bản dài quá {limit} ký tự tính đến đây (khoảng 700 trang); một kế hoạch "
                                "không dài như vậy. Hãy kiểm tra các biến và bí danh lặp lại nội dung dài.")
        return "" if self.too_long else rendered

    def para(self, role: str, text: str, path: PathKey, *, upper: bool = False) -> Para:
        rendered = self.t(text, path)
        return Para(role, tuple(Run(r.text.upper(), r.bold, r.italic) for r in inline(rendered)) if upper
                    else inline(rendered))

    # document ------------------------------------------------------------
    def compose(self, attached: Any = None) -> Document:
        plan = self.plan
        self._start()
        if plan.loai == "quyet-dinh":
            footnotes = self._decision(_Composer(attached.plan, attached.loaded, issued_by=self)
                                       if attached is not None else None)
        else:
            self._header()
            self._title()
            self._body()
            self._signature()
            self._appendices()
            footnotes = self._notes()
        contact = self._contact()
        if self.problems:
            raise InvalidInput(self.problems)
        tb = plan.trinh_bay
        layout = Layout(tb.co_chu, (tb.le.tren, tb.le.duoi, tb.le.trai, tb.le.phai), tb.thut_dau_dong, tb.gian_dong)
        kind = (decree.KINDS[plan.loai].ten_loai or "Công văn").capitalize()
        return Document(tuple(self.blocks), layout, title=f"{kind} {MARK.sub('', plain_text(self.trich_yeu))}",
                        author=self.agency_sentence(), year=plan.nam, meta={"signed": self._signed_iso()},
                        footnotes=footnotes, first_footer=contact)

    def _start(self) -> None:
        plan = self.plan
        self.context["dia_danh"] = self.t(plan.dia_danh, ("dia_danh",))
        self.agency_lines = [self.t(x, ("co_quan", "ten", i)).upper() for i, x in enumerate(plan.co_quan.ten)]

    def _body(self) -> None:
        plan = self.plan
        if all(item.kind == "doan" and item.nghieng is None for item in plan.mo_dau):  # the form of before
            self._list_paras("can_cu", plan.can_cu, "can_cu")
            for i, item in enumerate(plan.mo_dau):
                self.blocks.append(self.para("noi_dung", item.doan, ("mo_dau", i)))
        else:
            self._preamble()
        numbering = plan.trinh_bay.danh_so
        for i, muc in enumerate(plan.phan):
            self._muc(muc, ("phan", i), depth=1, index=i + 1, parent_label="", numbering=numbering)
        self._closing()
        if not plan.ket_thuc and plan.loai != decree.DEFAULT_KIND:  # a plan keeps the bytes it had
            self._end_mark()

    def _appendices(self) -> None:
        for i, phu_luc in enumerate(self.plan.phu_luc):
            self._appendix(phu_luc, i)

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
        right = [Para("quoc_hieu", (Run(decree.QUOC_HIEU),)), Para("tieu_ngu", (Run(decree.TIEU_NGU),)),
                 ShortLine("tieu_ngu", (decree.TIEU_NGU,), "tieu_ngu")]
        if self.issued_by is not None:  # Mẫu 1.3: the attached plan's header has no number and no date
            self.blocks.append(LayoutTable("dau_trang", ((Cell(tuple(left)), Cell(tuple(right))),)))
            return
        number: tuple = (Para("so_ky_hieu", (Run(f"Số: {number_text(plan.so)}/{self.symbol()}"),)),)
        if decree.KINDS[plan.loai].ten_loai is None:  # Mẫu 1.5: "V/v …" under the number
            number += (Para("trich_yeu_cong_van", inline(f"{decree.TRICH_YEU_CONG_VAN} {self.summary()}")),)
        date = place_date_line(self.context["dia_danh"], *signing_date(plan.ngay_ky, plan.nam))
        if plan.du_thao:  # practice: the draft's frame above the header
            label = plan.du_thao if isinstance(plan.du_thao, str) else decree.DRAFT_LABEL
            self.blocks.append(Boxed(Para("du_thao", (Run(label.upper()),))))
        # Ô 10a, 10b: under the number, at the left ([P1] IV, sơ đồ)
        marks = [Boxed(Para("dau_muc_do", (Run(mark),)), sizes[mark], decree.MARK_HEIGHT_MM, decree.MARK_COLOR)
                 for mark, sizes in ((plan.do_mat, decree.SECRECY_MARKS), (plan.do_khan, decree.URGENCY_MARKS))
                 if mark]
        self.blocks.append(LayoutTable("dau_trang", (
            (Cell(tuple(left)), Cell(tuple(right))),
            (Cell((*number, *marks)), Cell((Para("dia_danh_ngay", (Run(date),)),))),
        )))

    def summary(self) -> str:
        self.trich_yeu = self.t(self.plan.trich_yeu, ("trich_yeu",)).rstrip(" .")
        return self.trich_yeu

    def _title(self) -> None:
        self.summary()
        ten_loai = decree.KINDS[self.plan.loai].ten_loai
        if ten_loai is None:  # a Công văn: its trích yếu is the "V/v" line of the header (Mẫu 1.5)
            self._kinh_gui(self.plan.kinh_gui)
            return
        self.blocks.append(Para("ten_loai", (Run(ten_loai),)))
        self.blocks.append(Para("trich_yeu", inline(self.trich_yeu)))
        kem_theo = self.plan.kem_theo
        if kem_theo is None and self.issued_by is not None:
            kem_theo = self.issued_by.issuing_line()
        if kem_theo is not None:  # Mẫu 1.3: the line goes between the trích yếu and its short line
            self.blocks.append(Para("kem_theo", inline(f"({self._issued_by_line(kem_theo)})")))
        self.blocks.append(ShortLine("trich_yeu", (plain_text(self.trich_yeu),), "trich_yeu"))
        self._kinh_gui(self.plan.kinh_gui)

    def _list_paras(self, key: str, items: list[str], role: str) -> None:
        """One item per paragraph, ``;`` after each and ``.`` after the last ([P1] II.6.b).

        A last căn cứ the clerk ended with ``;`` keeps it when an opening
        paragraph ("Thực hiện …", "Theo đề nghị …") follows, as in Mẫu 1.3."""
        for i, text in enumerate(items):
            mark = "." if i == len(items) - 1 else ";"
            if mark == "." and key == "can_cu" and self.plan.mo_dau and text.rstrip().endswith(";"):
                mark = ";"
            self.blocks.append(self.para(role, end_with(text, mark), (key, i)))

    def _typist(self, luu: str) -> str:
        """Ô 12 ([P1] III.3): the typist's initials and the copies after "Lưu:", as its sample "PL.(300)"."""
        plan = self.plan
        if plan.so_ban and not plan.nguoi_soan:
            self._problem(("so_ban",), "số lượng bản in sau ký hiệu người soạn thảo (ví dụ PL.(300)): hãy thêm "
                                       "`nguoi_soan: PL`.")
        if not plan.nguoi_soan:
            return luu
        mark = plan.nguoi_soan.upper() + (f".({plan.so_ban})" if plan.so_ban else "")
        return re.sub(r"[\s;,.]*$", "", luu) + ", " + mark

    def _contact(self) -> tuple[Para, ...]:
        """Ô 13 ([P1] III.4; Mục V's sample lines: address, "ĐT: …, Fax: …", "E-Mail: …, Website: …")."""
        info = self.plan.lien_he
        if info is None:
            return ()
        base = ("lien_he",)
        lines = [self.t(info.dia_chi, base + ("dia_chi",))] if info.dia_chi else []
        lines.append(", ".join(f"{label}: {value}" for label, value in (("ĐT", info.dien_thoai), ("Fax", info.fax))
                               if value))
        lines.append(", ".join(f"{label}: {value}" for label, value in (("E-Mail", info.email),
                                                                         ("Website", info.website)) if value))
        return tuple(Para("lien_he", (Run(line),)) for line in lines if line)

    def _preamble(self, closing: tuple = ()) -> None:
        """The opening as one ordered sequence. Consecutive bases (căn cứ, "Thực hiện …",
        "Xét đề nghị …") are punctuated as one list ([P1] II.6.b): ";" after each, "." after
        the last; a paragraph (background, lead-in) prints as written. Căn cứ are italic
        ([P1] II.6.a); the rest upright unless ``nghieng`` says otherwise."""
        plan = self.plan
        entries: list[tuple[str | None, str, PathKey, bool]] = [
            ("can_cu", text, ("can_cu", i), True) for i, text in enumerate(plan.can_cu)]
        for i, item in enumerate(plan.mo_dau):
            italic = item.nghieng if item.nghieng is not None else item.kind == "can_cu"
            entries.append((item.kind, item.text, ("mo_dau", i, item.kind), italic))
        entries += closing  # a Quyết định's "Theo đề nghị …" ends the sequence (Mẫu 1.3)
        for k, (kind, text, path, italic) in enumerate(entries):
            if kind in PREAMBLE_BASES:
                following = entries[k + 1][0] if k + 1 < len(entries) else None
                para = self.para("can_cu" if italic else "noi_dung",
                                 end_with(text, ";" if following in PREAMBLE_BASES else "."), path)
            else:
                para = self.para("noi_dung", text, path)
                if italic:
                    para = Para(para.role, tuple(Run(r.text, r.bold, True, r.note) for r in para.runs))
            self.blocks.append(para)

    # body ----------------------------------------------------------------
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
                text = self._typist(text)
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
        if phu_luc.nhan:  # as the office labels it: "Phụ lục số 01:", "Biểu 01"
            self.blocks.append(self.para("phu_luc_nhan", phu_luc.nhan, path + ("nhan",)))
        else:
            self.blocks.append(Para("phu_luc_nhan", (Run(f"Phụ lục {number}".strip()),)))
        self.blocks.append(self.para("phu_luc_tieu_de", phu_luc.tieu_de, path + ("tieu_de",), upper=True))
        if phu_luc.trich_yeu:
            self.blocks.append(self.para("phu_luc_trich_yeu", phu_luc.trich_yeu, path + ("trich_yeu",)))
        kem_theo = (self.t(phu_luc.kem_theo, path + ("kem_theo",)).strip("() ") if phu_luc.kem_theo
                    else self._kem_theo())
        self.blocks.append(Para("kem_theo", inline(f"({kem_theo})")))
        self.blocks.append(ShortLine("kem_theo", (f"({plain_text(kem_theo)})",), "kem_theo"))
        for i, text in enumerate(phu_luc.doan):
            self.blocks.append(self.para("noi_dung", text, path + ("doan", i)))
        if phu_luc.bang is not None:
            self.blocks.extend(self._table_blocks(phu_luc.bang, path + ("bang",), body=False))
        self._blocks_of(phu_luc.khoi, path + ("khoi",), body=False)
        for i, muc in enumerate(phu_luc.phan):  # a whole outline: its own I, II…
            self._muc(muc, path + ("phan", i), depth=1, index=i + 1, parent_label="",
                      numbering=self.plan.trinh_bay.danh_so)
        if phu_luc.ky is not None:
            lines = [Para("quyen_han", (Run(self.t(phu_luc.ky.chuc_vu, path + ("ky", "chuc_vu")).upper()),))]
            if phu_luc.ky.ghi_chu:
                lines.append(self.para("ky_phu_luc_ghi_chu", phu_luc.ky.ghi_chu, path + ("ky", "ghi_chu")))
            self.blocks.append(LayoutTable("ky_phu_luc", ((Cell(()), Cell(tuple(lines))),)))

    def _kem_theo(self) -> str:
        if self.issued_by is not None:  # the appendix of an attached plan goes with the Quyết định
            return self._issued_by_line(self.issued_by.issuing_line())
        plan = self.plan
        day, month, year = signing_date(plan.ngay_ky, plan.nam)
        # A signed date in the short form, as Mẫu 2.1 writes it; blanks in full words.
        date = f"ngày {Ngay(day, month, year).short()}" if day and month else date_words(day, month, year)
        kind = (decree.KINDS[plan.loai].ten_loai or "văn bản").capitalize()
        return phrase("kem_theo", number_text(plan.so), self.symbol(), date, self.agency_sentence(), kind)


def compose(plan: Plan, loaded: Loaded | None = None, attached: Any = None) -> Document:
    """Turn a validated plan into neutral blocks; raise InvalidInput on template problems.
    A Quyết định is composed with the plan it issues (``attached``: plan.attached.Attached)."""
    return _Composer(plan, loaded).compose(attached)


def generated_lines(plan: Plan, loaded: Loaded | None = None, attached: Any = None) -> dict:
    """The "(Kèm theo …)" lines kehoach writes itself, without their brackets: under each
    appendix, and (a Quyết định) under the attached plan's title and its appendices. ``import``
    leaves a line out of the plan file only when this is what the original printed."""
    composer = _Composer(plan, loaded)
    composer._start()
    lines: dict = {"phu_luc": [composer._kem_theo() for _ in plan.phu_luc]}
    if plan.loai == "quyet-dinh" and attached is not None:
        inner = _Composer(attached.plan, attached.loaded, issued_by=composer)
        inner._start()
        issued = inner._issued_by_line(composer.issuing_line())
        lines["ke_hoach"] = {"kem_theo": issued, "phu_luc": [inner._kem_theo() for _ in attached.plan.phu_luc]}
    return lines

