"""Names of administrative units as clerks write them: keys to compare, and
where a text names a unit. Light on purpose: no list is loaded here, so a
plan that names no unit never pays for the lists (catalogue.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Kinds of unit, longest first so that "thị xã" wins over "xã".
COMMUNE_KINDS = ("xã", "phường", "thị trấn", "đặc khu")
DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
PROVINCE_KINDS = ("tỉnh", "thành phố")
KINDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")

_PUNCT = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-", "‐": "-"})
# The old place of the tone mark ("hoà", "thuỷ") and the new one ("hòa", "thủy") spell one name.
_TONE_PLACES = {}
for _first, _marked_first, _marked_second, _second in (("o", "òóỏõọ", "àáảãạ", "a"), ("o", "òóỏõọ", "èéẻẽẹ", "e"),
                                                       ("u", "ùúủũụ", "ỳýỷỹỵ", "y")):
    for _a, _b in zip(_marked_first, _marked_second):
        _TONE_PLACES[_first + _b] = _a + _second
_TONE_RE = re.compile("|".join(_TONE_PLACES))
# Every Vietnamese letter to its base letter, for fold_key.
_BASE = {}
for _base, _letters in (("a", "àáảãạăằắẳẵặâầấẩẫậ"), ("e", "èéẻẽẹêềếểễệ"), ("i", "ìíỉĩị"), ("o", "òóỏõọôồốổỗộơờớởỡợ"),
                        ("u", "ùúủũụưừứửữự"), ("y", "ỳýỷỹỵ"), ("d", "đ")):
    for _letter in _letters:
        _BASE[_letter] = _base
_FOLD = str.maketrans({**_BASE, "’": "'", "‘": "'", "ʼ": "'", "–": " ", "—": " ", "-": " "})
_NOT_ALNUM = re.compile(r"[^a-z0-9']+")


@lru_cache(maxsize=65536)
def spelling_key(text: str) -> str:
    """Equal for two spellings of one name: case, spaces, the old and new
    places of the tone mark ("Hoà" / "Hòa") and the kind of apostrophe aside."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_PUNCT)
    text = " ".join(text.replace("-", " - ").split()).replace(" - ", "-")
    return _TONE_RE.sub(lambda m: _TONE_PLACES[m[0]], text)


def fold_keys(names: list[str]) -> list[str]:
    """``fold_key`` of many one-line names at once: a few operations on one text instead of 10,000 calls."""
    blob = _NOT_ALNUM_LINE.sub(" ", unicodedata.normalize("NFC", "\n".join(names)).casefold().translate(_FOLD))
    keys = [" ".join(part.split()) for part in blob.split("\n")]
    return keys if len(keys) == len(names) else [fold_key(n) for n in names]


_NOT_ALNUM_LINE = re.compile(r"[^a-z0-9'\n]+")


@lru_cache(maxsize=65536)
def fold_key(text: str) -> str:
    """Equal when two names differ only in diacritics: "Đồng Tuyền", "Đồng Tuyển", "Dong Tuyen"."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


# ------------------------------------------------------------- mentions --

# Offices named before a unit: "UBND", "Ủy ban nhân dân", "HĐND" (any case).
_OFFICE = r"(?:ubnd|hđnd|ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân)"
_KIND_RE = "|".join(k.replace(" ", r"\s+") for k in KINDS)
_TYPED_LINE = re.compile(rf"^\s*(?:{_OFFICE}\s+)?({_KIND_RE})\s+(\S.*?)[\s.;,]*$", re.IGNORECASE)

# A name in running text: capitalised words (or a number: "Phường 1", "Quận 3"),
# possibly joined by " - " ("Bà Rịa - Vũng Tàu"). Only the kind ignores case.
_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
_WORD = rf"(?:[{_UPPER}][\w'’]*|\d+)"
_PROSE = re.compile(rf"(?<!\w)(?i:({_KIND_RE}))\s+({_WORD}(?:(?:\s+|\s*-\s*){_WORD})*)")
# Capitalised words that follow a kind without naming a unit: "Tỉnh Đoàn", "Huyện ủy", "Xã Hội".
_NOT_NAMES = {"đoàn", "ủy", "uỷ", "hội", "đảng", "ban", "đội", "ubnd", "hđnd"}
# A specialised office of a district (before 01/7/2025): "Phòng Lao động - Thương binh và Xã hội".
# Its name runs to a punctuation mark or to a word that starts the rest of the sentence.
_PHONG = re.compile(rf"(?<!\w)(?i:phòng)\s+([{_UPPER}][^,;:.()\n]*?)(?=\s*[,;:.()\n]|\s*$|\s+(?:theo|về|để|của|"
                    rf"trên|tại|cho|với|trong|nhằm|huyện|quận|thị xã|thành phố|tỉnh)\b)")


@dataclass(frozen=True)
class Mention:
    """A unit named in a text: its kind (lower case) and its name, where it is in the text."""

    kind: str
    name: str
    start: int = 0
    end: int = 0

    @property
    def text(self) -> str:
        return f"{self.kind} {self.name}"


def _kind(text: str) -> str:
    return " ".join(text.lower().split())


# "tỉnh Phú Yên (cũ)": a unit named as it was, on purpose.
_FORMER = re.compile(r"\s*\(?\s*cũ\b", re.IGNORECASE)


def typed_name(text: str) -> Mention | None:
    """A whole text that names one unit: "Xã Đồng Tuyển", "UBND TỈNH LÀO CAI",
    "thành phố Lào Cai" (an agency line, a variable, a Nơi nhận line)."""
    match = _TYPED_LINE.match(text)
    if not match:
        return None
    name = match[2]
    if not (name[0].isupper() or name[0].isdigit()) or name.split()[0].lower() in _NOT_NAMES:
        return None
    if re.search(r"\s*\(\s*cũ\s*\)$|\s+cũ$", name, re.IGNORECASE):
        return None
    return Mention(_kind(match[1]), name, match.start(1), match.end(2))


@lru_cache(maxsize=16384)
def prose_mentions(text: str) -> tuple[Mention, ...]:
    """Every "<kind> <Name>" in running text: "UBND thành phố Lào Cai về việc …" names thành phố Lào Cai."""
    return tuple(Mention(_kind(m[1]), m[2], m.start(), m.end()) for m in _PROSE.finditer(text)
                 if m[2].split()[0].lower() not in _NOT_NAMES and not _FORMER.match(text, m.end()))


@lru_cache(maxsize=4096)
def district_offices(text: str) -> tuple[str, ...]:
    """"Phòng …" offices named in a text (a district's, in a plan from before 01/7/2025)."""
    return tuple(f"Phòng {m[1].strip()}" for m in _PHONG.finditer(text))
