"""What every part of the audit shares: the document as read, the findings so far,
and the checks that recur in every part (size, bold/italic/capitals, centring).

The checker's parts (``page``, ``header``, ``body``, ``closing``, ``short_lines``)
are functions of an :class:`Audit`; each reads its numbers from ``decree``, the
module the writer renders from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from kehoach import decree
from kehoach.docx.reader import TWIPS_PER_MM, DocxReader, Para, RunFormat
from kehoach.docx.metrics import text_width_mm

ERROR, WARNING = "loi", "canh_bao"
MAX_SAME = 5  # findings of one rule listed one by one; the rest are counted


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


def norm(text: str) -> str:
    """Uppercase, single spaces, one tone placement (HOÀ = HÒA)."""
    text = unicodedata.normalize("NFC", " ".join(text.split())).upper()
    # Old and new tone placement differ only at the end of a syllable: HOÀ/HÒA, but always HOẠCH.
    return _OLD_TONES.sub(lambda m: _TONE_SWAP[m.group(0)], text)


_ALIGNMENTS = {"both": "canh đều hai lề", "justify": "canh đều hai lề", "distribute": "canh đều hai lề",
               "center": "căn giữa", "right": "căn phải", "end": "căn phải", "left": "căn trái", "start": "căn trái"}


def alignment_text(value: str | None) -> str:
    return _ALIGNMENTS.get(value or "left", value or "căn trái")


def vn(value: float, spec: str = "g") -> str:
    """A number as Vietnamese writes it: a decimal comma (1,27 cm; 15,0 mm)."""
    return format(value, spec).replace(".", ",")


def pt_text(size: float | None) -> str:
    return "không rõ" if size is None else f"{vn(size)} pt"


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


class Audit:
    """One document under audit: its reader, its paragraphs and the findings so far."""

    def __init__(self, path: Path | str | DocxReader) -> None:
        self.reader = path if isinstance(path, DocxReader) else DocxReader(path)
        self.findings: list[Finding] = []
        self.counts: Counter[str] = Counter()
        self.paras = self.reader.paragraphs
        self.claimed: set[int] = set()  # paragraphs judged as another element than a body paragraph
        self.kind: str | None = None  # the tên loại found ("QUYẾT ĐỊNH"…), None for a Công văn

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
        spec = decree.ROLES[role]
        fmt = fmt or self.reader.main_format(para)
        if fmt is None:
            return
        low, high = spec.allowed
        if not (low - 0.01 <= fmt.size <= high + 0.01):
            want = f"{vn(low, 'g')} pt" if low == high else f"{vn(low, 'g')}–{vn(high, 'g')} pt"
            self.add(ERROR, f"cỡ chữ {label}", spec.clause, para, want, pt_text(fmt.size))

    def style_is(self, para: Para, role: str, label: str) -> None:
        spec = decree.ROLES[role]
        fmt = self.reader.main_format(para)
        if fmt is None:
            return
        if bool(fmt.bold) != spec.bold:
            self.add(ERROR, f"chữ đậm ở {label}", spec.clause, para, "chữ đậm" if spec.bold else "chữ không đậm",
                     "chữ đậm" if fmt.bold else "chữ không đậm")
        if bool(fmt.italic) != spec.italic:
            self.add(ERROR, f"chữ nghiêng ở {label}", spec.clause, para,
                     "chữ nghiêng" if spec.italic else "chữ đứng", "chữ nghiêng" if fmt.italic else "chữ đứng")
        if spec.caps and not (is_upper(para.text) or fmt.caps):
            self.add(ERROR, f"chữ in hoa ở {label}", spec.clause, para, "IN HOA", "chữ thường")

    # helpers shared by every part --------------------------------------------
    def find(self, predicate, paras: list[Para] | None = None) -> Para | None:
        return next((p for p in (paras or self.paras) if predicate(p)), None)

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

    def centred(self, para: Para, label: str, clause: str) -> None:
        alignment = self.reader.para_format(para.element).alignment
        if alignment != "center":
            self.add(ERROR, f"căn giữa {label}", clause, para, "căn giữa", alignment_text(alignment))
