"""Read a .docx as Word displays it: effective formatting, element by element.

Used by ``kehoach check`` (the ``check`` package). Formatting is resolved the way Word
does: the run's own properties, its character style, the paragraph style and
the styles it is based on, the table style, then the document defaults;
theme fonts (``minorHAnsi``…) are looked up in the theme part. Everything is
read from the XML through python-docx's element tree, so hand-made files are
read with no assumption about kehoach's own style names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from lxml import etree

from kehoach.docx.ooxml import TWIPS_PER_MM  # one unit table for writer and reader

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _val(element: Any, attr: str = "w:val") -> str | None:
    return None if element is None else element.get(qn(attr))


class EmptyDocument(Exception):
    """The package has no document body to read."""


def number(value: Any, default: float | None = None) -> float | None:
    """An OOXML number attribute; hand-made files may leave it out or write nonsense."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _on(element: Any) -> bool | None:
    """A toggle property (w:b, w:i, w:caps): present and not false."""
    if element is None:
        return None
    value = element.get(qn("w:val"))
    return value not in ("0", "false", "off")


@dataclass
class RunFormat:
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    fonts: dict[str, str] = field(default_factory=dict)  # ascii, hAnsi, eastAsia, cs
    color: str | None = None

    def fill(self, rpr: Any, theme: dict[str, str]) -> None:
        """Take from ``rpr`` whatever is not decided yet (closest definition wins)."""
        if rpr is None:
            return
        if self.size is None and (sz := rpr.find(qn("w:sz"))) is not None and number(_val(sz)) is not None:
            self.size = number(_val(sz)) / 2
        if self.bold is None:
            self.bold = _on(rpr.find(qn("w:b")))
        if self.italic is None:
            self.italic = _on(rpr.find(qn("w:i")))
        if self.caps is None:
            self.caps = _on(rpr.find(qn("w:caps")))
        if self.color is None and (color := rpr.find(qn("w:color"))) is not None:
            self.color = _val(color)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                if slot in self.fonts:
                    continue
                theme_name = fonts.get(qn(f"w:{slot}Theme"))
                if theme_name:
                    self.fonts[slot] = theme.get(theme_name, theme_name)
                elif fonts.get(qn(f"w:{slot}")):
                    self.fonts[slot] = fonts.get(qn(f"w:{slot}"))


@dataclass
class ParaFormat:
    alignment: str | None = None
    first_line_twips: int | None = None
    hanging_twips: int | None = None
    left_twips: int | None = None
    right_twips: int | None = None
    before_twips: int | None = None
    after_twips: int | None = None
    line: int | None = None
    line_rule: str | None = None
    bottom_border: bool | None = None

    def fill(self, ppr: Any) -> None:
        if ppr is None:
            return
        if self.alignment is None and (jc := ppr.find(qn("w:jc"))) is not None:
            self.alignment = _val(jc)
        ind = ppr.find(qn("w:ind"))
        if ind is not None:
            for attr, names in (("first_line_twips", ("w:firstLine",)), ("hanging_twips", ("w:hanging",)),
                                ("left_twips", ("w:left", "w:start")), ("right_twips", ("w:right", "w:end"))):
                if getattr(self, attr) is None:
                    for name in names:
                        if number(ind.get(qn(name))) is not None:
                            setattr(self, attr, int(number(ind.get(qn(name)))))
                            break
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            for attr, name in (("before_twips", "w:before"), ("after_twips", "w:after"), ("line", "w:line")):
                if getattr(self, attr) is None and number(spacing.get(qn(name))) is not None:
                    setattr(self, attr, int(number(spacing.get(qn(name)))))
            if self.line_rule is None and spacing.get(qn("w:lineRule")) is not None:
                self.line_rule = spacing.get(qn("w:lineRule"))
        borders = ppr.find(qn("w:pBdr"))
        if self.bottom_border is None and borders is not None and (bottom := borders.find(qn("w:bottom"))) is not None:
            self.bottom_border = _val(bottom) not in (None, "nil", "none")

    @property
    def first_line_cm(self) -> float:
        if self.hanging_twips:
            return -self.hanging_twips / TWIPS_PER_MM / 10
        return (self.first_line_twips or 0) / TWIPS_PER_MM / 10

    @property
    def line_spacing(self) -> tuple[str, float]:
        """("auto", lines) or ("exact"/"atLeast", points)."""
        rule = self.line_rule or "auto"
        if self.line is None:
            return "auto", 1.0
        return (rule, self.line / 240) if rule == "auto" else (rule, self.line / 20)


