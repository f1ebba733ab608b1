"""``kehoach check``: any .docx against Decree 30, finding by finding.

Elements are recognised by their content and position (the Quốc hiệu by its
words, the place-date line by its pattern, Nơi nhận by its label…), never by
kehoach's own style names, so a plan typed by hand in Word is judged by the
same rules as kehoach's output. Every number comes from ``rules``, the module
the writer renders from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from kehoach import rules
from kehoach.dates import day_text, month_text, number_text
from kehoach.docx_read import TWIPS_PER_MM, DocxReader, EmptyDocument, Para, RunFormat, number
from kehoach.metrics import MM_PER_PT, text_width_mm

EMU_PER_MM = 36000  # DrawingML lengths

ERROR, WARNING = "loi", "canh_bao"
MAX_SAME = 5  # findings of one rule listed one by one; the rest are counted
_DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "BÁO CÁO", "THÔNG BÁO", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN",
              "CHỈ THỊ", "NGHỊ QUYẾT", "PHƯƠNG ÁN", "ĐỀ ÁN", "QUY CHẾ", "QUY ĐỊNH")
_PLACE_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?P<day>\S*)\s*tháng\s*(?P<month>\S*)\s*năm\s*(?P<year>\d{4})")
_SO = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<number>\d*)\s*/\s*(?P<symbol>\S*)")
_MARKER = re.compile(r"^(" + "|".join(sorted(rules.SIGNER_MARKERS, key=len, reverse=True)) + r")(\.?)\s")
_LINE_CHARS = re.compile(r"^[\s_\-–—.]{5,}$")


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    clause: str
    paragraph: int | None
    excerpt: str
    expected: str
    found: str

    def __str__(self) -> str:
        kind = "lỗi" if self.severity == ERROR else "cảnh báo"
        where = f"đoạn {self.paragraph} \"{self.excerpt}\"" if self.paragraph else "toàn văn bản"
        return f"{where}: {kind}: {self.rule}: cần {self.expected}; thấy {self.found} ({self.clause})."

    def as_dict(self) -> dict:
        data = asdict(self)
        return {"muc_do": data["severity"], "quy_tac": data["rule"], "dieu_khoan": data["clause"],
                "doan": data["paragraph"], "trich": data["excerpt"], "can": data["expected"], "thay": data["found"]}


_TONE_SWAP = {"OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA", "UỲ": "ÙY", "UỶ": "ỦY", "UÝ": "ÚY",
              "UỸ": "ŨY", "UỴ": "ỤY"}
_OLD_TONES = re.compile("(?:" + "|".join(_TONE_SWAP) + r")(?![A-ZĐ])")


def _norm(text: str) -> str:
    """Uppercase, single spaces, one tone placement (HOÀ = HÒA)."""
    text = unicodedata.normalize("NFC", " ".join(text.split())).upper()
    # Old and new tone placement differ only at the end of a syllable: HOÀ/HÒA, but always HOẠCH.
    return _OLD_TONES.sub(lambda m: _TONE_SWAP[m.group(0)], text)


_ALIGNMENTS = {"both": "canh đều hai lề", "justify": "canh đều hai lề", "distribute": "canh đều hai lề",
               "center": "căn giữa", "right": "căn phải", "end": "căn phải", "left": "căn trái", "start": "căn trái"}


def _alignment(value: str | None) -> str:
    return _ALIGNMENTS.get(value or "left", value or "căn trái")


def _pt(size: float | None) -> str:
    return "không rõ" if size is None else f"{size:g} pt"


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


class _Audit:
    def __init__(self, path: Path | str) -> None:
        self.reader = DocxReader(path)
        self.findings: list[Finding] = []
        self.counts: Counter[str] = Counter()
        self.paras = self.reader.paragraphs

    # recording ------------------------------------------------------------
    def add(self, severity: str, rule: str, clause: str, para: Para | None, expected: str, found: str) -> None:
        self.counts[rule] += 1
        if self.counts[rule] > MAX_SAME:
            return
        self.findings.append(Finding(severity, rule, clause, para.index if para else None,
                                     para.excerpt if para else "", expected, found))

    def finish(self) -> list[Finding]:
        for rule, count in self.counts.items():
            if count > MAX_SAME:
                first = next(f for f in self.findings if f.rule == rule)
                self.findings.append(Finding(first.severity, rule, first.clause, None, "", first.expected,
                                             f"thêm {count - MAX_SAME} đoạn khác cũng vậy"))
        return self.findings

    def size_in(self, para: Para, role: str, label: str, fmt: RunFormat | None = None) -> None:
        spec = rules.ROLES[role]
        fmt = fmt or self.reader.main_format(para)
        if fmt is None:
            return
        low, high = spec.allowed
        if not (low - 0.01 <= fmt.size <= high + 0.01):
            want = f"{low:g} pt" if low == high else f"{low:g}–{high:g} pt"
            self.add(ERROR, f"cỡ chữ {label}", spec.clause, para, want, _pt(fmt.size))

    def style_is(self, para: Para, role: str, label: str) -> None:
        spec = rules.ROLES[role]
        fmt = self.reader.main_format(para)
        if fmt is None:
            return
        if bool(fmt.bold) != spec.bold:
            self.add(ERROR, f"chữ đậm ở {label}", spec.clause, para, "chữ đậm" if spec.bold else "chữ không đậm",
                     "chữ đậm" if fmt.bold else "chữ không đậm")
        if bool(fmt.italic) != spec.italic:
            self.add(ERROR, f"chữ nghiêng ở {label}", spec.clause, para,
                     "chữ nghiêng" if spec.italic else "chữ đứng", "chữ nghiêng" if fmt.italic else "chữ đứng")
        if spec.caps and not (_is_upper(para.text) or fmt.caps):
            self.add(ERROR, f"chữ in hoa ở {label}", spec.clause, para, "IN HOA", "chữ thường")

    # the checks -------------------------------------------------------------
    def run(self) -> list[Finding]:
        self.page()
        self.fonts()
        header = self.header()
        body_start = self.title(header)
        signature = self.signature()
        self.body(body_start, signature)
        self.page_numbers()
        return self.finish()

    def page(self) -> None:
        for i, section in enumerate(self.reader.document.sections):
            if section.page_width is None or section.page_height is None:
                self.add(ERROR, "khổ giấy", "Phụ lục I, mục I.1", None, "A4 (210 × 297 mm)",
                         f"không khai báo khổ giấy (phần {i + 1}); Word sẽ dùng khổ mặc định của máy")
                continue
            width, height = section.page_width.mm, section.page_height.mm
            short, long_ = sorted((width, height))
            if abs(short - rules.PAPER_MM[0]) > 1 or abs(long_ - rules.PAPER_MM[1]) > 1:
                self.add(ERROR, "khổ giấy", "Phụ lục I, mục I.1", None, "A4 (210 × 297 mm)",
                         f"{short:.0f} × {long_:.0f} mm (phần {i + 1})")
            if i == 0 and width > height:
                self.add(ERROR, "hướng trang", "Phụ lục I, mục I.2", None, "trang dọc", "trang ngang")
            for name, value in (("tren", section.top_margin), ("duoi", section.bottom_margin),
                                ("trai", section.left_margin), ("phai", section.right_margin)):
                allowed = rules.MARGINS[name]
                if value is None or not allowed.contains(value.mm, tolerance=0.3):
                    label = {"tren": "trên", "duoi": "dưới", "trai": "trái", "phai": "phải"}[name]
                    self.add(ERROR, f"lề {label}", allowed.clause, None, f"{allowed.low:g}–{allowed.high:g} mm",
                             f"{value.mm:.1f} mm (phần {i + 1})" if value is not None else "không rõ")

    def fonts(self) -> None:
        wrong: dict[str, Para] = {}
        colors: dict[str, Para] = {}
        for para in self.paras:
            for _text, fmt in self.reader.texts_with_format(para):
                for slot in ("ascii", "hAnsi"):
                    name = fmt.fonts.get(slot)
                    if name and name != rules.FONT_NAME and name not in wrong:
                        wrong[name] = para
                if fmt.color and fmt.color.lower() not in ("auto", rules.FONT_COLOR.lower()):
                    colors.setdefault(fmt.color, para)
        for name, para in wrong.items():
            self.add(ERROR, "phông chữ", "Phụ lục I, mục I.4", para, rules.FONT_NAME, name)
        for color, para in colors.items():
            self.add(ERROR, "màu chữ", "Phụ lục I, mục I.4", para, "màu đen", f"màu #{color}")

    # header block ---------------------------------------------------------
    def find(self, predicate, paras: list[Para] | None = None) -> Para | None:
        return next((p for p in (paras or self.paras) if predicate(p)), None)

    def header(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        quoc_hieu = self.find(lambda p: _norm(p.text) == _norm(rules.QUOC_HIEU))
        if quoc_hieu is None:
            self.add(ERROR, "Quốc hiệu", "Phụ lục I, mục II.1", None, rules.QUOC_HIEU, "không có")
            return found
        found["quoc_hieu"] = quoc_hieu
        self.size_in(quoc_hieu, "quoc_hieu", "Quốc hiệu")
        self.style_is(quoc_hieu, "quoc_hieu", "Quốc hiệu")
        self.fits_one_line(quoc_hieu)
        motto = self.find(lambda p: _norm(p.text.replace("–", "-")) == _norm(rules.TIEU_NGU))
        if motto is None:
            self.add(ERROR, "Tiêu ngữ", "Phụ lục I, mục II.1.b", None, rules.TIEU_NGU, "không có")
        else:
            found["tieu_ngu"] = motto
            self.size_in(motto, "tieu_ngu", "Tiêu ngữ")
            self.style_is(motto, "tieu_ngu", "Tiêu ngữ")
            if "–" in motto.text or "—" in motto.text:
                self.add(ERROR, "gạch nối trong Tiêu ngữ", "Phụ lục I, mục II.1.b", motto, "gạch nối (-) có cách chữ",
                         "gạch ngang dài (–)")
            width = self.text_mm(motto)
            self.short_line(motto, "tieu_ngu", "đường kẻ dưới Tiêu ngữ", width)
        table = quoc_hieu.in_table
        if table is not None:
            found["table"] = table
            borders = self.reader.table_borders_visible(self.reader.tables[table])
            if borders:
                self.add(ERROR, "bảng đầu trang có đường viền", "Phụ lục I, mục IV (sơ đồ bố trí)", quoc_hieu,
                         "bảng không viền", "viền " + ", ".join(borders))
        scope = [p for p in self.paras if p.in_table == table] if table is not None else self.paras[:15]
        so = self.find(lambda p: _SO.match(p.text.strip()) is not None, scope)
        date = self.find(lambda p: _PLACE_DATE.match(p.text.strip()) is not None, scope)
        agency = [p for p in scope if p.text.strip() and _is_upper(p.text) and p not in (quoc_hieu, motto, so, date)
                  and (so is None or p.index < so.index)
                  and (quoc_hieu.cell is None or p.cell is not quoc_hieu.cell)]
        self.agency(agency)
        if so is None:
            self.add(ERROR, "số, ký hiệu", "Phụ lục I, mục II.3", None, "dòng \"Số: …/KH-…\"", "không có")
        else:
            self.number_line(so)
        if date is None:
            self.add(ERROR, "địa danh và thời gian", "Phụ lục I, mục II.4", None,
                     "dòng \"<địa danh>, ngày … tháng … năm …\"", "không có")
        else:
            self.place_date(date)
        return found

    def text_mm(self, para: Para) -> float:
        fmt = self.reader.main_format(para) or RunFormat(size=13)
        return text_width_mm(para.text.strip(), fmt.size, bool(fmt.bold), bool(fmt.italic))

    def available_mm(self, para: Para) -> float:
        if para.cell is not None and (width := self.reader.cell_width_mm(para.cell)) is not None:
            base = width
        else:
            base = self.reader.text_width_mm(para.section)
        fmt = self.reader.para_format(para.element)
        return base - ((fmt.left_twips or 0) + (fmt.right_twips or 0)) / TWIPS_PER_MM

    def fits_one_line(self, para: Para) -> None:
        needed, room = self.text_mm(para), self.available_mm(para)
        if needed > room + 0.2:
            self.add(ERROR, "Quốc hiệu trên một dòng", "Phụ lục I, mục II.1.a", para,
                     f"cột rộng ít nhất {needed:.1f} mm", f"cột rộng {room:.1f} mm: Quốc hiệu xuống dòng")

    def agency(self, lines: list[Para]) -> None:
        if not lines:
            self.add(ERROR, "tên cơ quan ban hành", "Phụ lục I, mục II.2", None, "tên cơ quan in hoa, đậm", "không có")
            return
        issuing = [p for p in lines if (fmt := self.reader.main_format(p)) is not None and fmt.bold]
        if not issuing:
            self.add(ERROR, "chữ đậm ở tên cơ quan ban hành", "Phụ lục I, mục II.2.b", lines[-1], "chữ đậm",
                     "chữ không đậm")
            issuing = lines[-1:]
        for para in lines:
            role = "co_quan" if para in issuing else "co_quan_chu_quan"
            self.size_in(para, role, "tên cơ quan" if role == "co_quan" else "tên cơ quan chủ quản")
        widest = max(self.text_mm(p) for p in issuing)
        self.short_line(issuing[-1], "co_quan", "đường kẻ dưới tên cơ quan", widest)

    def number_line(self, para: Para) -> None:
        match = _SO.match(para.text.strip())
        self.size_in(para, "so_ky_hieu", "số, ký hiệu")
        fmt = self.reader.main_format(para)
        if fmt is not None and fmt.bold:
            self.add(ERROR, "chữ đậm ở số, ký hiệu", "Phụ lục I, mục II.3.c", para, "chữ không đậm", "chữ đậm")
        if not match["colon"]:
            self.add(ERROR, "dấu hai chấm sau \"Số\"", "Phụ lục I, mục II.3.c", para, "\"Số:\"", "không có dấu hai chấm")
        number = match["number"]
        if number and number != number_text(int(number)):  # the writer's own rule, from dates.py
            self.add(ERROR, "số 0 trước số văn bản dưới 10", "Phụ lục I, mục II.3.c", para, number_text(int(number)),
                     number)
        symbol = para.text.split("/", 1)[1].strip() if "/" in para.text else ""
        if " " in symbol or (symbol and not symbol.replace("-", "").replace("Đ", "D").isalnum()):
            self.add(ERROR, "ký hiệu văn bản", "Phụ lục I, mục II.3.c", para, "viết liền, nhóm nối bằng \"-\"",
                     symbol)

    def place_date(self, para: Para) -> None:
        match = _PLACE_DATE.match(para.text.strip())
        self.size_in(para, "dia_danh_ngay", "địa danh, ngày tháng")
        self.style_is(para, "dia_danh_ngay", "địa danh, ngày tháng")
        day, month = match["day"].strip(" ."), match["month"].strip(" .")
        clause = "Phụ lục I, mục II.4"
        # The expected forms come from dates.py, the functions the writer prints with.
        if day.isdigit() and day != day_text(int(day)):
            self.add(ERROR, "số 0 trước ngày dưới 10", clause, para, f"ngày {day_text(int(day))}", f"ngày {day}")
        if month.isdigit() and month != month_text(int(month)):
            rule = "số 0 trước tháng 1 và tháng 2" if int(month) <= 2 else "không thêm số 0 trước tháng 3–12"
            self.add(ERROR, rule, clause, para, f"tháng {month_text(int(month))}", f"tháng {month}")

    # short lines ----------------------------------------------------------
    def short_line(self, para: Para, kind: str, label: str, reference_mm: float) -> None:
        """The short solid line under ``para``: a bottom border (its own or the next
        paragraph's), a drawing, or a VML line; its length against the decree's fraction."""
        spec = rules.SHORT_LINES[kind]
        candidates = [para] + [p for p in self.paras[para.index:para.index + 2] if p.cell is para.cell
                               and p.in_table == para.in_table]
        below = self.reader.cell_below(para.cell) if para.cell is not None else None
        if below is not None:  # a line drawn in the cell under it, as when each header line has its own row
            candidates += [p for p in self.paras if p.cell is not None and p.cell == below][:1]
        for candidate in candidates:
            fmt = self.reader.para_format(candidate.element)
            if fmt.bottom_border and (candidate is para or not candidate.text.strip()):
                length = self.available_mm(candidate)
                self.line_length(candidate, spec, label, length, reference_mm)
                return
            drawing = self.drawing_length(candidate.element)
            if drawing is not None and (candidate is para or candidate.cell is para.cell or drawing > 0):
                if drawing > 0:
                    self.line_length(candidate, spec, label, drawing, reference_mm)
                return
            if candidate is not para and _LINE_CHARS.match(candidate.text or "") and candidate.text.strip():
                self.add(WARNING, label, spec.clause, candidate, "đường kẻ nét liền (vẽ, hoặc viền đoạn văn)",
                         "các ký tự gạch gõ tay")
                return
        self.add(ERROR, label, spec.clause, para, "một đường kẻ ngang nét liền", "không có")

    def line_length(self, para: Para, spec: rules.ShortLine, label: str, length: float, reference: float) -> None:
        if reference <= 0:
            return
        ratio = length / reference
        low, high = (0.9, 1.1) if spec.low == spec.high == 1.0 else (spec.low - 0.05, spec.high + 0.05)
        if not low <= ratio <= high:
            want = ("bằng độ dài dòng chữ" if spec.low == spec.high == 1.0
                    else f"{spec.low:.2f}–{spec.high:.2f} độ dài dòng chữ")
            self.add(ERROR, f"độ dài {label}", spec.clause, para, f"{want} ({reference:.1f} mm)",
                     f"{length:.1f} mm ({ratio:.2f})")

    @staticmethod
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

    # title, căn cứ, body ----------------------------------------------------
    def title(self, header: dict[str, Any]) -> int:
        top = [p for p in self.paras if p.in_table is None]
        start = header.get("quoc_hieu").index if header.get("quoc_hieu") else 0
        kind = self.find(lambda p: p.index > start and _norm(p.text) in _DOC_TYPES, top)
        if kind is None:
            self.add(ERROR, "tên loại văn bản", "Phụ lục I, mục II.5", None, "\"KẾ HOẠCH\" in hoa, đậm, giữa trang",
                     "không có")
            return start
        self.size_in(kind, "ten_loai", "tên loại")
        self.style_is(kind, "ten_loai", "tên loại")
        self.centred(kind, "tên loại", "Phụ lục I, mục II.5.b")
        summary = []
        for para in [p for p in top if p.index > kind.index][:4]:
            fmt = self.reader.main_format(para)
            if not para.text.strip() or fmt is None or not fmt.bold or para.text.strip().startswith("("):
                break
            summary.append(para)
        if not summary:
            self.add(ERROR, "trích yếu", "Phụ lục I, mục II.5.b", kind, "trích yếu chữ đậm dưới tên loại", "không có")
            return kind.index
        for para in summary:
            self.size_in(para, "trich_yeu", "trích yếu")
            self.centred(para, "trích yếu", "Phụ lục I, mục II.5.b")
            if _is_upper(para.text):
                self.add(ERROR, "chữ thường ở trích yếu", "Phụ lục I, mục II.5.b", para, "chữ in thường", "IN HOA")
        widest = max(self.text_mm(p) for p in summary)
        room = self.available_mm(summary[-1])
        self.short_line(summary[-1], "trich_yeu", "đường kẻ dưới trích yếu", min(widest, room))
        end = summary[-1].index
        for para in [p for p in top if p.index > end][:4]:  # "(Ban hành kèm theo …)" belongs to the title
            if para.text.strip() and not (para.text.strip().startswith("(")
                                          and self.reader.para_format(para.element).alignment == "center"):
                break
            end = para.index
        return end

    def centred(self, para: Para, label: str, clause: str) -> None:
        alignment = self.reader.para_format(para.element).alignment
        if alignment != "center":
            self.add(ERROR, f"căn giữa {label}", clause, para, "căn giữa", _alignment(alignment))

    def body(self, start: int, signature: Para | None) -> None:
        end = signature.index if signature else len(self.paras) + 1
        first_section = [p for p in self.paras if p.in_table is None and start < p.index < end and p.section == 0]
        # "Căn cứ chức năng, nhiệm vụ…, Sở … xây dựng Kế hoạch như sau:" opens the body; it is not a căn cứ.
        bases = [p for p in first_section if p.text.strip().startswith("Căn cứ") and not p.text.rstrip().endswith(":")]
        for i, para in enumerate(bases):
            fmt = self.reader.main_format(para)
            if fmt is not None and not fmt.italic:
                self.add(ERROR, "chữ nghiêng ở căn cứ", "Phụ lục I, mục II.6.a", para, "chữ nghiêng", "chữ đứng")
            mark = "." if i == len(bases) - 1 else ";"
            if not para.text.rstrip().endswith(mark):
                self.add(ERROR, "dấu cuối căn cứ", "Phụ lục I, mục II.6.b", para, f"kết thúc bằng \"{mark}\"",
                         f"\"{para.text.rstrip()[-1:]}\"")
        sizes: Counter[float] = Counter()
        body = [p for p in first_section if len(p.text.strip()) >= 60 and p not in bases]
        for para in body:
            fmt = self.reader.main_format(para)
            if fmt is not None:
                sizes[fmt.size] += 1
        common = sizes.most_common(1)[0][0] if sizes else None
        for para in body:
            self.body_paragraph(para, common)
        for para in first_section:
            if re.match(r"^[IVXLC]+\.\s", para.text.strip()) and len(para.text) < 120:
                fmt = self.reader.main_format(para)
                heading = para.text.split(":")[0]
                if fmt is not None and (not fmt.bold or not (_is_upper(heading) or fmt.caps)):
                    self.add(ERROR, "tiêu đề mục (I, II…)", "Phụ lục I, mục V (6b)", para, "IN HOA, đậm",
                             ("đậm" if fmt.bold else "không đậm") + (", in hoa" if _is_upper(heading) else ", chữ thường"))

    def body_paragraph(self, para: Para, common: float | None) -> None:
        fmt = self.reader.para_format(para.element)
        run = self.reader.main_format(para)
        clause = "Phụ lục I, mục II.6.e"
        if fmt.alignment not in ("both", "distribute", "justify"):
            self.add(ERROR, "canh đều hai lề", clause, para, "canh đều hai lề", _alignment(fmt.alignment))
        indent = fmt.first_line_cm
        if not any(abs(indent - allowed) <= 0.05 for allowed in rules.FIRST_LINE_INDENTS_CM):
            self.add(ERROR, "thụt đầu dòng", clause, para, "1 cm hoặc 1,27 cm", f"{indent:.2f} cm")
        before = (fmt.before_twips or 0) / 20
        after = (fmt.after_twips or 0) / 20
        if max(before, after) < rules.PARAGRAPH_SPACING_MIN_PT - 0.5:
            self.add(ERROR, "khoảng cách giữa các đoạn", clause, para, f"tối thiểu {rules.PARAGRAPH_SPACING_MIN_PT:g} pt",
                     f"trước {before:g} pt, sau {after:g} pt")
        rule, value = fmt.line_spacing
        size = run.size if run else 14
        lines = value if rule == "auto" else value / (size * 1.15)
        if not (rules.LINE_SPACING.low - 0.05 <= lines <= rules.LINE_SPACING.high + 0.05):
            shown = f"{value:g} dòng" if rule == "auto" else f"{'đúng' if rule == 'exact' else 'ít nhất'} {value:g} pt"
            self.add(ERROR, "giãn dòng", clause, para, "từ dòng đơn đến 1,5 dòng", shown)
        if run is not None:
            low, high = rules.ROLES["noi_dung"].allowed
            if not low <= run.size <= high:
                self.add(ERROR, "cỡ chữ nội dung", clause, para, f"{low:g}–{high:g} pt", _pt(run.size))
            elif common is not None and run.size != common:
                self.add(ERROR, "cỡ chữ thống nhất", "Phụ lục I, mục V, chú thích 1", para, _pt(common), _pt(run.size))

    # Nơi nhận and the signer -------------------------------------------------
    def signature(self) -> Para | None:
        label = self.find(lambda p: re.match(r"^\s*Nơi\s+nhận\s*:?", p.text) is not None)
        if label is None:
            self.add(ERROR, "Nơi nhận", "Phụ lục I, mục II.9", None, "\"Nơi nhận:\" và danh sách", "không có")
            return None
        self.size_in(label, "noi_nhan_nhan", "\"Nơi nhận\"")
        self.style_is(label, "noi_nhan_nhan", "\"Nơi nhận\"")
        same_place = [p for p in self.paras if p.index > label.index and p.cell is label.cell
                      and p.in_table == label.in_table]
        items = []
        for para in same_place:
            if not para.text.strip():
                if items:
                    break
                continue
            items.append(para)
            if "Lưu" in para.text:
                break
        for i, para in enumerate(items):
            self.size_in(para, "noi_nhan", "danh sách nơi nhận")
            text = para.text.strip()
            last = i == len(items) - 1
            if not text.startswith(("-", "–")):
                self.add(ERROR, "gạch đầu dòng nơi nhận", "Phụ lục I, mục II.9.d", para, "bắt đầu bằng \"-\"",
                         f"\"{text[:1]}\"")
            mark = "." if last else ";"
            if not text.endswith(mark):
                self.add(ERROR, "dấu cuối dòng nơi nhận", "Phụ lục I, mục II.9.d", para, f"kết thúc bằng \"{mark}\"",
                         f"\"{text[-1:]}\"")
        if not items or not re.match(r"^[-–]\s*Lưu\s*:", items[-1].text.strip()):
            self.add(ERROR, "dòng \"Lưu\" cuối nơi nhận", "Phụ lục I, mục II.9.d", items[-1] if items else label,
                     "\"- Lưu: VT, …\"", items[-1].text.strip() if items else "không có")
        if label.in_table is not None:
            borders = self.reader.table_borders_visible(self.reader.tables[label.in_table])
            if borders:
                self.add(ERROR, "bảng chữ ký có đường viền", "Phụ lục I, mục IV (sơ đồ bố trí)", label,
                         "bảng không viền", "viền " + ", ".join(borders))
            signer = [p for p in self.paras if p.in_table == label.in_table and p.cell is not label.cell]
            self.signer(signer)
        return label

    def signer(self, paras: list[Para]) -> None:
        filled = [p for p in paras if p.text.strip()]
        if not filled:
            self.add(ERROR, "khối chữ ký", "Phụ lục I, mục II.7", None, "quyền hạn, chức vụ, họ tên", "không có")
            return
        name = filled[-1]
        authority = [p for p in filled[:-1] if _is_upper(p.text)]
        for para in authority:
            self.size_in(para, "quyen_han", "quyền hạn, chức vụ")
            fmt = self.reader.main_format(para)
            if fmt is not None and not fmt.bold:
                self.add(ERROR, "chữ đậm ở quyền hạn, chức vụ", "Phụ lục I, mục II.7.đ", para, "chữ đậm", "không đậm")
            match = _MARKER.match(para.text.strip() + " ")
            if match and not match[2]:
                self.add(ERROR, "dấu chấm sau chữ viết tắt quyền hạn", "Phụ lục I, mục II.7.b", para,
                         f"\"{match[1]}.\"", f"\"{match[1]}\"")
        texts = [_norm(p.text) for p in authority]
        for i, text in enumerate(texts):
            if text.startswith("KT") and (i + 1 >= len(texts) or "PHÓ" not in texts[i + 1]):
                self.add(ERROR, "ký thay (KT.)", "Phụ lục I, mục II.7.b", authority[i],
                         "dưới \"KT. …\" là chức vụ cấp phó (\"PHÓ …\")",
                         texts[i + 1] if i + 1 < len(texts) else "không có")
        self.size_in(name, "ho_ten", "họ tên người ký")
        fmt = self.reader.main_format(name)
        if fmt is not None and not fmt.bold:
            self.add(ERROR, "chữ đậm ở họ tên người ký", "Phụ lục I, mục II.7.c", name, "chữ đậm", "không đậm")
        if authority:
            gap = [p for p in paras if authority[-1].index < p.index < name.index and not p.text.strip()]
            spacing = sum((self.reader.para_format(p.element).before_twips or 0) for p in [name]) / 20
            if len(gap) < rules.SIGNATURE_LINES_MIN and spacing < rules.SIGNATURE_LINES_MIN * 12:
                self.add(WARNING, "chỗ ký", "Phụ lục I, mục II.7 (thực tiễn: 3–4 dòng)", name,
                         f"{rules.SIGNATURE_LINES_MIN}–{rules.SIGNATURE_LINES} dòng trống giữa chức vụ và họ tên",
                         f"{len(gap)} dòng")

    # page numbers -----------------------------------------------------------
    def page_numbers(self) -> None:
        clause = "Phụ lục I, mục I.7"
        for i, section in enumerate(self.reader.document.sections):
            in_header, para = self.reader.header_has_page_field(i, "default")
            in_footer, _ = self.reader.header_has_page_field(i, "footer")
            first_page_differs = section.different_first_page_header_footer
            on_first, _ = self.reader.header_has_page_field(i, "first") if first_page_differs else (in_header, None)
            where = f" (phần {i + 1})" if len(self.reader.document.sections) > 1 else ""
            if in_footer and not in_header:
                self.add(ERROR, "vị trí số trang", clause, None, "giữa, ở lề trên (đầu trang)", "ở chân trang" + where)
            if not in_header and not in_footer and len(self.paras) > 40:
                self.add(WARNING, "số trang", clause, None, "số trang từ trang 2", "không có" + where)
            if (in_header or in_footer) and (on_first or (not first_page_differs and in_footer)):
                self.add(ERROR, "số trang ở trang 1", clause, None, "không hiện số trang ở trang 1",
                         "trang 1 có số trang" + where)
            if para is not None:
                self.page_number_format(para, clause)

    def page_number_format(self, p: Any, clause: str) -> None:
        fmt = self.reader.para_format(p)
        runs = [r for r in p.iter(qn("w:r"))]
        size = self.reader.run_format(p, runs[0] if runs else None)
        if fmt.alignment != "center":
            self.add(ERROR, "căn giữa số trang", clause, None, "căn giữa", _alignment(fmt.alignment))
        low, high = rules.ROLES["so_trang"].allowed
        if not low <= size.size <= high:
            self.add(ERROR, "cỡ chữ số trang", clause, None, f"{low:g}–{high:g} pt", _pt(size.size))
        if size.bold:
            self.add(ERROR, "chữ đậm ở số trang", clause, None, "chữ đứng, không đậm", "chữ đậm")


def audit(path: Path | str) -> list[Finding]:
    """Every departure of the document at ``path`` from Decree 30."""
    return _Audit(path).run()


def audit_file(path: Path | str) -> list[Finding]:
    """``audit`` with the ways a file can fail to open said in Vietnamese."""
    import zipfile

    from kehoach.errors import InvalidInput, Problem

    path = Path(path)
    if not path.is_file():
        raise InvalidInput([Problem("không tìm thấy tệp .docx. Hãy kiểm tra lại tên và thư mục.", str(path))])
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return audit(path)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, EmptyDocument):
        raise InvalidInput([Problem("không đọc được tệp: đây không phải tệp Word .docx (tệp .doc cũ hãy mở bằng "
                                    "Word rồi lưu thành .docx).", str(path))]) from None
