"""Small makers of WordprocessingML, each named after what it makes.

This is the lowest layer: only ``docx_writer`` calls it. Every function
returns an XML string; text is escaped here and nowhere else. Units follow
OOXML: twips (1/20 pt) for lengths, half-points for font sizes, eighths of a
point for borders.
"""

from __future__ import annotations

import re

TWIPS_PER_MM = 1440 / 25.4

# Characters XML 1.0 cannot hold. The loader refuses them with a position;
# this is the writer's own guarantee that it never produces a broken file.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


_XML_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    if _XML_SPECIAL.search(text) is None:  # nearly always: nothing to do
        return text
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def font_slots(name: str) -> str:
    """The same font in all four slots, so Vietnamese never falls back ([P1] I.4)."""
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'


def language(tag: str) -> str:
    return f'<w:lang w:val="{tag}" w:eastAsia="{tag}" w:bidi="{tag}"/>'


def font_size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def run(text: str, bold: bool | None = None, italic: bool | None = None, size: float | None = None) -> str:
    props = ""
    if bold is not None:
        props += "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    if italic is not None:
        props += "<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>'
    if size is not None:
        props += font_size(size)  # after b/i: CT_RPr's order
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    text = escape(text)
    if "\n" not in text and "\t" not in text:
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else f"<w:r>{rpr}</w:r>"
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


NOTE_MARK_STYLE = "FootnoteReference"  # Word's built-in name: Word shows it as "Footnote Reference"


def note_reference(number: int) -> str:
    """The superscript mark in the text that points at footnote ``number``."""
    return f'<w:r><w:rPr><w:rStyle w:val="{NOTE_MARK_STYLE}"/></w:rPr><w:footnoteReference w:id="{number}"/></w:r>'


def note_own_mark() -> str:
    """The same number again, at the start of the footnote's own text."""
    return f'<w:r><w:rPr><w:rStyle w:val="{NOTE_MARK_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'


def paragraph(style_id: str, runs: str = "", extra_ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra_ppr}</w:pPr>{runs}</w:p>'


def closing_mark(section: str = "") -> str:
    """The paragraph Word needs after a table that ends a body or a section: one point
    high and hidden, so that a signature block filling the page does not push it
    onto a page of its own (a blank page with only its number)."""
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            f'<w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>{section}</w:pPr></w:p>')


def bottom_border(weight_eighths: int) -> str:
    """A paragraph's bottom border: the short solid line (nd30.md §8)."""
    return (f'<w:pBdr><w:bottom w:val="single" w:sz="{weight_eighths}" w:space="1" w:color="000000"/></w:pBdr>')


def indents(left: int, right: int) -> str:
    return f'<w:ind w:left="{left}" w:right="{right}" w:firstLine="0"/>'


def hanging_indent(left: int, hanging: int) -> str:
    """Wrapped lines start at ``left``; the first line ``hanging`` before it."""
    return f'<w:ind w:left="{left}" w:right="0" w:hanging="{hanging}"/>'


def page_field() -> str:
    """A PAGE field, the page number of [P1] I.7, with a cached result."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>2</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def table_borders(visible: bool) -> str:
    value = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if visible else 'w:val="nil"'
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return "<w:tblBorders>" + "".join(f"<w:{s} {value}/>" for s in sides) + "</w:tblBorders>"


def table_properties(width: int, visible_borders: bool, cell_margin: int, top_margin: int = 0) -> str:
    return (f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblInd w:w="0" w:type="dxa"/>{table_borders(visible_borders)}'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{top_margin}" w:type="dxa"/>'
            f'<w:left w:w="{cell_margin}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
            f'<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            f'w:noHBand="1" w:noVBand="1"/></w:tblPr>')


def table_grid(widths: list[int]) -> str:
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"


def cell(content: str, width: int, span: int = 1, merge: str | None = None, v_align: str = "top") -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        props += "<w:vMerge/>"
    props += f'<w:vAlign w:val="{v_align}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row(cells: str, header: bool = False) -> str:
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{props}{cells}</w:tr>"


def box_borders(weight_eighths: int, color: str, space_pt: int) -> str:
    """A single-line rectangle around a paragraph (ô 10a/10b, a draft's box); left and
    right borders sit on the indents, so the indents set the frame's width."""
    top = f'w:val="single" w:sz="{weight_eighths}" w:space="{space_pt}" w:color="{color}"'
    side = f'w:val="single" w:sz="{weight_eighths}" w:space="0" w:color="{color}"'
    return f'<w:pBdr><w:top {top}/><w:left {side}/><w:bottom {top}/><w:right {side}/></w:pBdr>'


def top_border(weight_eighths: int) -> str:
    """The solid line over ô 13, the full width of the text block ([P1] III.4)."""
    return f'<w:pBdr><w:top w:val="single" w:sz="{weight_eighths}" w:space="1" w:color="000000"/></w:pBdr>'


def colored_run(text: str, color: str) -> str:
    return f'<w:r><w:rPr><w:color w:val="{color}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def section_properties(*, landscape: bool, margins: tuple[int, int, int, int], header_distance: int,
                       footer_distance: int, page_header_ids: tuple[str, str], paper: tuple[int, int],
                       first_footer_id: str | None = None) -> str:
    """Page setup of one section: A4, margins, page numbers from page 2 on.

    ``titlePg`` gives the first page its own (empty) header, so page 1 shows
    no number ([P1] I.7); ``pgNumType start=1`` numbers each section (each
    phụ lục) on its own ([P1] III.1.đ).
    """
    top, bottom, left, right = margins
    width, height = paper
    size = (f'<w:pgSz w:w="{height}" w:h="{width}" w:orient="landscape"/>' if landscape
            else f'<w:pgSz w:w="{width}" w:h="{height}"/>')
    default_id, first_id = page_header_ids
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="{default_id}"/>'
            f'<w:headerReference w:type="first" r:id="{first_id}"/>'
            + (f'<w:footerReference w:type="first" r:id="{first_footer_id}"/>' if first_footer_id else "")
            + f'{size}'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
            f'w:header="{header_distance}" w:footer="{footer_distance}" w:gutter="0"/>'
            f'<w:pgNumType w:start="1"/><w:titlePg/></w:sectPr>')