@dataclass
class Para:
    """A paragraph with its place in the document."""

    index: int  # 1-based, in reading order over the body and table cells
    element: Any
    text: str
    in_table: int | None  # index of the top-level table holding it
    cell: Any = None  # the w:tc holding it
    section: int = 0

    @property
    def excerpt(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 50 else text[:47] + "…"


class DocxReader:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.document = docx.Document(str(path))
        if self.document.element.body is None:
            raise EmptyDocument(str(path))
        self.styles = {s.get(qn("w:styleId")): s for s in self.document.styles.element.findall(qn("w:style"))}
        self.theme = self._theme_fonts()
        self._main_formats: dict[int, RunFormat | None] = {}
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if defaults is not None else None
        self.default_ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr")) if defaults is not None else None
        self.default_paragraph_style = next(
            (sid for sid, s in self.styles.items() if s.get(qn("w:type")) == "paragraph"
             and s.get(qn("w:default")) in ("1", "true")), None)

    def _theme_fonts(self) -> dict[str, str]:
        fonts: dict[str, str] = {}
        part = self.document.part
        for rel in part.rels.values():
            if rel.reltype.endswith("/theme"):
                root = etree.fromstring(rel.target_part.blob)
                for kind, prefix in (("majorFont", "major"), ("minorFont", "minor")):
                    node = root.find(f".//{_A}{kind}/{_A}latin")
                    if node is not None:
                        for slot in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                            fonts[f"{prefix}{slot}"] = node.get("typeface")
        return fonts

    # ---------------------------------------------------------- structure --
    @cached_property
    def paragraphs(self) -> list[Para]:
        out: list[Para] = []
        body = self.document.element.body
        table_index = 0
        section = 0
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                out.append(Para(len(out) + 1, child, self._text(child), None, section=section))
                if child.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
                    section += 1
            elif child.tag == qn("w:tbl"):
                for tc in child.iter(qn("w:tc")):
                    for p in tc.findall(qn("w:p")):
                        out.append(Para(len(out) + 1, p, self._text(p), table_index, tc, section))
                table_index += 1
        return out

    @cached_property
    def tables(self) -> list[Any]:
        return [c for c in self.document.element.body.iterchildren() if c.tag == qn("w:tbl")]

    @staticmethod
    def _text(p: Any) -> str:
        parts = []
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            parts.append(node.text or "" if node.tag == qn("w:t") else (" " if node.tag == qn("w:tab") else "\n"))
        return "".join(parts)

    def runs(self, p: Any) -> list[Any]:
        return [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None and "".join(
            t.text or "" for t in r.findall(qn("w:t"))).strip()]

    # --------------------------------------------------------- formatting --
    def _style_chain(self, style_id: str | None) -> list[Any]:
        chain, seen = [], set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            style_id = _val(style.find(qn("w:basedOn")))
        return chain

    def paragraph_style(self, p: Any) -> str | None:
        ppr = p.find(qn("w:pPr"))
        return _val(ppr.find(qn("w:pStyle"))) if ppr is not None and ppr.find(qn("w:pStyle")) is not None \
            else self.default_paragraph_style

    def _table_style(self, p: Any) -> list[Any]:
        tbl = next((a for a in p.iterancestors(qn("w:tbl"))), None)
        if tbl is None:
            return []
        style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
        return self._style_chain(_val(style)) if style is not None else []

    def run_format(self, p: Any, r: Any | None = None) -> RunFormat:
        fmt = RunFormat()
        if r is not None:
            rpr = r.find(qn("w:rPr"))
            fmt.fill(rpr, self.theme)
            if rpr is not None and (rstyle := rpr.find(qn("w:rStyle"))) is not None:
                for style in self._style_chain(_val(rstyle)):
                    fmt.fill(style.find(qn("w:rPr")), self.theme)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:  # the paragraph mark's own run properties do not apply to runs; skip them
            pass
        for style in self._style_chain(self.paragraph_style(p)):
            fmt.fill(style.find(qn("w:rPr")), self.theme)
        for style in self._table_style(p):
            fmt.fill(style.find(qn("w:rPr")), self.theme)
        fmt.fill(self.default_rpr, self.theme)
        if fmt.size is None:
            fmt.size = 10.0  # Word's own default when nothing says otherwise
        return fmt

    def para_format(self, p: Any) -> ParaFormat:
        fmt = ParaFormat()
        fmt.fill(p.find(qn("w:pPr")))
        for style in self._style_chain(self.paragraph_style(p)):
            fmt.fill(style.find(qn("w:pPr")))
        for style in self._table_style(p):
            fmt.fill(style.find(qn("w:pPr")))
        fmt.fill(self.default_ppr)
        return fmt

    def texts_with_format(self, para: Para) -> list[tuple[str, RunFormat]]:
        out = []
        for r in self.runs(para.element):
            text = "".join(t.text or "" for t in r.findall(qn("w:t")))
            out.append((text, self.run_format(para.element, r)))
        return out

    def main_format(self, para: Para) -> RunFormat | None:
        """The format of most of the paragraph's text (by characters); each rule asks, so it is kept."""
        if para.index not in self._main_formats:
            parts = self.texts_with_format(para)
            self._main_formats[para.index] = max(parts, key=lambda item: len(item[0].strip()))[1] if parts else None
        return self._main_formats[para.index]

    # ------------------------------------------------------------- tables --
    def table_borders_visible(self, tbl: Any) -> list[str]:
        """The sides of a table that show a line (direct or from its table style)."""
        sides: dict[str, bool] = {}
        sources = [tbl.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))]
        style = tbl.find(qn("w:tblPr") + "/" + qn("w:tblStyle"))
        if style is not None:
            sources += [s.find(qn("w:tblPr") + "/" + qn("w:tblBorders")) for s in self._style_chain(_val(style))]
        for borders in sources:
            if borders is None:
                continue
            for side in borders:
                name = etree.QName(side).localname
                if name not in sides:
                    sides[name] = _val(side) not in ("nil", "none")
        for tc in tbl.iter(qn("w:tc")):  # cell borders override
            borders = tc.find(qn("w:tcPr") + "/" + qn("w:tcBorders"))
            if borders is not None:
                for side in borders:
                    if _val(side) not in ("nil", "none"):
                        sides[f"ô:{etree.QName(side).localname}"] = True
        return sorted(name for name, visible in sides.items() if visible)

    def cell_width_mm(self, tc: Any) -> float | None:
        """Usable width of a table cell: its width less the cell margins."""
        tcw = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
        width = None
        if tcw is not None and tcw.get(qn("w:type")) in (None, "dxa"):
            width = number(tcw.get(qn("w:w")))
        if width is None or width == 0:
            tbl = next(tc.iterancestors(qn("w:tbl")))
            tr = next(tc.iterancestors(qn("w:tr")))
            cols = [number(c.get(qn("w:w")), 0) for c in tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
            position = 0
            for cell in tr.findall(qn("w:tc")):
                span = int(number(_val(cell.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))), 1)) \
                    if cell.find(qn("w:tcPr")) is not None else 1
                if cell is tc:
                    width = sum(cols[position:position + span])
                    break
                position += span
        if not width:
            return None
        tbl = next(tc.iterancestors(qn("w:tbl")))
        margins = 0
        for side in ("left", "right"):
            mar = tbl.find(qn("w:tblPr") + "/" + qn("w:tblCellMar") + "/" + qn(f"w:{side}"))
            cell_mar = tc.find(qn("w:tcPr") + "/" + qn("w:tcMar") + "/" + qn(f"w:{side}"))
            chosen = cell_mar if cell_mar is not None else mar
            margins += number(chosen.get(qn("w:w")), 108) if chosen is not None else 108  # Word's 0.19 cm
        return (width - margins) / TWIPS_PER_MM

    @staticmethod
    def _grid_start(tc: Any) -> int:
        position = 0
        for cell in tc.getparent().findall(qn("w:tc")):
            if cell is tc:
                return position
            span = cell.find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
            position += int(number(_val(span), 1)) if span is not None else 1
        return position

    def cell_below(self, tc: Any) -> Any | None:
        """The cell under ``tc`` (same grid column, next row), if any."""
        tr = tc.getparent()
        following = tr.getnext()
        while following is not None and following.tag != qn("w:tr"):
            following = following.getnext()
        if following is None:
            return None
        column = self._grid_start(tc)
        for cell in following.findall(qn("w:tc")):
            if self._grid_start(cell) == column:
                return cell
        return None

    def text_width_mm(self, section_index: int) -> float:
        """Width between the margins; without page setup, Word's A4 defaults assumed."""
        from kehoach import decree

        sections = self.document.sections
        if len(sections) == 0:
            return decree.PAPER_MM[0] - decree.MARGINS["trai"].preferred - decree.MARGINS["phai"].preferred
        section = sections[min(section_index, len(sections) - 1)]
        width = section.page_width.mm if section.page_width is not None else decree.PAPER_MM[0]
        left = section.left_margin.mm if section.left_margin is not None else decree.MARGINS["trai"].preferred
        right = section.right_margin.mm if section.right_margin is not None else decree.MARGINS["phai"].preferred
        return width - left - right

    # ------------------------------------------------------------ headers --
    def header_has_page_field(self, section_index: int, kind: str) -> tuple[bool, Any]:
        """(PAGE field present, paragraph holding it) in the section's header/footer of ``kind``."""
        section = self.document.sections[section_index]
        part = {"default": section.header, "first": section.first_page_header, "footer": section.footer,
                "first_footer": section.first_page_footer}[kind]
        if part.is_linked_to_previous and section_index > 0:
            return self.header_has_page_field(section_index - 1, kind)
        element = part._element
        for p in element.iter(qn("w:p")):
            instr = " ".join((t.text or "") for t in p.iter(qn("w:instrText")))
            instr += " ".join(f.get(qn("w:instr"), "") for f in p.iter(qn("w:fldSimple")))
            if re.search(r"\bPAGE\b", instr):
                return True, p
        return False, None
