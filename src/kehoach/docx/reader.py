"""Read a .docx as Word displays it: effective formatting, element by element.

Used by ``kehoach check`` (check/) and ``kehoach import``. Formatting is
resolved the way Word does: the run's own properties, its character style,
the paragraph style and the styles it is based on, the table style, then the
document defaults; theme fonts (``minorHAnsi``…) are looked up in the theme
part. Everything is read from the XML through python-docx's element tree, so
hand-made files are read with no assumption about kehoach's own style names.

The reader is linear in the document: a style's effective format is resolved
once (walking its ``basedOn`` chain once, a cycle refused), the format shared
by every run of a paragraph (its style, its table's style, the defaults) is
resolved once per style pair, each paragraph's properties are looked up once,
and each run costs only its own properties.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from lxml import etree

from kehoach.docx.lines import logical
from kehoach.docx.ooxml import TWIPS_PER_MM  # one unit table for writer and reader
from kehoach.docx.package import open_docx, parse_xml

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Tag and attribute names, spelled out once (python-docx's qn() per lookup cost more than the lookup).
_P, _R, _T, _TAB, _BR, _TBL, _TC, _TR = (_W + n for n in ("p", "r", "t", "tab", "br", "tbl", "tc", "tr"))
_PPR, _RPR, _TBLPR, _TCPR = (_W + n for n in ("pPr", "rPr", "tblPr", "tcPr"))
_PSTYLE, _RSTYLE, _TBLSTYLE, _BASED_ON = (_W + n for n in ("pStyle", "rStyle", "tblStyle", "basedOn"))
_VAL, _STYLE_ID, _TYPE, _DEFAULT = (_W + n for n in ("val", "styleId", "type", "default"))
_SECT_PR = _W + "sectPr"
_FONT_SLOTS = tuple((slot, _W + slot, _W + slot + "Theme") for slot in ("ascii", "hAnsi", "eastAsia", "cs"))
_OFF = ("0", "false", "off")


def _val(element: Any, attr: str = _VAL) -> str | None:
    return None if element is None else element.get(attr)


class DocumentError(Exception):
    """The package cannot be read as a Word document; ``str()`` says why, in Vietnamese."""


class EmptyDocument(DocumentError):
    """The package has no document body to read."""


class StyleCycle(DocumentError):
    """A style is based, through its ``basedOn`` chain, on itself."""


def number(value: Any, default: float | None = None) -> float | None:
    """An OOXML number attribute; hand-made files may leave it out or write nonsense."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return default
    return result if math.isfinite(result) else default  # "1e400", "nan": nonsense too


def _on(element: Any) -> bool | None:
    """A toggle property (w:b, w:i, w:caps): present and not false."""
    if element is None:
        return None
    return element.get(_VAL) not in _OFF


def _properties(element: Any, tag: str) -> Any:
    """``w:pPr`` of a paragraph, ``w:rPr`` of a run: the schema puts it first, so only the first child is
    looked at (``find`` would scan every run of a paragraph that has none: quadratic)."""
    if len(element) and element[0].tag == tag:
        return element[0]
    return None


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
        for child in rpr:
            tag = child.tag
            if tag == _W + "sz":
                if self.size is None and (size := number(child.get(_VAL))) is not None:
                    self.size = size / 2
            elif tag == _W + "b":
                if self.bold is None:
                    self.bold = _on(child)
            elif tag == _W + "i":
                if self.italic is None:
                    self.italic = _on(child)
            elif tag == _W + "caps":
                if self.caps is None:
                    self.caps = _on(child)
            elif tag == _W + "color":
                if self.color is None:
                    self.color = child.get(_VAL)
            elif tag == _W + "rFonts":
                for slot, name, theme_attr in _FONT_SLOTS:
                    if slot in self.fonts:
                        continue
                    theme_name = child.get(theme_attr)
                    if theme_name:
                        self.fonts[slot] = theme.get(theme_name, theme_name)
                    elif child.get(name):
                        self.fonts[slot] = child.get(name)

    def fill_from(self, other: RunFormat) -> None:
        """Take from an already resolved format whatever is not decided yet."""
        if self.size is None:
            self.size = other.size
        if self.bold is None:
            self.bold = other.bold
        if self.italic is None:
            self.italic = other.italic
        if self.caps is None:
            self.caps = other.caps
        if self.color is None:
            self.color = other.color
        for slot, name in other.fonts.items():
            self.fonts.setdefault(slot, name)


