"""A Word document's content → the data of a plan file, with what to re-check.

The parts are found by content and position, as ``check`` finds them: the
header (a table, or the lines above the title) by the Quốc hiệu, ``Số:`` and
the place-date line; the title by its kind (``KẾ HOẠCH``); the signature by
``Nơi nhận``; the appendices after it. Every guess the reader is unsure of
is noted against the key it produced (``notes``: path → reason), and
becomes a ``# kiểm tra lại: …`` comment in the written file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kehoach import decree
from kehoach.docx.content import Content, Paragraph, SectionEnd, Table
from kehoach.docx.elements import MARKER, NOI_NHAN, PLACE_DATE, SO, doc_type, is_quoc_hieu, is_tieu_ngu, is_upper, norm
from kehoach.errors import InvalidInput, Problem
from kehoach.importing.inline import NOTE_PREFIX, escape, marked, plain
from kehoach.importing.parts import GENERATED, PHU_LUC, filled
from kehoach.importing.outline import Outline, read_bullet, read_label, take_caption
from kehoach.importing.preamble import arrange, entry, line
from kehoach.importing.tables import read_table

KIND_BY_TITLE = {k.ten_loai: k.key for k in decree.KINDS.values() if k.ten_loai}
_NAMES = {"ke-hoach": "kế hoạch", "quyet-dinh": "quyết định", "bao-cao": "báo cáo", "cong-van": "công văn"}
TRICH_YEU_CONG_VAN = decree.TRICH_YEU_CONG_VAN
_NEEDS_SECTIONS = ("ke-hoach", "bao-cao")  # plan/kinds.py: the kinds whose body is `phan`
_KY_HIEU = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$")
_TABLE_CAPTION = re.compile(r"^(Biểu|Bảng|Mẫu)\s*(số\s*)?\d", re.IGNORECASE)  # a table's title, not an appendix's
_CLOSING_MARK = re.compile(r"\s*\.?\s*/\s*\.\s*$")


@dataclass
class Recognised:
    data: dict
    notes: dict[tuple, str] = field(default_factory=dict)
    kind: str = "KẾ HOẠCH"


class _Reader:
    def __init__(self, content: Content, file: str) -> None:
        self.content = content
        self.file = file
        self.notes: dict[tuple, str] = {}
        self.data: dict = {}
        self.title_lines: list[str] = []
        self.kind = decree.DEFAULT_KIND
        self.attached = False  # the plan a Quyết định issues: no number, date or signature of its own

    def note(self, path: tuple, message: str) -> None:
        self.notes.setdefault(path, message)

    # the parts ---------------------------------------------------------------
    def read(self) -> Recognised:
        blocks = self.content.blocks
        title_at = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and doc_type(b.text)), None)
        if title_at is None and self._cong_van(blocks):
            self.kind = "cong-van"
            return self._read_letter(blocks)
        if title_at is None:
            raise InvalidInput([Problem(
                "không tìm thấy tên loại văn bản (dòng \"KẾ HOẠCH\", \"QUYẾT ĐỊNH\", \"BÁO CÁO\" in hoa dưới phần "
                "đầu trang; công văn thì dòng \"V/v …\" dưới số, ký hiệu), nên không nhận ra được loại văn bản. "
                "Hãy kiểm tra lại tệp.", self.file)])
        ten_loai = doc_type(blocks[title_at].text)
        kind = KIND_BY_TITLE.get(ten_loai)
        if kind is None or kind not in _format_kinds():
            known = ", ".join(_NAMES[k] for k in _format_kinds())
            raise InvalidInput([Problem(
                f"văn bản này là {ten_loai.lower()} (dòng tên loại \"{ten_loai}\"); kehoach nhập và soạn {known}. "
                "Hãy chọn tệp văn bản thuộc một trong các loại đó.", self.file)])
        self.kind = kind
        if kind == "quyet-dinh":
            from kehoach.importing.decision import read_decision

            read_decision(self, blocks, title_at)
            return Recognised(self._ordered(), self.notes, kind)
        signature_at = self.signature_at(blocks, title_at)
        self.header(blocks[:title_at])
        body_start = self.title(blocks, title_at)
        self._rest(blocks, body_start, signature_at)
        return Recognised(self._ordered(), self.notes, kind)

    def attached_reader(self) -> "_Reader":
        """A reader for the plan a Quyết định issues (read_decision): no number, date or signature."""
        sub = _Reader(self.content, self.file)
        sub.attached = True
        return sub

    def signature_at(self, blocks: list, start: int) -> int | None:
        return next((i for i, b in enumerate(blocks) if i > start and self._has_noi_nhan(b)), None)

    def closing(self, blocks: list, signature_at: int | None, end: int) -> None:
        """Nơi nhận, signature and the appendices up to ``end``; placeholders, each noted, where the
        original has no signature block."""
        if signature_at is None:
            self.data["noi_nhan"] = ["Lưu: VT"]
            self.note(("noi_nhan",), "bản gốc không có \"Nơi nhận\"; hãy ghi nơi nhận")
            self.data["nguoi_ky"] = {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Họ và tên"}
            self.note(("nguoi_ky",), "bản gốc không có khối chữ ký; hãy ghi người ký")
        else:
            self.signature(blocks, signature_at)
            self.appendices(blocks[signature_at + 1:end])

    def _rest(self, blocks: list, body_start: int, signature_at: int | None) -> None:
        """Body, signature, appendices, layout and footnotes: the same in a plan, a report, a letter."""
        body_end = signature_at if signature_at is not None else len(blocks)
        self.body(blocks[body_start:body_end])
        self.closing(blocks, signature_at, len(blocks))
        self.layout()
        self.footnotes()

    def _read_letter(self, blocks: list) -> Recognised:
        """A Công văn (Mẫu 1.5): no tên loại; its trích yếu is the "V/v …" line of the header."""
        header_end = self._letter_header_end(blocks)
        self.header(blocks[:header_end])
        if "trich_yeu" not in self.data:
            self.data["trich_yeu"] = "Trích yếu"
            self.note(("trich_yeu",), "không đọc được trích yếu sau \"V/v\"; hãy ghi trích yếu")
        self._year()
        self._rest(blocks, header_end, self.signature_at(blocks, header_end - 1))
        if "kinh_gui" not in self.data:
            self.data["kinh_gui"] = "Nơi nhận văn bản"
            self.note(("kinh_gui",), "công văn cần \"Kính gửi\" mà bản gốc không có; hãy ghi nơi nhận")
        return Recognised(self._ordered(), self.notes, self.kind)

    def _letter_header_end(self, blocks: list) -> int:
        """After the header table that holds "V/v …" (or after the "V/v" lines above the body)."""
        for i, block in enumerate(blocks[:12]):
            paras = block.paragraphs() if isinstance(block, Table) else [block] if isinstance(block, Paragraph) else []
            if any(line.startswith(TRICH_YEU_CONG_VAN) for p in paras for line in p.lines()):
                if isinstance(block, Table):
                    return i + 1
                end = i + 1  # the V/v lines go on until the first empty paragraph or the Kính gửi line
                while end < len(blocks) and isinstance(blocks[end], Paragraph) and blocks[end].text.strip() and \
                        not norm(blocks[end].text).startswith("KÍNH GỬI"):
                    end += 1
                return end
        return 0

    def footnotes(self) -> None:
        """Word's footnotes as ``chu_thich`` and ``[^1]`` marks, numbered in reading order."""
        pattern = re.compile(r"\[\^" + NOTE_PREFIX + r"(e?-?\d+)\]")
        names: dict[str, str] = {}

        def rename(match: re.Match) -> str:
            names.setdefault(match[1], str(len(names) + 1))
            return f"[^{names[match[1]]}]"

        def walk(node):
            if isinstance(node, dict):
                return {k: walk(v) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(v) for v in node]
            return pattern.sub(rename, node) if isinstance(node, str) else node

        self.data = walk(self.data)
        self.notes = {tuple(walk(list(path))): message for path, message in self.notes.items()}
        if names:
            texts = self.content.footnotes
            self.data["chu_thich"] = {name: escape(texts.get(word_id) or "…") for word_id, name in names.items()}
            for word_id, name in names.items():
                if not texts.get(word_id):
                    self.note(("chu_thich", name), "không đọc được nội dung chú thích này")

    @staticmethod
    def _cong_van(blocks: list) -> bool:
        """A Công văn: no kind line, its trích yếu "V/v …" under the number (Mẫu 1.5)."""
        for block in blocks[:12]:
            paras = block.paragraphs() if isinstance(block, Table) else [block] if isinstance(block, Paragraph) else []
            if any(line.startswith("V/v") for p in paras for line in p.lines()):
                return True
        return False

    @staticmethod
    def _has_noi_nhan(block) -> bool:
        if isinstance(block, Table):
            return any(NOI_NHAN.match(p.text) for p in block.paragraphs())
        return isinstance(block, Paragraph) and NOI_NHAN.match(block.text) is not None

    def _ordered(self) -> dict:
        if self.kind != decree.DEFAULT_KIND:
            self.data["loai"] = self.kind
        keys = ("loai", "co_quan", "so", "ky_hieu", "dia_danh", "nam", "ngay_ky", "trich_yeu", "tham_quyen", "kem_theo",
                "kinh_gui", "can_cu", "mo_dau", "de_nghi", "phan", "dieu", "thi_hanh", "ket_thuc", "noi_nhan",
                "nguoi_ky", "nguoi_soan", "so_ban", "phu_luc", "chu_thich", "du_thao", "do_mat", "do_khan",
                "trinh_bay", "ke_hoach")
        data = {k: self.data[k] for k in keys if k in self.data}
        data.update({k: v for k, v in self.data.items() if k not in data})
        return data

    # header --------------------------------------------------------------------
    def header(self, blocks: list) -> None:
        lines: list[tuple[str, bool, int]] = []  # (text, bold, cell group)
        for group, block in enumerate(blocks):
            if isinstance(block, Table):
                columns: dict[int, list] = {}
                for row in block.rows:
                    position = 0
                    for cell in row:
                        columns.setdefault(position, []).extend(cell.paragraphs)
                        position += cell.span
                for position, paras in sorted(columns.items()):
                    for para in paras:
                        for line in para.lines():
                            lines.append((line, para.bold, group * 100 + position))
            elif isinstance(block, Paragraph):
                for line in block.lines():
                    lines.append((line, block.bold, group * 100))
        quoc_hieu_group = next((g for text, _, g in lines if is_quoc_hieu(text)), None)
        agency: list[tuple[str, bool]] = []
        seen_so = False
        summary: list[str] = []  # a Công văn's "V/v …" and the lines it runs on to, in its cell
        summary_group = None
        for text, bold, group in lines:
            if is_quoc_hieu(text) or is_tieu_ngu(text) or re.fullmatch(r"[\s_\-–—.]*", text):
                summary_group = None
                continue
            if self._mark(text):  # the draft box, ô 10a/10b: boxed words in the header
                summary_group = None
                continue
            if self.kind == "cong-van" and (text.startswith(TRICH_YEU_CONG_VAN) or group == summary_group) and \
                    not SO.match(text) and not PLACE_DATE.match(text):
                summary.append(text[len(TRICH_YEU_CONG_VAN):] if text.startswith(TRICH_YEU_CONG_VAN) else text)
                summary_group = group
                continue
            summary_group = None
            if match := SO.match(text):
                seen_so = True
                self._number(match)
                continue
            if match := PLACE_DATE.match(text):
                self._place_date(match)
                continue
            if seen_so or (quoc_hieu_group is not None and group == quoc_hieu_group):
                self.data.setdefault("_header_rest", []).append(text)
                continue
            agency.append((text, bold))
        if summary:
            self.data["trich_yeu"] = escape(" ".join(" ".join(summary).split()).strip(" .:"))
            if len(summary) > 1:
                self.note(("trich_yeu",), f"trích yếu gồm {len(summary)} dòng trong bản gốc, đã nối thành một")
        if quoc_hieu_group is None:
            self.note(("co_quan",), "không thấy Quốc hiệu ở đầu văn bản; phần đầu trang được đọc theo vị trí")
        issuing = [t for t, b in agency if b] or [t for t, _ in agency[-1:]]
        first_issuing = next((i for i, (t, b) in enumerate(agency) if t in issuing), 0)
        chu_quan = [t for t, _ in agency[:first_issuing]]
        ten = [t for t, _ in agency[first_issuing:]]
        if not ten:
            ten = ["ỦY BAN NHÂN DÂN"]
            self.note(("co_quan", "ten"), "không đọc được tên cơ quan ban hành; hãy ghi lại")
        co_quan: dict = {}
        if chu_quan:
            co_quan["chu_quan"] = [escape(t) for t in chu_quan[-2:]]
            if len(chu_quan) > 2:
                self.note(("co_quan", "chu_quan"), "tên cơ quan chủ quản dài hơn 2 dòng; đã giữ 2 dòng cuối")
        co_quan["ten"] = [escape(t) for t in ten[:4]]
        if len(ten) > 4:
            self.note(("co_quan", "ten"), "tên cơ quan dài hơn 4 dòng; đã giữ 4 dòng đầu")
        self.data["co_quan"] = co_quan
        rest = self.data.pop("_header_rest", [])
        if rest:
            self._pending_preamble = rest
        if "dia_danh" not in self.data and not self.attached:
            self.data["dia_danh"] = "Địa danh"
            self.note(("dia_danh",), "không thấy dòng địa danh, ngày tháng; hãy ghi địa danh")

    def _number(self, match: re.Match) -> None:
        number = match["number"]
        # As printed: "05" stays "05" (the number is text in the plan format); no number, left blank.
        self.data["so"] = (int(number) if not number.startswith("0") else number) if number and int(number) else None
        symbol = match["symbol"].strip(" .;,")
        symbol_of_kind = decree.KINDS[self.kind].symbol
        symbol = self._symbol_of_kind(symbol, symbol_of_kind)
        if _KY_HIEU.match(symbol):
            # The kind's own default (KH-UBND for a plan) is left out, as a clerk leaves it out; a Công
            # văn always names its ký hiệu (it has no kind abbreviation to default to).
            if not symbol_of_kind or symbol != f"{symbol_of_kind}-UBND":
                self.data["ky_hieu"] = symbol
        else:
            cleaned = re.sub(r"\s+", "", symbol)
            if _KY_HIEU.match(cleaned):
                self.data["ky_hieu"] = cleaned
                self.note(("ky_hieu",), f"ký hiệu trong bản gốc là \"{symbol}\"")
            else:
                fallback = f"{symbol_of_kind}-UBND" if symbol_of_kind else "UBND-VP"
                if not symbol_of_kind:
                    self.data["ky_hieu"] = fallback
                self.note(("ky_hieu",), f"không đọc được ký hiệu \"{symbol}\"; dùng {fallback}")

    def _mark(self, text: str) -> bool:
        """"DỰ THẢO" ("Dự thảo lần 2") above the header; the secrecy and urgency marks under the number."""
        value = norm(text)
        if value in decree.SECRECY_MARKS and "do_mat" not in self.data:
            self.data["do_mat"] = value
        elif value in decree.URGENCY_MARKS and "do_khan" not in self.data:
            self.data["do_khan"] = value
        elif re.fullmatch(r"DỰ THẢO( LẦN (\d{1,2}|THỨ \w+))?", value) and "du_thao" not in self.data:
            self.data["du_thao"] = True if value == decree.DRAFT_LABEL else value.capitalize()
        else:
            return False
        return True

    def _symbol_of_kind(self, symbol: str, expected: str | None) -> str:
        """The ký hiệu opens with the kind's abbreviation ([P1] II.3.b): "ĐKT-SCT" under "BÁO CÁO" becomes
        "BC-ĐKT-SCT" (nothing the office wrote is lost); another kind's abbreviation is replaced."""
        opening = re.split(r"[^\wĐđ]", symbol, maxsplit=1)[0]
        if not expected or not opening or norm(opening) == norm(expected):
            return symbol
        if opening in decree.TYPE_SYMBOLS.values():
            fixed = expected + symbol[len(opening):]
        else:
            fixed = f"{expected}-{symbol}"
        self.note(("ky_hieu",), f"ký hiệu trong bản gốc là \"{symbol}\"; Nghị định 30 mở đầu ký hiệu bằng chữ viết "
                                f"tắt tên loại ({expected}-…, Phụ lục I, mục II.3.b), nên kehoach ghi {fixed}")
        return fixed

    def _place_date(self, match: re.Match) -> None:
        self.data["dia_danh"] = escape(" ".join(match["place"].split()))
        day, month, year = (match[k].strip(" .") for k in ("day", "month", "year"))
        day = int(day) if day.isdigit() else None
        month = int(month) if month.isdigit() else None
        year = int(year)
        if day and month and 1 <= month <= 12:
            self.data["ngay_ky"] = f"{day:02d}/{month:02d}/{year}"
        elif month and 1 <= month <= 12:
            self.data["ngay_ky"] = {"thang": month, "nam": year}
        else:
            self.data["ngay_ky"] = {"nam": year}
        self._signing_year = year

    # title ---------------------------------------------------------------------
    def title(self, blocks: list, at: int) -> int:
        lines = []
        lines_read = 0
        i = at + 1
        while i < len(blocks) and len(lines) < 4:
            block = blocks[i]
            if not isinstance(block, Paragraph):
                break
            text = block.text.strip()
            if not text:
                if lines:
                    break
                i += 1
                continue
            if text.startswith("(") or not block.bold:
                break
            if self.kind == "quyet-dinh" and lines and is_upper(text):  # the authority under the trích yếu
                break
            lines.append(plain(block.spans))
            lines_read += len(block.lines())
            i += 1
        if not lines:
            self.data["trich_yeu"] = "Trích yếu"
            self.note(("trich_yeu",), "không thấy trích yếu dưới tên loại; hãy ghi trích yếu")
        else:
            self.data["trich_yeu"] = " ".join(" ".join(lines).split()).rstrip(" .")
            if lines_read > 1:
                self.note(("trich_yeu",), f"trích yếu gồm {lines_read} dòng trong bản gốc, đã nối thành một")
        self._year()
        return i

    def _year(self) -> None:
        """``nam``: the year the trích yếu names, or the year of signing."""
        year = re.search(r"\bnăm (\d{4})\b", self.data["trich_yeu"])
        if year:
            self.data["nam"] = int(year[1])
        elif self.attached:  # the Quyết định's year, inherited
            return
        elif getattr(self, "_signing_year", None) is not None:
            self.data["nam"] = self._signing_year
            self.note(("nam",), "năm kế hoạch lấy theo năm ký văn bản")
        else:
            self.data["nam"] = 2025
            self.note(("nam",), "không đọc được năm kế hoạch; hãy ghi năm")

    # body ----------------------------------------------------------------------
    def body(self, blocks: list) -> None:
        paras = [b for b in blocks if filled(b)]
        closing = self._closing(paras)
        outline = Outline(self.notes, ("phan",))
        self.outline = outline
        opening = [line(t, "dòng này ở phần đầu trang của bản gốc") for t in getattr(self, "_pending_preamble", [])]
        self.pending_kinh_gui = None
        apart = set()  # Kính gửi and the lines under the title: their own spacing, not the body's
        for block in paras[:len(paras) - len(closing)]:
            if self.pending_kinh_gui is not None and not opening and self._kinh_gui_more(block):
                apart.add(id(block))
                continue
            self.pending_kinh_gui = None
            if isinstance(block, Table):
                if not opening and not outline.phan and self._kinh_gui_table(block):
                    continue
                self._body_table(block, outline, opening)
                continue
            if outline.add(block):
                continue
            if not opening and self._title_part(block):
                apart.add(id(block))
                continue
            opening.append(entry(block))
        if isinstance(self.data.get("kinh_gui"), dict):
            self.data["kinh_gui"].pop("_dashes", None)
            if not self.data["kinh_gui"]["noi"]:
                del self.data["kinh_gui"]
            elif list(self.data["kinh_gui"]) == ["noi"]:  # the short form a clerk writes
                noi = self.data["kinh_gui"]["noi"]
                self.data["kinh_gui"] = noi[0] if len(noi) == 1 else noi
        for text in reversed(self.title_lines):  # no key of their own yet: kept as the first paragraphs
            opening.insert(0, line(text, "dòng này nằm dưới tên văn bản trong bản gốc; kehoach chưa có khóa riêng "
                                         "cho nó nên in thành đoạn mở đầu (sau căn cứ)", marked_text=True))
        outline.finish()
        if not outline.phan and self.kind in _NEEDS_SECTIONS:  # the paragraphs after the bases become one part
            last_base = max((i for i, e in enumerate(opening) if e.kind != "doan"), default=-1)
            moved = [e.text for e in opening[last_base + 1:]]
            opening = opening[:last_base + 1]
            self.data["phan"] = [{"tieu_de": "Nội dung", "doan": moved or ["…"]}]
            self.note(("phan",), "bản gốc không có mục đánh số (I., 1.…); toàn bộ nội dung được đặt vào một mục")
        can_cu, mo_dau, notes = arrange(opening)
        for path, message in notes.items():
            self.note(path, message)
        if can_cu:
            self.data["can_cu"] = can_cu
        if mo_dau:
            self.data["mo_dau"] = mo_dau
        if outline.phan:
            self.data["phan"] = outline.phan
        if closing:
            texts = [marked(p.spans) for p in closing]
            texts[-1] = _CLOSING_MARK.sub("", texts[-1]).rstrip()
            self.data["ket_thuc"] = [t for t in texts if t]
        numbering = outline.numbering()
        if numbering:
            self.data.setdefault("trinh_bay", {})["danh_so"] = numbering
        styles = outline.heading_styles()
        if styles:
            self.data.setdefault("trinh_bay", {})["kieu_tieu_de"] = styles
        if outline.bold_number():
            self.data.setdefault("trinh_bay", {})["so_dam"] = True
        self.body_paragraphs = [b for b in paras if isinstance(b, Paragraph) and id(b) not in apart]

    def _title_part(self, para: Paragraph) -> bool:
        """"(Ban hành kèm theo …)" and "Kính gửi: …" under the title: kept where the format has a key."""
        text = " ".join(para.text.split())
        if text.startswith("(") and "kèm theo" in text.lower() and text.endswith(")"):
            if "kem_theo" in _plan_keys():
                self.data["kem_theo"] = escape(text)
            else:
                self.title_lines.append(marked(para.spans))
            return True
        if norm(text).startswith("KÍNH GỬI"):
            first = re.sub(r"^\S+\s+\S+\s*:?", "", text).strip()
            recipients = [r.lstrip("-–• ").rstrip(" ;.,") for r in first.split(";")] if first else []
            if "kinh_gui" in _plan_keys():
                self.data["kinh_gui"] = {"noi": [escape(r) for r in recipients if r]}
                self.pending_kinh_gui = self.data["kinh_gui"]
            else:
                self.title_lines.append(marked(para.spans))
            return True
        return False

    def _kinh_gui_table(self, table: Table) -> bool:
        """"Kính gửi:" in a cell and the recipients in the next, as some offices lay it out."""
        cells = [c for row in table.rows for c in row if c.text.strip()]
        if not cells or not norm(cells[0].text).startswith("KÍNH GỬI") or "kinh_gui" not in _plan_keys():
            return False
        first = re.sub(r"^\S+\s+\S+\s*:?", "", " ".join(cells[0].text.split())).strip()
        lines = ([first] if first else []) + [line for c in cells[1:] for p in c.paragraphs for line in p.lines()]
        names = [escape(line.lstrip("-–•+ ").rstrip(" ;.,")) for line in lines]
        self.data["kinh_gui"] = {"noi": [n for n in names if n]}
        self.note(("kinh_gui",), "trong bản gốc, \"Kính gửi\" nằm trong một bảng; kehoach in thành đoạn văn")
        return True

    def _kinh_gui_more(self, block) -> bool:
        """The "- …;" lines and the "(Theo …)" line that follow "Kính gửi:"."""
        kinh_gui = self.pending_kinh_gui
        if not isinstance(block, Paragraph) or "ghi_chu" in kinh_gui:
            return False
        text = " ".join(block.text.split())
        if read_bullet(block) is not None and not kinh_gui["noi"] or (
                read_bullet(block) is not None and kinh_gui.get("_dashes")):
            kinh_gui["noi"].append(escape(text.lstrip("-–•+ ").rstrip(" ;.,")))
            kinh_gui["_dashes"] = True
            return True
        if text.startswith("(") and text.endswith(")"):
            kinh_gui.pop("_dashes", None)
            kinh_gui["ghi_chu"] = marked(block.spans)
            return True
        kinh_gui.pop("_dashes", None)
        return False

    @staticmethod
    def _closing(paras: list) -> list[Paragraph]:
        """The closing paragraphs: from "Trên đây …" (or the last paragraph ending "./.") to the end."""
        tail: list[Paragraph] = []
        for block in reversed(paras):
            if not isinstance(block, Paragraph) or read_label(block) or read_bullet(block):
                break
            tail.insert(0, block)
        for i, para in enumerate(tail):
            if para.text.strip().startswith("Trên đây"):
                return tail[i:]
        if tail and _CLOSING_MARK.search(tail[-1].text):
            return tail[-1:]
        return []

    def _body_table(self, table: Table, outline: Outline, opening: list) -> None:
        bang, notes = read_table(table)
        if outline.add_table(bang, notes):
            return
        message = ("bảng trước mục đầu tiên: phần mở đầu của kế hoạch chưa có bảng, nên mỗi dòng của bảng thành "
                   "một đoạn")
        for row in table.rows:
            text = " | ".join(c.text.replace("\n", " ") for c in row)
            if text.strip(" |"):
                opening.append(line(text, message))

    # signature -------------------------------------------------------------------
    def signature(self, blocks: list, at: int) -> None:
        block = blocks[at]
        if isinstance(block, Table):
            cells = [cell for row in block.rows for cell in row]
            label_cell = next(c for c in cells if any(NOI_NHAN.match(p.text) for p in c.paragraphs))
            self._recipients([line for p in label_cell.paragraphs for line in p.lines()])
            signer = [p for c in cells if c is not label_cell for p in c.paragraphs]
            self._signer(signer)
        else:
            following = [b for b in blocks[at + 1:at + 30] if isinstance(b, Paragraph)]
            lines = [block.text]
            for para in following:
                if not para.text.strip() and len(lines) > 1:
                    break
                lines += para.lines()
            self._recipients(lines)
            self.data["nguoi_ky"] = {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Họ và tên"}
            self.note(("nguoi_ky",), "không đọc được khối chữ ký (không nằm trong bảng); hãy ghi người ký")

    def _recipients(self, lines: list[str]) -> None:
        items = []
        for line in lines:
            text = NOI_NHAN.sub("", line, count=1).strip() if NOI_NHAN.match(line) else line.strip()
            text = text.lstrip("-–•").strip().rstrip(" ;.,")
            if text:
                items.append(escape(text))
        if not items or not re.match(r"^Lưu\b", items[-1]):
            for i, item in enumerate(items):
                if re.match(r"^Lưu\b", item):
                    items.append(items.pop(i))
                    break
            else:
                items.append("Lưu: VT")
                self.note(("noi_nhan", len(items) - 1), "bản gốc không có dòng \"Lưu\"; đã thêm \"Lưu: VT\"")
        if not re.match(r"^Lưu\s*:", items[-1]):
            self.note(("noi_nhan", len(items) - 1), "dòng \"Lưu\" thiếu dấu hai chấm; kehoach tự in \"Lưu: \"")
        # Ô 12: the typist's initials and the number of copies, "PL.(300)", at the end of the Lưu line
        if typist := re.search(r",\s*([A-Za-zĐđ]{1,6})\.\((\d{1,5})\)$", items[-1]):
            self.data["nguoi_soan"] = typist[1]
            self.data["so_ban"] = int(typist[2])
            items[-1] = items[-1][:typist.start()].rstrip()
        self.data["noi_nhan"] = items

    def _signer(self, paras: list[Paragraph]) -> None:
        entries: list[tuple[str, int]] = []  # (line, empty paragraphs before it)
        gap = 0
        for para in paras:
            lines = para.lines()
            if not lines:
                gap += 1
                continue
            for line in lines:
                entries.append((line, gap))
                gap = 0
        authority: list[str] = []
        rest: list[tuple[str, int]] = []
        for line, before in entries:
            if not rest and is_upper(line) and not (authority and before >= 2):
                authority.append(line)
            else:
                rest.append((line, before))
        rest = [(line, before) for line, before in rest if not (line.startswith("(") and line.endswith(")"))]
        signer: dict = {}
        chuc_vu = []
        for line in authority:
            match = MARKER.match(line + " ")
            if match:
                words = line[len(match[1]):].lstrip(". ").strip()
                if match[1] == "TM":
                    signer["thay_mat"] = escape(words)
                else:
                    signer["quyen_han"] = match[1]
                    signer["cap_truong"] = escape(words)
                if not match[2]:
                    self.note(("nguoi_ky",), f"bản gốc thiếu dấu chấm sau \"{match[1]}\"; kehoach tự in")
            else:
                chuc_vu.append(line)
        if chuc_vu:
            signer["chuc_vu"] = escape(" ".join(chuc_vu))
        if rest:
            signer["ho_ten"] = escape(rest[0][0])
            gap = rest[0][1]
            if decree.SIGNATURE_LINES_MIN <= gap <= 8 and gap != decree.SIGNATURE_LINES:
                self.data.setdefault("trinh_bay", {})["khoang_ky"] = gap
            if len(rest) > 1:
                signer["dong_duoi_ten"] = escape(" ".join(line for line, _ in rest[1:]))
        else:
            signer["ho_ten"] = "Họ và tên"
            self.note(("nguoi_ky", "ho_ten"), "không đọc được họ tên người ký")
        if not (signer.get("thay_mat") or signer.get("quyen_han") or signer.get("chuc_vu")):
            signer["chuc_vu"] = "CHỦ TỊCH"
            self.note(("nguoi_ky", "chuc_vu"), "không đọc được chức vụ người ký")
        if signer.get("quyen_han") == "KT" and not signer.get("chuc_vu"):
            signer["chuc_vu"] = "PHÓ " + signer.get("cap_truong", "CHỦ TỊCH")
            self.note(("nguoi_ky", "chuc_vu"), "bản gốc ký KT. mà không ghi chức vụ cấp phó")
        order = ("thay_mat", "quyen_han", "cap_truong", "chuc_vu", "ho_ten", "dong_duoi_ten")
        self.data["nguoi_ky"] = {k: signer[k] for k in order if k in signer}

    # appendices ------------------------------------------------------------------
    def appendices(self, blocks: list) -> None:
        """Each appendix: its label ("Phụ lục I"), title, "(Kèm theo …)" line, paragraphs,
        first table (``bang``), then what follows in order (``khoi``: paragraphs, more tables)."""
        appendices: list[_Appendix] = []
        in_section: list[_Appendix] = []
        new_page = False
        for at, block in enumerate(blocks):
            if isinstance(block, SectionEnd):  # it describes the section it ends: the appendices begun in it
                for appendix in in_section:
                    appendix.landscape = appendix.landscape or block.landscape
                in_section = []
                new_page = True
                continue
            if not filled(block):
                if isinstance(block, Paragraph) and block.page_break:
                    new_page = True
                continue
            current = appendices[-1] if appendices else None
            if isinstance(block, Paragraph):
                text = block.text.strip()
                label = PHU_LUC.match(text) if len(text) < 200 else None
                title_like = block.bold and block.alignment == "center" and not _TABLE_CAPTION.match(text)
                # On a new page, a bold centred label of the office's own ("Biểu 01") over the title
                own_label = (new_page or current is None) and block.bold and block.alignment == "center" and \
                    len(text) < 60 and label is None and _next_is_title(blocks, at)
                if label is not None or own_label or (
                        title_like and (current is None or (new_page and current.stage != "label"))):
                    current = _Appendix(len(appendices))
                    appendices.append(current)
                    in_section.append(current)
                    if own_label:
                        current.nhan = plain(block.spans)
                        new_page = block.page_break
                        continue
                    if label is not None and not label["rest"] and text.endswith(":"):
                        current.nhan = text  # "Phụ lục số 01:", its colon as the office wrote it
                        new_page = block.page_break
                        continue
                    if label is not None:
                        current.so = escape(label["so"]) if label["so"] else None
                        if label["rest"]:
                            current.title.append(escape(label["rest"].strip()))
                            current.stage = "title"
                        new_page = block.page_break
                        continue
                new_page = block.page_break
                if current is None:
                    continue
                current.paragraph(block, self)
            else:
                new_page = False
                if current is None:
                    current = _Appendix(len(appendices))
                    appendices.append(current)
                    in_section.append(current)
                signing = _signing_line(block)
                if signing is not None:  # the signature line of a form: "LÃNH ĐẠO ĐƠN VỊ" / "(Ký tên, đóng dấu)"
                    current.ky = signing
                    continue
                bang, notes = read_table(block)
                for message in notes:
                    self.note(("phu_luc", current.index, "bang"), message)
                current.table(bang)
        for appendix in in_section:  # the last section is described by the body's own sectPr
            appendix.landscape = appendix.landscape or self.content.landscape_last
        if appendices:
            self.data["phu_luc"] = [a.data(self) for a in appendices]


    # layout ----------------------------------------------------------------------
    def layout(self) -> None:
        paras = [p for p in getattr(self, "body_paragraphs", []) if p.text.strip()]
        layout = self.data.setdefault("trinh_bay", {})
        sizes = Counter(p.size for p in paras if p.size)
        if sizes:
            size = sizes.most_common(1)[0][0]
            if size in decree.SIZE_SETS and size != decree.DEFAULT_SIZE_SET:
                layout["co_chu"] = int(size)
        indents = Counter(round(p.first_line_cm, 2) for p in paras)
        if indents:
            indent = indents.most_common(1)[0][0]
            if abs(indent - 1.27) <= 0.03:
                layout["thut_dau_dong"] = 1.27
        spacings = Counter(p.line_spacing for p in paras)
        if spacings:
            rule, value = spacings.most_common(1)[0][0]
            if rule == "auto" and decree.LINE_SPACING.low <= value <= decree.LINE_SPACING.high and \
                    abs(value - decree.LINE_SPACING.preferred) > 0.01:
                layout["gian_dong"] = round(value, 2)
        margins = {}
        for name, value in zip(("tren", "duoi", "trai", "phai"), self.content.margins_mm):
            if value is None:
                continue
            allowed = decree.MARGINS[name]
            value = round(value, 1)
            if not allowed.contains(value, tolerance=0):
                self.note(("trinh_bay",), "lề trang của bản gốc nằm ngoài khoảng Nghị định 30 cho phép; "
                                          "kehoach dùng lề mặc định")
                continue
            if abs(value - allowed.preferred) > 0.05:
                margins[name] = int(value) if value == int(value) else value
        if margins:
            layout["le"] = margins
        order = ("co_chu", "le", "thut_dau_dong", "gian_dong", "danh_so", "kieu_tieu_de", "so_dam", "khoang_ky")
        if layout:
            self.data["trinh_bay"] = {k: layout[k] for k in order if k in layout}
        else:
            del self.data["trinh_bay"]


class _Appendix:
    """An appendix being read, in stages: label → title → body (→ table → after it)."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.so: str | None = None
        self.nhan: str | None = None
        self.title: list[str] = []
        self.summary: list[str] = []  # the bold lower-case line under the title (trich_yeu)
        self.kem_theo: str | None = None
        self.landscape = False
        self.items: list[tuple] = []  # as outline items: ("doan", text, para) | ("bang", bang, [])
        self.ky: dict | None = None
        self.stage = "label"

    def paragraph(self, para: Paragraph, reader: _Reader) -> None:
        text = para.text.strip()
        if self.stage in ("label", "title") and para.bold and para.alignment == "center" and not text.startswith("("):
            if self.title and all(is_upper(t) for t in self.title) and not is_upper(text):
                self.summary.append(plain(para.spans))  # "kết quả thực hiện năm 2025" under "DANH SÁCH"
            else:
                self.title.append(plain(para.spans))
            self.stage = "title"
            return
        if self.stage in ("label", "title") and text.startswith("(") and "kèm theo" in text.lower():
            # Kept as written unless it is the very line kehoach writes from the number and date (then it
            # follows a roll): import_document compares it with compose.document.generated_lines.
            self.kem_theo = escape(text.replace("\n", " ").strip("() "))  # its blanks as typed ("số      /KH")
            self.stage = "body"
            return
        last = self.items[-1] if self.items else None
        if last is not None and last[0] == "bang" and self.stage == "after" and para.italic:
            last[1].setdefault("ghi_chu", []).append(marked(para.spans, (False, True)))
            return
        self.items.append(("doan", _labelled(para), para))
        self.stage = "body" if self.stage in ("label", "title", "body") else "more"

    def table(self, bang: dict) -> None:
        take_caption(self.items, bang)
        self.items.append(("bang", bang, []))
        self.stage = "after"

    def data(self, reader: _Reader) -> dict:
        out: dict = {}
        if self.so:
            out["so"] = self.so
        if self.nhan:
            out["nhan"] = escape(self.nhan)
        out["tieu_de"] = " ".join(self.title) if self.title else "Phụ lục"
        if not self.title:
            reader.note(("phu_luc", self.index, "tieu_de"), "không đọc được tên phụ lục")
        if self.summary:
            out["trich_yeu"] = " ".join(self.summary)
        if self.kem_theo:
            out["kem_theo"] = self.kem_theo
            out[GENERATED] = True
        if self.landscape:
            out["ngang"] = True
        items = self.items
        outline_at = next((i for i, item in enumerate(items) if item[0] == "doan" and _part_heading(item[2])), None)
        if outline_at is not None and any(item[0] == "bang" for item in items[outline_at:]):
            outline_at = None  # tables after the outline: kehoach prints an appendix's parts after its tables
        parts = items[outline_at:] if outline_at is not None else []
        items = items[:outline_at] if outline_at is not None else items
        first_table = next((i for i, item in enumerate(items) if item[0] == "bang"), None)
        before = items if first_table is None else items[:first_table]
        if before:
            out["doan"] = [item[1] for item in before]
        if first_table is not None:
            bang = items[first_table][1]
            out["bang"] = {k: bang[k] for k in bang if k != "ghi_chu"} | (
                {"ghi_chu": bang["ghi_chu"]} if "ghi_chu" in bang else {})
            after = items[first_table + 1:]
            if after:
                out["khoi"] = [item[1] if item[0] == "doan" else {"bang": item[1]} for item in after]
        if parts:
            outline = Outline(reader.notes, ("phu_luc", self.index, "phan"))
            for _, _text, para in parts:
                outline.add(para)  # the first is a part's heading, so every paragraph has its part
            outline.finish()
            out["phan"] = outline.phan
            if outline.numbering() != getattr(reader, "outline", outline).numbering():
                reader.note(("phu_luc", self.index, "phan"), "các mục của phụ lục đánh số khác thân văn bản; "
                                                             "kehoach đánh số theo thân văn bản (trinh_bay.danh_so)")
        if self.ky is not None:
            out["ky"] = self.ky
        return out




def _part_heading(para: Paragraph) -> bool:
    """A Roman-numbered bold heading: an appendix that is a whole outline (a report template)."""
    label = read_label(para)
    return label is not None and label.kind == "I" and para.bold


def _next_is_title(blocks: list, at: int) -> bool:
    following = next((b for b in blocks[at + 1:] if filled(b)), None)
    return (isinstance(following, Paragraph) and following.bold and following.alignment == "center"
            and not following.text.strip().startswith("("))


def _signing_line(table: Table) -> dict | None:
    """A one-row table, empty on the left, a bold IN HOA title (and an italic note) on the right."""
    if len(table.rows) != 1 or len(table.rows[0]) != 2 or table.rows[0][0].text.strip():
        return None
    paras = [p for p in table.rows[0][1].paragraphs if p.text.strip()]
    if not paras or len(paras) > 2 or not (paras[0].bold and is_upper(paras[0].text)):
        return None
    ky = {"chuc_vu": plain(paras[0].spans)}
    if len(paras) == 2:
        if not paras[1].italic:
            return None
        ky["ghi_chu"] = plain(paras[1].spans)
    return ky


def _appendix_keys() -> set[str]:
    from kehoach.plan.model import PhuLuc

    return set(PhuLuc.model_fields)


def _format_kinds() -> tuple[str, ...]:
    """The kinds (``loai``) the plan format has today: import writes only what ``render`` reads."""
    from typing import get_args

    from kehoach.plan.model import Plan

    return get_args(Plan.model_fields["loai"].annotation)


def _plan_keys() -> set[str]:
    """The keys the plan format has today: import writes only what ``render`` reads."""
    from kehoach.plan.model import Plan

    return set(Plan.model_fields)


def _labelled(para: Paragraph) -> str:
    """A paragraph of an appendix, its Word-numbered label kept as text."""
    text = marked(para.spans)
    return f"{para.label} {text}" if para.label else text


def recognise(content: Content, file: str) -> Recognised:
    return _Reader(content, file).read()
