"""A .docx as a reader sees it: paragraphs of emphasised text, tables, sections.

``kehoach import`` recognises a plan from this, by content and position,
never by style names. It sits on ``DocxReader`` (the checker's reader), so
formatting is resolved exactly as ``check`` resolves it; this module only
adds what the checker does not need: the text of every run with its bold
and italic, the labels Word's automatic numbering prints, the cells of
tables with their spans, the text of footnotes and of text boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

from kehoach.docx.numbering import Numbering
from kehoach.docx.reader import DocxReader, number

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), f"{_MC}Fallback", qn("w:instrText"),
            qn("w:delText"), qn("w:footnotePr"), qn("w:endnotePr")}
MAX_FOOTNOTE_CHARS = 20_000


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    footnote: str | None = None  # the id of a footnote referenced here (text is empty)
    legacy: str | None = None  # "tcvn3", "tcvn3-upper" or "vni": typed in a font of that encoding (.VnTime…)


@dataclass
class Paragraph:
    spans: list[Span]
    label: str | None = None  # printed by Word's automatic numbering
    bullet: bool = False  # the label is a bullet
    alignment: str | None = None
    size: float | None = None  # of most of the text
    first_line_cm: float = 0.0
    line_spacing: tuple[str, float] = ("auto", 1.0)
    element: Any = None
    page_break: bool = False  # holds a page break: what follows starts a new page
    keep_next: bool = False  # kept with the next paragraph (kehoach's headings are)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def lines(self) -> list[str]:
        """The lines a manual line break separates, stripped, without empty ones."""
        return [line.strip() for line in self.text.split("\n") if line.strip()]

    @property
    def bold(self) -> bool:
        """Most of the text is bold."""
        return _mostly(self.spans, "bold")

    @property
    def italic(self) -> bool:
        return _mostly(self.spans, "italic")


def _mostly(spans: list[Span], attr: str) -> bool:
    total = sum(len(s.text.strip()) for s in spans)
    marked = sum(len(s.text.strip()) for s in spans if getattr(s, attr))
    return total > 0 and marked * 2 > total


@dataclass
class Cell:
    paragraphs: list[Paragraph]
    span: int = 1
    merge: str | None = None  # None | "restart" | "continue" (vertical merge)

    @property
    def text(self) -> str:
        return "\n".join(p.text.strip() for p in self.paragraphs if p.text.strip())


@dataclass
class Table:
    rows: list[list[Cell]]
    widths: list[float]  # of the grid columns, twips
    header_rows: int = 0  # the rows at the top marked "repeat as header row" (w:tblHeader)

    @property
    def columns(self) -> int:
        return max((sum(c.span for c in row) for row in self.rows), default=0)

    def paragraphs(self) -> list[Paragraph]:
        return [p for row in self.rows for cell in row for p in cell.paragraphs]


@dataclass
class SectionEnd:
    """The end of a section; what follows starts on a new page."""

    landscape: bool = False


@dataclass
class Content:
    blocks: list  # Paragraph | Table | SectionEnd, in reading order
    footnotes: dict[str, str] = field(default_factory=dict)
    margins_mm: tuple[float | None, ...] = ()
    landscape_last: bool = False


class _Builder:
    def __init__(self, reader: DocxReader) -> None:
        self.reader = reader
        root = None
        try:
            root = reader.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        self.numbering = Numbering(root, self._style_numbering())

    def _style_numbering(self) -> dict[str, tuple[str, int]]:
        out = {}
        for style_id in self.reader.styles:
            for style in self.reader._style_chain(style_id):
                num_pr = style.find(qn("w:pPr") + "/" + qn("w:numPr"))
                if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
                    ilvl = num_pr.find(qn("w:ilvl"))
                    out[style_id] = (num_pr.find(qn("w:numId")).get(qn("w:val")),
                                     int(number(ilvl.get(qn("w:val")) if ilvl is not None else 0, 0)))
                    break
        return out

    # paragraphs ---------------------------------------------------------
    def _runs(self, node: Any, out: list[Any], boxes: list[Any]) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIPPED:
                if tag == qn("w:txbxContent"):
                    boxes.append(child)
                continue
            if tag == qn("w:r"):
                out.append(child)
                for box in child.iter(qn("w:txbxContent")):
                    if not any(a.tag == f"{_MC}Fallback" for a in box.iterancestors()):
                        boxes.append(box)
                        break
            elif isinstance(tag, str):
                self._runs(child, out, boxes)

    def paragraph(self, p: Any, before: list) -> Paragraph:
        runs: list[Any] = []
        boxes: list[Any] = []
        self._runs(p, runs, boxes)
        for box in boxes:  # a text box's paragraphs read before the paragraph that anchors it
            for inner in box.iter(qn("w:p")):
                before.append(self.paragraph(inner, before))
        spans: list[Span] = []
        sizes: dict[float, int] = {}
        page_break = False
        for r in runs:
            fmt = None
            text = []
            for node in r:
                tag = node.tag
                if tag == qn("w:t"):
                    text.append(node.text or "")
                elif tag == qn("w:tab"):
                    text.append(" ")
                elif tag in (qn("w:br"), qn("w:cr")):
                    if node.get(qn("w:type")) not in ("page", "column"):
                        text.append("\n")
                    elif node.get(qn("w:type")) == "page":
                        page_break = True
                elif tag == qn("w:noBreakHyphen"):
                    text.append("-")
                elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                    spans.append(Span("", footnote=("e" if "endnote" in tag else "") + (node.get(qn("w:id")) or "")))
            if text:
                fmt = self.reader.run_format(p, r)
                joined = "".join(text)
                spans.append(Span(joined, bool(fmt.bold), bool(fmt.italic), legacy=_legacy_font(fmt.fonts)))
                if fmt.size is not None:
                    sizes[fmt.size] = sizes.get(fmt.size, 0) + len(joined.strip())
        spans = _merged(spans)
        style_id = self.reader.paragraph_style(p)
        found = self.numbering.label(p, style_id)
        pfmt = self.reader.para_format(p)
        para = Paragraph(spans, alignment=pfmt.alignment, first_line_cm=pfmt.first_line_cm,
                         line_spacing=pfmt.line_spacing, element=p)
        if found is not None:
            para.label, para.bullet = found
        para.size = max(sizes, key=sizes.get) if sizes else None
        para.page_break = page_break
        para.keep_next = bool(pfmt.keep_next)
        return para

    # tables ---------------------------------------------------------------
    def table(self, tbl: Any) -> Table:
        widths = [number(c.get(qn("w:w")), 0) or 0 for c in tbl.findall(qn("w:tblGrid") + "/" + qn("w:gridCol"))]
        rows, header_rows = [], 0
        for tr in tbl.iter(qn("w:tr")):
            if next(tr.iterancestors(qn("w:tbl"))) is not tbl:
                continue  # a row of a nested table is read as text of its cell
            if header_rows == len(rows) and _on(tr.find(qn("w:trPr") + "/" + qn("w:tblHeader"))):
                header_rows += 1
            cells = []
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span, merge = 1, None
                if tcpr is not None:
                    grid = tcpr.find(qn("w:gridSpan"))
                    span = max(1, int(number(grid.get(qn("w:val")) if grid is not None else 1, 1)))
                    vmerge = tcpr.find(qn("w:vMerge"))
                    if vmerge is not None:
                        merge = "restart" if vmerge.get(qn("w:val")) == "restart" else "continue"
                paras: list[Paragraph] = []
                for p in tc.iter(qn("w:p")):
                    paras.append(self.paragraph(p, paras))
                cells.append(Cell(paras, span, merge))
            rows.append(cells)
        return Table(rows, widths, header_rows)


def _on(element: Any) -> bool:
    """A row property that is present and not switched off (``w:val="0"``/``false``)."""
    return element is not None and element.get(qn("w:val")) not in ("0", "false", "off")


def _legacy_font(fonts: dict[str, str]) -> str | None:
    """The old encoding a font name stands for: TCVN3 fonts are named ``.VnTime``, ``.VnArialH``…,
    VNI fonts ``VNI-Times``…; text typed in them is not Unicode."""
    name = (fonts.get("ascii") or fonts.get("hAnsi") or "").strip()
    if name.lower().startswith(".vn"):
        # TCVN3 has no capital accented letters: the ``H`` fonts (.VnTimeH) draw small ones as capitals.
        return "tcvn3-upper" if name.endswith("H") else "tcvn3"
    if name.upper().startswith(("VNI-", "VNI ")):
        return "vni"
    return None


def _merged(spans: list[Span]) -> list[Span]:
    """Neighbouring runs of the same emphasis as one (Word splits text into runs at every edit)."""
    out: list[Span] = []
    for span in spans:
        if out and span.footnote is None and out[-1].footnote is None and (span.bold, span.italic, span.legacy) == (
                out[-1].bold, out[-1].italic, out[-1].legacy):
            out[-1] = Span(out[-1].text + span.text, span.bold, span.italic, legacy=span.legacy)
        elif span.text or span.footnote is not None:
            out.append(span)
    return out


def _footnotes(reader: DocxReader) -> dict[str, str]:
    from kehoach.docx.package import parse_xml  # the hardened parser every part goes through

    notes: dict[str, str] = {}
    for rel in reader.document.part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in ("footnotes", "endnotes") or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob, f"word/{kind}.xml", str(reader.path))
        for note in root:
            if note.get(qn("w:type")) not in (None, "normal"):
                continue  # separators
            text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).strip() for p in note.iter(qn("w:p")))
            key = ("e" if kind == "endnotes" else "") + (note.get(qn("w:id")) or "")
            notes[key] = " ".join(text.split())[:MAX_FOOTNOTE_CHARS]
    return notes


def read_content(reader: DocxReader) -> Content:
    builder = _Builder(reader)
    blocks: list = []
    for child in reader.document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            before: list = []
            para = builder.paragraph(child, before)
            blocks += before
            blocks.append(para)
            sect = child.find(qn("w:pPr") + "/" + qn("w:sectPr"))
            if sect is not None:
                blocks.append(SectionEnd(_landscape(sect)))
        elif child.tag == qn("w:tbl"):
            blocks.append(builder.table(child))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            for p in content.iter(qn("w:p")) if content is not None else ():
                before = []
                blocks += before + [builder.paragraph(p, before)]
    sections = reader.document.sections
    margins: tuple = ()
    landscape_last = False
    if len(sections):
        first = sections[0]
        margins = tuple(None if m is None else m.mm for m in (first.top_margin, first.bottom_margin,
                                                               first.left_margin, first.right_margin))
        last = reader.document.element.body.find(qn("w:sectPr"))
        landscape_last = last is not None and _landscape(last)
    return Content(blocks, _footnotes(reader), margins, landscape_last)


def _landscape(sect: Any) -> bool:
    size = sect.find(qn("w:pgSz"))
    if size is None:
        return False
    if size.get(qn("w:orient")) == "landscape":
        return True
    return (number(size.get(qn("w:w")), 0) or 0) > (number(size.get(qn("w:h")), 0) or 0) > 0