_INDENTS = (("first_line_twips", (_W + "firstLine",)), ("hanging_twips", (_W + "hanging",)),
            ("left_twips", (_W + "left", _W + "start")), ("right_twips", (_W + "right", _W + "end")))
_SPACINGS = (("before_twips", _W + "before"), ("after_twips", _W + "after"), ("line", _W + "line"))
_PARA_FIELDS = ("alignment", "first_line_twips", "hanging_twips", "left_twips", "right_twips", "before_twips",
                "after_twips", "line", "line_rule", "bottom_border", "contextual_spacing", "keep_next")


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
    contextual_spacing: bool | None = None  # Word's "don't add space between paragraphs of the same style"
    keep_next: bool | None = None  # "keep with next": a heading's, in kehoach's writing

    def fill(self, ppr: Any) -> None:
        if ppr is None:
            return
        for child in ppr:
            tag = child.tag
            if tag == _W + "jc":
                if self.alignment is None:
                    self.alignment = child.get(_VAL)
            elif tag == _W + "ind":
                for attr, names in _INDENTS:
                    if getattr(self, attr) is None:
                        for name in names:
                            if (value := number(child.get(name))) is not None:
                                setattr(self, attr, int(value))
                                break
            elif tag == _W + "spacing":
                for attr, name in _SPACINGS:
                    if getattr(self, attr) is None and (value := number(child.get(name))) is not None:
                        setattr(self, attr, int(value))
                if self.line_rule is None and child.get(_W + "lineRule") is not None:
                    self.line_rule = child.get(_W + "lineRule")
            elif tag == _W + "contextualSpacing":
                if self.contextual_spacing is None:
                    self.contextual_spacing = _on(child)
            elif tag == _W + "keepNext":
                if self.keep_next is None:
                    self.keep_next = _on(child)
            elif tag == _W + "pBdr":
                bottom = child.find(_W + "bottom")
                if self.bottom_border is None and bottom is not None:
                    self.bottom_border = bottom.get(_VAL) not in (None, "nil", "none")

    def fill_from(self, other: ParaFormat) -> None:
        for name in _PARA_FIELDS:
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))

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


@dataclass(eq=False)  # two paragraphs are the same only when they are one (a field-by-field == cost O(text))
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


@dataclass
class _ParaInfo:
    """What every run of one paragraph shares, looked up once."""

    style: str | None
    table_style: str | None
    ppr: Any


