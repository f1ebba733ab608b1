"""Word's automatic numbering (numbering.xml): the label a list paragraph shows.

A clerk's "1.", "a)" or "-" is often not typed but made by Word from a list
definition; the text of the paragraph then lacks it. ``Numbering.label``
gives the label Word would print, counting the paragraphs of each list the
way Word does (one counter per level of each ``w:num``; a level restarts
when a shallower level of the same list advances).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

MAX_LEVELS = 9

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letter(value)
    if fmt == "upperLetter":
        return _letter(value).upper()
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)  # decimal and the many formats Vietnamese documents do not use


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class Numbering:
    """Labels of list paragraphs; ``label`` must be called in reading order."""

    def __init__(self, root: Any | None, style_numbering: dict[str, tuple[str, int]] | None = None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_numbering = style_numbering or {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"))] = self._levels(node)
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels.update(self._levels_of([lvl]))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(start.get(qn("w:val")), 1))
            self.levels[num.get(qn("w:numId"))] = levels

    def _levels(self, abstract: Any) -> dict[int, tuple[str, str, int]]:
        return self._levels_of(abstract.findall(qn("w:lvl")))

    @staticmethod
    def _levels_of(nodes: list[Any]) -> dict[int, tuple[str, str, int]]:
        out = {}
        for lvl in nodes:
            ilvl = _int(lvl.get(qn("w:ilvl")), 0)
            if not 0 <= ilvl < MAX_LEVELS:
                continue
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            start = lvl.find(qn("w:start"))
            out[ilvl] = (fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                         text.get(qn("w:val"), "") if text is not None else "",
                         _int(start.get(qn("w:val")), 1) if start is not None else 1)
        return out

    def _num_pr(self, p: Any, style_id: str | None) -> tuple[str, int] | None:
        ppr = p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is not None:
                return num_id.get(qn("w:val")), _int(ilvl.get(qn("w:val")) if ilvl is not None else 0, 0)
        if style_id and style_id in self.style_numbering:
            return self.style_numbering[style_id]
        return None

    def label(self, p: Any, style_id: str | None = None) -> tuple[str, bool] | None:
        """(label text, is a bullet) for a list paragraph, or None."""
        found = self._num_pr(p, style_id)
        if found is None:
            return None
        num_id, ilvl = found
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < MAX_LEVELS:
            return None
        counters = self.counters.setdefault(num_id, [0] * MAX_LEVELS)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = 0
        if fmt == "bullet":
            return ("+" if text.strip() == "+" else "-"), True
        out = text
        for level in range(ilvl, -1, -1):
            value = counters[level] or (levels.get(level, ("decimal", "", 1))[2])
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            out = out.replace(f"%{level + 1}", _format(value, level_fmt))
        return out.strip(), False
