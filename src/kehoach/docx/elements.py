"""The elements of a Decree 30 document, recognised by their words.

Shared by ``check`` (which judges them) and ``import`` (which reads them into
a plan): the Quốc hiệu, the Tiêu ngữ, the ``Số:`` line, the place-date line,
the names of document kinds and the signer's authority markers are told
apart here once, by content, whatever styles a document uses.
"""

from __future__ import annotations

import re
import unicodedata

from kehoach import decree

DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "BÁO CÁO", "THÔNG BÁO", "TỜ TRÌNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN",
             "CHỈ THỊ", "NGHỊ QUYẾT", "PHƯƠNG ÁN", "ĐỀ ÁN", "QUY CHẾ", "QUY ĐỊNH", "CÔNG VĂN")
PLACE_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s*(?P<day>\S*)\s*tháng\s*(?P<month>\S*)\s*năm\s*(?P<year>\d{4})")
SO = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<number>\d*)\s*/\s*(?P<symbol>\S*)")
MARKER = re.compile(r"^(" + "|".join(sorted(decree.SIGNER_MARKERS, key=len, reverse=True)) + r")(\.?)\s")
NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE)

_TONE_SWAP = {"OÀ": "ÒA", "OÁ": "ÓA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA", "UỲ": "ÙY", "UỶ": "ỦY", "UÝ": "ÚY",
              "UỸ": "ŨY", "UỴ": "ỤY"}
_OLD_TONES = re.compile("(?:" + "|".join(_TONE_SWAP) + r")(?![A-ZĐ])")


def norm(text: str) -> str:
    """Uppercase, single spaces, one tone placement (HOÀ = HÒA)."""
    text = unicodedata.normalize("NFC", " ".join(text.split())).upper()
    # Old and new tone placement differ only at the end of a syllable: HOÀ/HÒA, but always HOẠCH.
    return _OLD_TONES.sub(lambda m: _TONE_SWAP[m.group(0)], text)


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def is_quoc_hieu(text: str) -> bool:
    return norm(text) == norm(decree.QUOC_HIEU)


def is_tieu_ngu(text: str) -> bool:
    """The Tiêu ngữ, however its hyphens are spaced or drawn ("Độc lập -Tự do – Hạnh phúc")."""
    def bare(value: str) -> str:
        return re.sub(r"\s*[-–—]\s*", "-", norm(value))
    return bare(text) == bare(decree.TIEU_NGU)


def doc_type(text: str) -> str | None:
    """The kind a title line names (``KẾ HOẠCH``…), or None."""
    value = norm(text)
    return value if value in DOC_TYPES else None
