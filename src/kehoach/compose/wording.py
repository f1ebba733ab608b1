"""How kehoach writes: inline emphasis, numbering labels, list punctuation,
an agency's name inside a sentence. Pure functions, shared by the composer,
its table part and the content checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from kehoach import decree
from kehoach.compose.blocks import Run

# ``\*`` is one unit everywhere, inside emphasis too: "*a \* b*" is "a * b" in italics.
_EMPHASIS = re.compile(r"\\\*|\*\*((?:\\\*|.)+?)\*\*|\*((?:\\\*|.)+?)\*")


@lru_cache(maxsize=8192)
def inline(text: str) -> tuple[Run, ...]:
    """``**đậm**`` and ``*nghiêng*`` inside any text; ``\\*`` is a literal star."""
    if "*" not in text:
        return (Run(text),)
    runs: list[Run] = []
    pos = 0
    plain = ""
    for match in _EMPHASIS.finditer(text):
        plain += text[pos:match.start()]
        pos = match.end()
        if match.group(0) == "\\*":
            plain += "*"
            continue
        if plain:
            runs.append(Run(plain))
            plain = ""
        if match.group(1) is not None:
            runs.append(Run(match.group(1).replace("\\*", "*"), bold=True))
        else:
            runs.append(Run(match.group(2).replace("\\*", "*"), italic=True))
    plain += text[pos:]
    if plain:
        runs.append(Run(plain))
    return tuple(runs)


def plain_text(text: str) -> str:
    return "".join(r.text for r in inline(text))


def end_with(text: str, mark: str) -> str:
    """Replace a trailing list punctuation by ``mark`` (``;`` or ``.``)."""
    return re.sub(r"[\s;,.]*$", "", text) + mark


def roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int) -> str:
    letters = decree.VIETNAMESE_LETTERS
    return letters[(n - 1) % len(letters)] * ((n - 1) // len(letters) + 1)


_ADMIN_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def agency_in_sentence(lines: Iterable[str]) -> str:
    """``ỦY BAN NHÂN DÂN`` / ``XÃ ĐỒNG TUYỀN`` → ``Ủy ban nhân dân xã Đồng Tuyền``."""
    parts = []
    for i, line in enumerate(lines):
        lower = line.lower()
        if i == 0:
            parts.append(lower[:1].upper() + lower[1:])
            continue
        for word in _ADMIN_WORDS:
            if lower.startswith(word + " "):
                rest = line[len(word) + 1:]
                parts.append(word + " " + " ".join(w[:1].upper() + w[1:].lower() for w in rest.split()))
                break
        else:
            parts.append(lower)
    return " ".join(parts)


@lru_cache(maxsize=1)
def compound_words() -> frozenset[str]:
    """Vietnamese words of two and three syllables, lower case (pyvi's word list, MIT; see
    tu_ghep.txt's header). Lint tells a shared syllable from a slip with it; the writer
    keeps a word's syllables on one line."""
    text = resources.files("kehoach.compose").joinpath("tu_ghep.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))
