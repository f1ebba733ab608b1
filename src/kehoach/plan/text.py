"""Vietnamese text hygiene: what comes into a plan from old Word files.

- Control characters (pasted from old documents, cp1252 mojibake) cannot go
  into a Word document: each is refused with its line and column.
- Text typed in the legacy TCVN3 (ABC, ``.VnTime``) or VNI encodings still
  circulates in commune offices; pasted into a UTF-8 file it reads as
  ``Céng hßa`` or ``Coäng hoøa``. It is detected and explained, and
  converted to Unicode on request (``--chuyen-ma``), with the conversion
  tables of the ``viparse`` library rather than hand-written ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from kehoach.errors import Problem
from kehoach.plan.located import Loaded, iter_strings

MAX_REPORTED = 20

# C0 controls except tab and line feed, DEL, C1 controls, and the non-characters
# U+FFFE/U+FFFF: none can be written into a .docx, and none belongs in a plan.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ufeff]")

# Latin-1 letters that Vietnamese in Unicode uses. Any *other* character of
# U+0080–U+00FF inside a word is the mark of a legacy encoding read as Latin-1
# (TCVN3: "Céng hßa"; VNI: "Coäng hoøa").
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_LEGACY_HINT = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)",
                "viscii": "VISCII", "vps": "VPS"}


def control_characters(text: str, file: str) -> list[Problem]:
    problems = []
    for match in _CONTROL.finditer(text):
        if len(problems) >= MAX_REPORTED:
            break
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        char = match.group(0)
        name = unicodedata.name(char, "ký tự điều khiển")
        problems.append(Problem(
            f"có ký tự điều khiển không in được (U+{ord(char):04X}, {name}), thường do dán từ văn bản cũ. "
            "Hãy xóa ký tự này (xóa rồi gõ lại chữ ở vị trí đó).", file, line, column))
    return problems


_STRANGE = re.compile("[" + "".join(
    re.escape(ch) for ch in map(chr, range(0x80, 0x100))
    if (ch.isalpha() and ch not in _VIETNAMESE_LATIN1) or ch in "¸µ¶·¹¨©ª«¬®§") + "]")


def _suspicious(text: str) -> bool:
    return _STRANGE.search(text) is not None


# Letters only Unicode Vietnamese has (ă, đ, ơ, ư, ạ … ỹ): text that has one is
# already Unicode, whatever stray symbol it also holds.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
                                 "\u01af\u01b0\u1ea0-\u1ef9]")


def _vowel_groups(word: str) -> int:
    bases = "".join(unicodedata.normalize("NFD", ch)[0].lower() for ch in word if ch.isalpha())
    return len(re.findall(r"[aeiouy]+", bases))


def _plausible(original: str, converted: str) -> bool:
    """Converted text reads as Vietnamese: nothing strange is left, and every
    word that changed is one syllable (one group of vowels, as every
    Vietnamese syllable has), which German or Spanish words are not."""
    if converted == original or _suspicious(converted):
        return False
    changed = [new for old, new in zip(original.split(), converted.split()) if old != new]
    return bool(changed) and all(_vowel_groups(word) == 1 for word in changed)


def _detect(text: str) -> tuple[str, str] | None:
    """(``tcvn3`` or ``vni``, the text converted), or None. viparse's tables do
    the conversion; its own detector is tuned for whole documents and misses
    short plan fields, so each candidate conversion is judged here instead."""
    try:
        import viparse
        from viparse.normalize.frequency import vietnamese_score
    except ImportError:  # Python 3.10, or installed without it: no detection
        return None
    candidates = [(vietnamese_score(converted), name, converted) for name in ("tcvn3", "vni")
                  if _plausible(text, converted := viparse.fix(text, encoding=name))]
    if not candidates:
        return None
    _, name, converted = max(candidates)
    return name, converted


def legacy_encodings(loaded: Loaded, convert: bool, items: Iterable | None = None) -> list[Problem]:
    """Find (and with ``convert``, fix in place) text in TCVN3 or VNI.

    ``items`` (path, text, container, key) limits the search, for a batch
    that checked the plan once and only needs a row's own cells."""
    problems = []
    for path, text, container, key in (iter_strings(loaded.data) if items is None else items):
        if not _suspicious(text) or _UNICODE_VIETNAMESE.search(text):
            continue
        found = _detect(text)
        if found is None:
            continue
        encoding, converted = found
        label = _LEGACY_HINT.get(encoding, encoding.upper())
        # Many words to convert: certainly legacy text. One or two (a foreign
        # name, "señor"): only a warning, so good text is never refused.
        changed = sum(old != new for old, new in zip(text.split(), converted.split()))
        severity = "loi" if changed >= 3 else "canh_bao"
        if convert:
            container[key] = converted
            if not loaded.silenced(path, "da-chuyen-ma"):
                problems.append(loaded.problem(path, f"đã chuyển đoạn chữ gõ bằng bảng mã cũ {label} sang Unicode: "
                                                     f"\"{container[key][:60]}\". Hãy kiểm tra lại.", "canh_bao",
                                               "da-chuyen-ma"))
        elif severity == "loi" or not loaded.silenced(path, "bang-ma-cu"):
            problems.append(loaded.problem(
                path, f"đoạn chữ \"{text[:40]}\" có vẻ được gõ bằng bảng mã cũ {label}, sẽ hiện sai trong Word. "
                      "Hãy chạy lại với `--chuyen-ma` để kehoach chuyển sang Unicode, hoặc dùng Unikey "
                      "(Công cụ → Chuyển mã) rồi dán lại.", severity, "bang-ma-cu" if severity == "canh_bao" else ""))
    return problems


def legacy_label(encoding: str) -> str:
    """How a clerk knows an old encoding: ``TCVN3 (ABC, phông .VnTime)``."""
    return _LEGACY_HINT.get(encoding, encoding.upper())


def detect_legacy(text: str) -> tuple[str, str] | None:
    """(encoding, the text in Unicode) when ``text`` reads as TCVN3 or VNI shown as Latin-1."""
    if not _suspicious(text) or _UNICODE_VIETNAMESE.search(text):
        return None
    return _detect(text)


def from_legacy(text: str, encoding: str) -> str | None:
    """``text`` typed in a font of the old ``encoding`` (``tcvn3``, ``vni``), in Unicode; None without viparse."""
    try:
        import viparse
    except ImportError:
        return None
    return unicodedata.normalize("NFC", viparse.fix(text, encoding=encoding))