class DocxReader:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.document = open_docx(path)  # bounded, hardened, every bad file a user error
        if self.document.element.body is None:
            raise EmptyDocument(str(path))
        styles_element = self.document.styles.element
        self.styles = {s.get(_STYLE_ID): s for s in styles_element.iterchildren(_W + "style")}
        self.theme = self._theme_fonts()
        defaults = styles_element.find(_W + "docDefaults")
        self.default_rpr = defaults.find(f"{_W}rPrDefault/{_RPR}") if defaults is not None else None
        self.default_ppr = defaults.find(f"{_W}pPrDefault/{_PPR}") if defaults is not None else None
        self.default_paragraph_style = next(
            (sid for sid, s in self.styles.items() if s.get(_TYPE) == "paragraph"
             and s.get(_DEFAULT) in ("1", "true")), None)
        self._based_on = self._check_chains()
        self._style_runs: dict[str, RunFormat] = {}
        self._style_paras: dict[str, ParaFormat] = {}
        self._base_runs: dict[tuple, RunFormat] = {}
        self._base_paras: dict[tuple, ParaFormat] = {}
        self._run_formats: dict[tuple, RunFormat] = {}
        self._para_formats: dict[Any, ParaFormat] = {}
        self._para_info: dict[Any, _ParaInfo] = {}
        self._run_texts: dict[Any, list[tuple[Any, str]]] = {}
        self._texts_with_format: dict[Any, list[tuple[str, RunFormat]]] = {}
        self._main_formats: dict[int, RunFormat | None] = {}
        self._text_widths: dict[int, float] = {}
        self._page_fields: dict[tuple[int, str], tuple[bool, Any]] = {}

    def _theme_fonts(self) -> dict[str, str]:
        fonts: dict[str, str] = {}
        part = self.document.part
        for rel in part.rels.values():
            if rel.reltype.endswith("/theme"):
                root = parse_xml(rel.target_part.blob, str(rel.target_part.partname), str(self.path))
                for kind, prefix in (("majorFont", "major"), ("minorFont", "minor")):
                    node = root.find(f".//{_A}{kind}/{_A}latin")
                    if node is not None:
                        for slot in ("HAnsi", "Ascii", "Bidi", "EastAsia"):
                            fonts[f"{prefix}{slot}"] = node.get("typeface")
        return fonts

    def _check_chains(self) -> dict[str, str]:
        """Each style's parent, every ``basedOn`` chain walked once in all; a cycle is refused (Word
        itself cannot resolve such a style)."""
        parent: dict[str, str] = {}
        for sid, style in self.styles.items():
            based = style.find(_BASED_ON)
            if based is not None and based.get(_VAL) in self.styles:
                parent[sid] = based.get(_VAL)
        state: dict[str, int] = {}  # 1: on the path being walked, 2: known to reach a root
        for start in parent:
            path = []
            sid: str | None = start
            while sid is not None and state.get(sid) != 2:
                if state.get(sid) == 1:
                    raise StyleCycle(f"kiểu `{sid}` dựa trên chính nó (chuỗi basedOn vòng lại trong "
                                     "styles.xml); tệp bị hỏng: hãy mở bằng Word, chọn lại kiểu cho các đoạn, "
                                     "rồi lưu lại.")
                state[sid] = 1
                path.append(sid)
                sid = parent.get(sid)
            for done in path:
                state[done] = 2
        return parent

    # ---------------------------------------------------------- structure --
    @cached_property
    def paragraphs(self) -> list[Para]:
        out: list[Para] = []
        body = self.document.element.body
        table_index = 0
        section = 0
        for child in body.iterchildren():
            if child.tag == _P:
                for element, text in logical(child):  # text boxes and manual line breaks: docx/lines.py
                    out.append(Para(len(out) + 1, element, text, None, section=section))
                ppr = _properties(child, _PPR)
                if ppr is not None and ppr.find(_SECT_PR) is not None:
                    section += 1
            elif child.tag == _TBL:
                for tc in child.iter(_TC):
                    for p in tc.iterchildren(_P):
                        for element, text in logical(p):
                            out.append(Para(len(out) + 1, element, text, table_index, tc, section))
                table_index += 1
        return out

    @cached_property
    def tables(self) -> list[Any]:
        return [c for c in self.document.element.body.iterchildren(_TBL)]

    @staticmethod
    def _text(p: Any) -> str:
        parts = []
        for node in p.iter(_T, _TAB, _BR):
            tag = node.tag
            parts.append((node.text or "") if tag == _T else (" " if tag == _TAB else "\n"))
        return "".join(parts)

    def _runs_with_text(self, p: Any) -> list[tuple[Any, str]]:
        """The runs of ``p`` that show some text, with their text; once per paragraph."""
        found = self._run_texts.get(p)
        if found is None:
            found = []
            for r in p.iter(_R):
                texts = [t.text or "" for t in r.iterchildren(_T)]
                if texts and (text := "".join(texts)).strip():
                    found.append((r, text))
            self._run_texts[p] = found
        return found

    def runs(self, p: Any) -> list[Any]:
        return [r for r, _text in self._runs_with_text(p)]

    # --------------------------------------------------------- formatting --
    def _style_chain(self, style_id: str | None) -> list[Any]:
        """The style and those it is based on, closest first (chains are known to end: see _check_chains)."""
        chain = []
        while style_id and style_id in self.styles:
            chain.append(self.styles[style_id])
            style_id = self._based_on.get(style_id)
        return chain

    def _resolved(self, style_id: str | None, cache: dict, make: Any, tag: str, fill: Any) -> Any:
        """A style's own properties filled from its ``basedOn`` chain, each style resolved once."""
        if not style_id or style_id not in self.styles:
            return None
        if style_id in cache:
            return cache[style_id]
        path = []  # from style_id up to the first style already resolved
        sid: str | None = style_id
        while sid is not None and sid not in cache:
            path.append(sid)
            sid = self._based_on.get(sid)
        parent = cache[sid] if sid is not None else None
        for sid in reversed(path):
            fmt = make()
            fill(fmt, self.styles[sid].find(tag))
            if parent is not None:
                fmt.fill_from(parent)
            cache[sid] = parent = fmt
        return cache[style_id]

    def _style_run(self, style_id: str | None) -> RunFormat | None:
        return self._resolved(style_id, self._style_runs, RunFormat, _RPR,
                              lambda fmt, rpr: fmt.fill(rpr, self.theme))

    def _style_para(self, style_id: str | None) -> ParaFormat | None:
        return self._resolved(style_id, self._style_paras, ParaFormat, _PPR, ParaFormat.fill)

    def _info(self, p: Any) -> _ParaInfo:
        info = self._para_info.get(p)
        if info is None:
            ppr = _properties(p, _PPR)
            pstyle = _properties(ppr, _PSTYLE) if ppr is not None else None  # first in w:pPr too
            style = pstyle.get(_VAL) if pstyle is not None else self.default_paragraph_style
            table_style = None
            tbl = next(p.iterancestors(_TBL), None)
            if tbl is not None:
                tstyle = tbl.find(f"{_TBLPR}/{_TBLSTYLE}")
                table_style = tstyle.get(_VAL) if tstyle is not None else None
            info = self._para_info[p] = _ParaInfo(style, table_style, ppr)
        return info

    def paragraph_style(self, p: Any) -> str | None:
        return self._info(p).style

    def _table_style(self, p: Any) -> list[Any]:
        return self._style_chain(self._info(p).table_style)

    def _base_run(self, info: _ParaInfo) -> RunFormat:
        """What the runs of a paragraph inherit: its style, its table's style, the defaults."""
        key = (info.style, info.table_style)
        base = self._base_runs.get(key)
        if base is None:
            base = RunFormat()
            for inherited in (self._style_run(info.style), self._style_run(info.table_style)):
                if inherited is not None:
                    base.fill_from(inherited)
            base.fill(self.default_rpr, self.theme)
            if base.size is None:
                base.size = 10.0  # Word's own default when nothing says otherwise
            self._base_runs[key] = base
        return base

    def run_format(self, p: Any, r: Any | None = None) -> RunFormat:
        """The effective format of run ``r`` of ``p`` (of ``p``'s text when ``r`` is None).

        Runs with the same properties in paragraphs of the same styles share one format (resolved
        once): treat it as read-only."""
        info = self._info(p)
        # The paragraph mark's own run properties (w:pPr/w:rPr) do not apply to runs.
        rpr = _properties(r, _RPR) if r is not None else None
        if rpr is None:
            return self._base_run(info)
        key = (info.style, info.table_style, etree.tostring(rpr))  # a serialised rPr is cheaper than reading it
        fmt = self._run_formats.get(key)
        if fmt is None:
            fmt = RunFormat()
            fmt.fill(rpr, self.theme)
            rstyle = _properties(rpr, _RSTYLE)  # first in w:rPr too
            if rstyle is not None and (character := self._style_run(rstyle.get(_VAL))) is not None:
                fmt.fill_from(character)
            fmt.fill_from(self._base_run(info))
            self._run_formats[key] = fmt
        return fmt

    def para_format(self, p: Any) -> ParaFormat:
        """The effective paragraph format of ``p``, resolved once (shared: treat it as read-only)."""
        fmt = self._para_formats.get(p)
        if fmt is None:
            fmt = self._para_formats[p] = self._resolve_para_format(p)
        return fmt

    def _resolve_para_format(self, p: Any) -> ParaFormat:
        info = self._info(p)
        key = (info.style, info.table_style)
        base = self._base_paras.get(key)
        if base is None:
            base = ParaFormat()
            for inherited in (self._style_para(info.style), self._style_para(info.table_style)):
                if inherited is not None:
                    base.fill_from(inherited)
            base.fill(self.default_ppr)
            self._base_paras[key] = base
        fmt = ParaFormat()
        fmt.fill(info.ppr)
        fmt.fill_from(base)
        return fmt

    def texts_with_format(self, para: Para) -> list[tuple[str, RunFormat]]:
        """Each run that shows text, with its effective format; once per paragraph."""
        found = self._texts_with_format.get(para.element)
        if found is None:
            found = [(text, self.run_format(para.element, r)) for r, text in self._runs_with_text(para.element)]
            self._texts_with_format[para.element] = found
        return found

    def main_format(self, para: Para) -> RunFormat | None:
        """The format of most of the paragraph's text (by characters); each rule asks, so it is kept."""
        if para.index not in self._main_formats:
            parts = self.texts_with_format(para)
            self._main_formats[para.index] = max(parts, key=lambda item: len(item[0].strip()))[1] if parts else None
        return self._main_formats[para.index]

    def prefix_format(self, para: Para, length: int) -> RunFormat | None:
        """The format of most of the paragraph's first ``length`` characters (a run-in heading)."""
        best, best_count, position = None, -1, 0
        for text, fmt in self.texts_with_format(para):
            count = len(text[:max(0, length - position)].strip())
            position += len(text)
            if count > best_count:
                best, best_count = fmt, count
        return best

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

    @cached_property
    def sections(self) -> list[Any]:
        """The document's sections, listed once (python-docx finds them all again on every index)."""
        return list(self.document.sections)

    def text_width_mm(self, section_index: int) -> float:
        """Width between the margins; without page setup, Word's A4 defaults assumed."""
        from kehoach import decree

        sections = self.sections
        if len(sections) == 0:
            return decree.PAPER_MM[0] - decree.MARGINS["trai"].preferred - decree.MARGINS["phai"].preferred
        index = min(section_index, len(sections) - 1)
        if index not in self._text_widths:
            section = sections[index]
            width = section.page_width.mm if section.page_width is not None else decree.PAPER_MM[0]
            left = section.left_margin.mm if section.left_margin is not None else decree.MARGINS["trai"].preferred
            right = (section.right_margin.mm if section.right_margin is not None
                     else decree.MARGINS["phai"].preferred)
            self._text_widths[index] = width - left - right
        return self._text_widths[index]

    # ------------------------------------------------------------ headers --
    def header_has_page_field(self, section_index: int, kind: str) -> tuple[bool, Any]:
        """(PAGE field present, paragraph holding it) in the section's header/footer of ``kind``.

        A header linked to the previous section's is that one's: each section is looked at once, so
        a document of many linked sections costs one look per section, not one per pair."""
        linked = []
        index = section_index
        while (index, kind) not in self._page_fields:
            section = self.sections[index]
            part = {"default": section.header, "first": section.first_page_header, "footer": section.footer,
                    "first_footer": section.first_page_footer}[kind]
            if part.is_linked_to_previous and index > 0:
                linked.append(index)
                index -= 1
            elif part.is_linked_to_previous:  # none in the file: python-docx would make (and parse) an empty one
                self._page_fields[(index, kind)] = (False, None)
            else:
                self._page_fields[(index, kind)] = self._page_field_in(part._element)
        found = self._page_fields[(index, kind)]
        for index in linked:
            self._page_fields[(index, kind)] = found
        return found

    @staticmethod
    def _page_field_in(element: Any) -> tuple[bool, Any]:
        for p in element.iter(_P):
            instr = " ".join((t.text or "") for t in p.iter(_W + "instrText"))
            instr += " ".join(f.get(_W + "instr", "") for f in p.iter(_W + "fldSimple"))
            if re.search(r"\bPAGE\b", instr):
                return True, p
        return False, None


def unreadable() -> tuple[type[BaseException], ...]:
    """What python-docx raises while opening a package that is not a Word document (a zip of
    something else, parts missing or of the wrong kind): the file's fault, never a bug of ours."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError

    return (zipfile.BadZipFile, PackageNotFoundError, KeyError, EmptyDocument, etree.XMLSyntaxError, ValueError,
            AttributeError)


def open_reader(path: Path | str) -> DocxReader:
    """A reader of the .docx at ``path``, the ways it can fail to open said in
    Vietnamese (``import`` opens Word files through here, as ``check`` does)."""
    from kehoach.errors import InvalidInput, Problem

    path = Path(path)  # missing, a folder, a FIFO, too big, encrypted, malformed: open_docx says which
    try:
        return DocxReader(path)
    except unreadable():
        raise InvalidInput([Problem("không đọc được tệp: đây không phải tệp Word .docx (tệp .doc cũ hãy mở bằng "
                                    "Word rồi lưu thành .docx).", str(path))]) from None
    except DocumentError as exc:  # a Word file, but broken in a way the reader names
        raise InvalidInput([Problem(f"không đọc được tệp: {exc}", str(path))]) from None
