"""Neutral blocks + the Decree 30 style sheet → .docx bytes.

Each role of ``decree.ROLES`` becomes one named paragraph style (``KH Nội
dung`` …), so a clerk who edits the file in Word finds the decree's
formatting in the style list, not scattered over every paragraph.

The package is assembled from strings: the parts that do not depend on the
plan (content types, relationships, settings, font table) are built once per
process, the style sheet once per layout, and only ``document.xml`` and the
document properties per plan. python-docx's own template would cost more
than the whole time budget of a render (issue #2, "Keep in mind"), and
building the tree through its proxies is several times slower than this; the
tests and the checker read the result back with python-docx.

The ZIP is reproducible: fixed entry order, fixed timestamps, fixed
compression level; the document properties carry the plan's own date.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import replace
from functools import lru_cache, cache

from kehoach.docx import ooxml
from kehoach import decree
from kehoach.docx import zipwriter
from kehoach.compose.blocks import (Boxed, Cell, DataTable, Document, Layout, LayoutTable, Para, SectionBreak,
                                    ShortLine)
from kehoach.compose.wording import compound_words
from kehoach.docx.metrics import MM_PER_PT, text_width_mm

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

STYLE_NAMES = {
    "quoc_hieu": "Quốc hiệu", "tieu_ngu": "Tiêu ngữ", "co_quan_chu_quan": "Cơ quan chủ quản",
    "co_quan": "Cơ quan ban hành", "so_ky_hieu": "Số, ký hiệu", "dia_danh_ngay": "Địa danh, ngày tháng",
    "ten_loai": "Tên loại", "trich_yeu": "Trích yếu", "can_cu": "Căn cứ", "noi_dung": "Nội dung",
    "tieu_de_1": "Tiêu đề cấp 1", "tieu_de_2": "Tiêu đề cấp 2", "tieu_de_3": "Tiêu đề cấp 3",
    "tieu_de_4": "Tiêu đề cấp 4", "quyen_han": "Quyền hạn, chức vụ người ký", "ho_ten": "Họ tên người ký",
    "duoi_ten": "Dòng dưới họ tên", "noi_nhan_nhan": "Nơi nhận", "noi_nhan": "Nơi nhận - mục",
    "dia_danh_ngay_dai": "Địa danh, ngày tháng (dòng dài)",
    "so_trang": "Số trang", "phu_luc_nhan": "Phụ lục - số", "phu_luc_tieu_de": "Phụ lục - tên",
    "kem_theo": "Phụ lục - kèm theo", "bang_dau": "Bảng - tiêu đề cột", "bang_so_cot": "Bảng - số cột",
    "bang_nhom": "Bảng - nhóm", "bang_stt": "Bảng - số thứ tự", "bang_o": "Bảng - ô", "bang_ghi_chu": "Bảng - ghi chú", "duong_ke": "Đường kẻ",
    "kinh_gui": "Kính gửi", "kinh_gui_muc": "Kính gửi - nơi nhận", "kinh_gui_ghi_chu": "Kính gửi - ghi chú",
    "tham_quyen": "Thẩm quyền ban hành", "quyet_dinh": "Quyết định", "trich_yeu_cong_van": "Trích yếu công văn",
    "chu_thich": "Chú thích cuối trang", "dau_muc_do": "Dấu độ mật, độ khẩn", "du_thao": "Dự thảo",
    "lien_he": "Địa chỉ, liên hệ", "ky_phu_luc_ghi_chu": "Phụ lục - ghi chú dòng ký",
    "phu_luc_trich_yeu": "Phụ lục - trích yếu", "bang_tieu_de": "Bảng - tên bảng", "bang_don_vi": "Bảng - đơn vị tính",
}


_RECIPIENT_ROLES = frozenset({"kinh_gui", "kinh_gui_muc", "kinh_gui_ghi_chu"})


@cache
def style_id(role: str) -> str:
    return "KH" + "".join(part.title() for part in role.split("_"))


# --------------------------------------------------------- static parts ----


@lru_cache(maxsize=1)
def _static_parts() -> dict[str, str]:
    ct = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.settings+xml"/>'
          '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.fontTable+xml"/>'
          '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.header+xml"/>'
          '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.header+xml"/>'
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
          'core-properties+xml"/>'
          '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'custom-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'extended-properties+xml"/></Types>')
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'extended-properties" Target="docProps/app.xml"/>'
            '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'custom-properties" Target="docProps/custom.xml"/></Relationships>')
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    doc_rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{base}styles" Target="styles.xml"/>'
                f'<Relationship Id="rId2" Type="{base}settings" Target="settings.xml"/>'
                f'<Relationship Id="rId3" Type="{base}fontTable" Target="fontTable.xml"/>'
                f'<Relationship Id="rId4" Type="{base}header" Target="header1.xml"/>'
                f'<Relationship Id="rId5" Type="{base}header" Target="header2.xml"/></Relationships>')
    # Children in the schema's order (CT_Settings): Word refuses files that mix it.
    settings = (f'<w:settings {_W}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
                '<w:characterSpacingControl w:val="doNotCompress"/>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/'
                f'word" w:val="15"/></w:compat><w:themeFontLang w:val="{decree.LANGUAGE}"/></w:settings>')
    fonts = (f'<w:fonts {_W}><w:font w:name="{decree.FONT_NAME}"><w:panose1 w:val="02020603050405020304"/>'
             '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')
    page_number = (f'<w:hdr {_W} {_R}>' + ooxml.paragraph(style_id("so_trang"), ooxml.page_field()) + "</w:hdr>")
    empty_header = f'<w:hdr {_W} {_R}>' + ooxml.paragraph(style_id("so_trang")) + "</w:hdr>"
    return {
        "[Content_Types].xml": ct,
        "_rels/.rels": rels,
        "word/_rels/document.xml.rels": doc_rels,
        "word/settings.xml": settings,
        "word/fontTable.xml": fonts,
        "word/header1.xml": page_number,
        "word/header2.xml": empty_header,
    }


@lru_cache(maxsize=16)
def styles_xml(size_set: int, first_line_indent_cm: float, line_spacing: float,
               on_demand: frozenset[str] = frozenset()) -> str:
    """The style sheet for one layout: document defaults and one style per role
    (an ``on_demand`` role only when the document uses it)."""
    body = decree.ROLES["noi_dung"].size(size_set)
    rpr_default = (ooxml.font_slots(decree.FONT_NAME) + f'<w:color w:val="{decree.FONT_COLOR}"/>'
                   + ooxml.font_size(body) + ooxml.language(decree.LANGUAGE))
    out = [f'<w:styles {_W}><w:docDefaults><w:rPrDefault><w:rPr>{rpr_default}</w:rPr></w:rPrDefault>'
           '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
           '</w:pPr></w:pPrDefault></w:docDefaults>',
           '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
           f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
           f'<w:rPr>{rpr_default}</w:rPr></w:style>',
           '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
           '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
           '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
           '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
           '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
           '</w:tblCellMar></w:tblPr></w:style>']
    indent = round(first_line_indent_cm * 10 * ooxml.TWIPS_PER_MM)
    for role in decree.ROLES.values():
        if role.on_demand and role.name not in on_demand:
            continue
        ppr = '<w:keepNext/>' if role.keep_next else ""
        if role.name == "duong_ke":
            ppr += (f'<w:spacing w:before="0" w:after="0" w:line="{round(decree.SHORT_LINE_HEIGHT_PT * 20)}" '
                    'w:lineRule="exact"/>')
        else:
            line = round(240 * line_spacing) if role.first_line_indent else 240
            ppr += (f'<w:spacing w:before="{round(role.space_before_pt * 20)}" '
                    f'w:after="{round(role.space_after_pt * 20)}" w:line="{line}" w:lineRule="auto"/>')
        ppr += f'<w:ind w:firstLine="{indent}"/>' if role.first_line_indent else '<w:ind w:left="0" w:right="0"/>'
        ppr += f'<w:jc w:val="{role.align}"/>'
        rpr = ooxml.font_slots(decree.FONT_NAME)
        rpr += "<w:b/><w:bCs/>" if role.bold else ""
        rpr += "<w:i/><w:iCs/>" if role.italic else ""
        rpr += f'<w:color w:val="{decree.FONT_COLOR}"/>' + ooxml.font_size(role.size(size_set))
        out.append(f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id(role.name)}">'
                   f'<w:name w:val="KH {STYLE_NAMES[role.name]}"/><w:basedOn w:val="Normal"/><w:qFormat/>'
                   f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')
    if "chu_thich" in on_demand:
        out.append(f'<w:style w:type="character" w:styleId="{ooxml.NOTE_MARK_STYLE}"><w:name w:val="footnote '
                   'reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:vertAlign w:val="superscript"/>'
                   '</w:rPr></w:style>')
    out.append("</w:styles>")
    return "".join(out)


# ------------------------------------------------------------- document ----


def _columns(text_width: float, size_set: int, left: list, right: list) -> tuple[float, float]:
    """Widths of the two borderless columns (header, signature block).

    The right column fits the Quốc hiệu on one line ([P1] II.1.a) and, when
    the left column can spare the room, the place-date line too (a long place
    name such as "Thành phố Hồ Chí Minh" would otherwise wrap).
    """
    def widest(blocks: list) -> float:
        return max((text_width_mm_of(b.role, b.text, size_set) for b in blocks if isinstance(b, Para) and b.runs),
                   default=0.0)

    spare = decree.COLUMN_SPARE_MM
    must = max(decree.RIGHT_COLUMN_MIN_MM, text_width_mm_of("quoc_hieu", decree.QUOC_HIEU, size_set) + spare)
    left_needs = widest(left) + spare
    wish = max(must, widest(right) + spare)
    if text_width - wish >= left_needs:
        return text_width - wish, wish
    # The longest right line is the place-date line: at the decree's smaller size it may fit.
    small = max(must, widest([_smaller_place_date(b) for b in right]) + spare)
    if text_width - small >= left_needs:
        return text_width - small, small
    return text_width - must, must


NO_BREAK_SPACE = "\u00a0"


def unbroken_words(para: Para, width_mm: float, size_set: int) -> Para:
    """``para`` with a no-break space inside each word its lines would otherwise break in.

    The lines are laid as Word and LibreOffice lay them (first fit, the font's own
    widths); where a line would end between two syllables of one word of the word
    list ("ẢNH | HƯỞNG"), that space is made unbreakable and the lines laid again.
    Only those spaces change: the words and what a clerk copies out are the same."""
    spec = decree.ROLES[para.role]
    size = spec.size(size_set)
    text = para.text
    if len(text) < 20 or text_width_mm(text, size, spec.bold, spec.italic) <= width_mm:
        return para
    words = compound_words()
    space = text_width_mm(" ", size, spec.bold, spec.italic)
    joined: set[int] = set()  # offsets of the spaces made unbreakable
    for _ in range(len(text)):
        pieces, start = [], 0
        for i, ch in enumerate(text):
            if ch == " " and i not in joined:
                pieces.append((start, i))
                start = i + 1
        pieces.append((start, len(text)))
        line, fixed = 0.0, False
        for k, (a, b) in enumerate(pieces):
            piece = text_width_mm(text[a:b], size, spec.bold, spec.italic)
            if line and line + space + piece > width_mm:  # the line breaks before piece k
                before = text[pieces[k - 1][0]:pieces[k - 1][1]].replace(NO_BREAK_SPACE, " ").split()
                after = text[a:b].replace(NO_BREAK_SPACE, " ").split()
                if before and after and (f"{before[-1]} {after[0]}".lower() in words
                                         or (len(before) > 1 and f"{before[-2]} {before[-1]} {after[0]}".lower() in words)):
                    joined.add(a - 1)
                    fixed = True
                    break
                line = piece
            else:
                line = line + space + piece if line else piece
        if not fixed:
            break
    if not joined:
        return para
    runs, offset = [], 0
    for run in para.runs:
        chars = [NO_BREAK_SPACE if offset + i in joined else ch for i, ch in enumerate(run.text)]
        runs.append(replace(run, text="".join(chars)))
        offset += len(run.text)
    return replace(para, runs=tuple(runs))


def _smaller_place_date(block: object) -> object:
    return Para("dia_danh_ngay_dai", block.runs) if isinstance(block, Para) and block.role == "dia_danh_ngay" else block


def _fit_place_date(table: LayoutTable, right_mm: float, size_set: int) -> LayoutTable:
    """The header with its place-date line at the smaller size when only then it fits its column."""
    def fits(block: object) -> bool:
        return text_width_mm_of(block.role, block.text, size_set) + decree.COLUMN_SPARE_MM <= right_mm + 0.01

    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            blocks = tuple(_smaller_place_date(b) if isinstance(b, Para) and b.role == "dia_danh_ngay" and not fits(b)
                           and fits(_smaller_place_date(b)) else b for b in cell.blocks)
            cells.append(replace(cell, blocks=blocks))
        rows.append(tuple(cells))
    return replace(table, rows=tuple(rows))


def text_width_mm_of(role: str, text: str, size_set: int) -> float:
    spec = decree.ROLES[role]
    return text_width_mm(text, spec.size(size_set), spec.bold, spec.italic)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.layout: Layout = document.layout
        self.out: list[str] = []
        top, bottom, left, right = self.layout.margins_mm
        self.margins = (ooxml.mm(top), ooxml.mm(bottom), ooxml.mm(left), ooxml.mm(right))
        self.landscape = False  # the plan itself is portrait ([P1] I.2); appendices may turn
        self.columns: tuple[float, float] | None = None
        self.sections_written = 0

    def text_width(self) -> float:
        page = decree.PAPER_MM[1] if self.landscape else decree.PAPER_MM[0]
        return page - self.layout.margins_mm[2] - self.layout.margins_mm[3]

    def section(self) -> str:
        footer = None
        if self.doc.first_footer:  # ô 13 on page 1 only: later sections get an empty first-page footer
            footer = "rId8" if self.sections_written else "rId7"
        self.sections_written += 1
        return ooxml.section_properties(
            landscape=self.landscape, margins=self.margins, header_distance=ooxml.mm(decree.HEADER_DISTANCE_MM),
            footer_distance=ooxml.mm(decree.FOOTER_DISTANCE_MM), page_header_ids=("rId4", "rId5"),
            paper=(ooxml.mm(decree.PAPER_MM[0]), ooxml.mm(decree.PAPER_MM[1])), first_footer_id=footer)

    def write(self) -> str:
        blocks = self.doc.blocks
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Para) and isinstance(following, LayoutTable) \
                    and decree.KEEP_TOGETHER[following.kind].with_previous:
                self.out.append(self.para(block, keep_next=True))  # the signature keeps the last paragraph
                continue
            self.block(block, self.text_width())
        if self.doc.blocks and isinstance(self.doc.blocks[-1], (LayoutTable, DataTable)):
            # Word ends a body with a paragraph, never a table: a short empty one.
            self.out.append(ooxml.closing_mark())
        body = "".join(self.out)
        return (f'{_XML}<w:document {_W} {_R}><w:body>{body}{self.section()}</w:body></w:document>')

    def block(self, block: object, width_mm: float) -> None:
        out = self.out
        if isinstance(block, Para):
            if block.role in decree.UNBROKEN_WORDS:
                block = unbroken_words(block, width_mm, self.layout.size_set)
            out.append(self.recipient(block) if block.role in _RECIPIENT_ROLES else self.para(block))
        elif isinstance(block, ShortLine):
            out.append(self.short_line(block, width_mm))
        elif isinstance(block, Boxed):
            out.append(self.boxed(block, width_mm))
        elif isinstance(block, LayoutTable):
            self.layout_table(block)
        elif isinstance(block, DataTable):
            self.data_table(block)
        elif isinstance(block, SectionBreak):
            # The section ends in the properties of its last paragraph.
            out.append(ooxml.closing_mark(self.section()) if out and out[-1].endswith("</w:tbl>")
                       else f"<w:p><w:pPr>{self.section()}</w:pPr></w:p>")
            self.landscape = block.landscape
        else:  # pragma: no cover - compose only makes the blocks above
            raise TypeError(f"unknown block {block!r}")

    @staticmethod
    @lru_cache(maxsize=8192)
    def para(para: Para, keep_next: bool = False) -> str:
        """Cached: in a batch most paragraphs are the same for every commune."""
        runs = "".join(ooxml.note_reference(r.note) if r.note else ooxml.run(r.text, r.bold, r.italic, para.size)
                       for r in para.runs)
        return ooxml.paragraph(style_id(para.role), runs, ("<w:keepNext/>" if keep_next else "")
                               + (f'<w:jc w:val="{para.align}"/>' if para.align else ""))

    def recipient(self, para: Para) -> str:
        """A line of "Kính gửi:" ([P1] II.9.b): the label at Mẫu 1.5's indent, one
        recipient after it (wrapping under the name), several on their own lines
        with the dashes straight under the colon."""
        size_set = self.layout.size_set
        label = text_width_mm_of("kinh_gui", decree.KINH_GUI, size_set)
        label_gap = text_width_mm_of("kinh_gui", f"{decree.KINH_GUI}: ", size_set)
        dash = text_width_mm_of("kinh_gui_muc", "- ", size_set)
        base = decree.KINH_GUI_INDENT_MM
        left, hanging = {"kinh_gui": (base + label_gap, label_gap), "kinh_gui_muc": (base + label + dash, dash),
                         "kinh_gui_ghi_chu": (base + label_gap, 0.0)}[para.role]
        runs = "".join(ooxml.run(r.text, r.bold, r.italic) for r in para.runs)
        return ooxml.paragraph(style_id(para.role), runs, ooxml.hanging_indent(ooxml.mm(left), ooxml.mm(hanging)))

    def boxed(self, box: Boxed, width_mm: float) -> str:
        """A framed mark at the left of its column: the decree's stamp sizes (20/30/40 × 8 mm), or the
        text's width and a little air for a draft's box."""
        spec = decree.ROLES[box.para.role]
        size = spec.size(self.layout.size_set)
        width = min(width_mm, box.width_mm or text_width_mm(box.para.text, size, spec.bold, spec.italic) + 6.0)
        color = box.color or decree.FONT_COLOR
        extra = ooxml.box_borders(decree.SHORT_LINE_WEIGHT_EIGHTHS, color, 1)
        if box.height_mm:  # the frame's height: the line plus the borders and their 1 pt gaps
            line = box.height_mm / MM_PER_PT - 2 * (1 + decree.SHORT_LINE_WEIGHT_EIGHTHS / 8)
            extra += (f'<w:spacing w:before="{round(spec.space_before_pt * 20)}" w:after="0" '
                      f'w:line="{round(line * 20)}" w:lineRule="exact"/>')
        extra += ooxml.indents(0, ooxml.mm(width_mm - width))
        runs = "".join(ooxml.colored_run(r.text, box.color) if box.color else ooxml.run(r.text, r.bold, r.italic)
                       for r in box.para.runs)
        return ooxml.paragraph(style_id(box.para.role), runs, extra)

    def short_line(self, line: ShortLine, width_mm: float) -> str:
        spec = decree.SHORT_LINES[line.kind]
        text_mm = min(width_mm, max(text_width_mm_of(line.role, t, self.layout.size_set) for t in line.reference))
        length = text_mm * spec.preferred
        side = ooxml.mm((width_mm - length) / 2)
        extra = ooxml.bottom_border(decree.SHORT_LINE_WEIGHT_EIGHTHS)
        if spec.space_after_pt:
            extra += f'<w:spacing w:after="{round(spec.space_after_pt * 20)}"/>'
        extra += ooxml.indents(side, side)
        return ooxml.paragraph(style_id("duong_ke"), extra_ppr=extra)

    def cell_content(self, cell: Cell, width_mm: float) -> str:
        saved, self.out = self.out, []
        for block in cell.blocks:
            self.block(block, width_mm)
        content, self.out = "".join(self.out), saved
        return content

    def layout_table(self, table: LayoutTable) -> None:
        if self.columns is None:  # the header decides; the signature block lines up with it
            cells = [list(c.blocks) for row in table.rows for c in row]
            self.columns = _columns(self.text_width(), self.layout.size_set, sum(cells[0::2], []), sum(cells[1::2], []))
            table = _fit_place_date(table, self.columns[1], self.layout.size_set)
        left_mm, right_mm = self.columns
        widths = [ooxml.mm(left_mm), ooxml.mm(right_mm)]
        keep = decree.KEEP_TOGETHER[table.kind]
        rows = []
        for row in table.rows:
            cells = "".join(ooxml.cell(self.cell_content(c, mm_), w)
                            for c, mm_, w in zip(row, (left_mm, right_mm), widths))
            rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>" if keep.cant_split
                        else f"<w:tr>{cells}</w:tr>")
        top = ooxml.mm(decree.SIGNATURE_BLOCK_GAP_MM) if table.kind == "chu_ky" else 0
        self.out.append("<w:tbl>" + ooxml.table_properties(sum(widths), False, 0, top) + ooxml.table_grid(widths)
                        + "".join(rows) + "</w:tbl>")

    def data_table(self, table: DataTable) -> None:
        total_mm = self.text_width()
        scale = total_mm / sum(table.widths)
        col_mm = [w * scale for w in table.widths]
        widths = [ooxml.mm(w) for w in col_mm]
        rows = []
        for header, group in ((True, table.header), (False, table.rows)):
            for row in group:
                cells, col = [], 0
                for c in row:
                    span_mm = sum(col_mm[col:col + c.span])
                    cells.append(ooxml.cell(self.cell_content(c, span_mm), sum(widths[col:col + c.span]),
                                            c.span, c.merge, "center" if header else "top"))
                    col += c.span
                rows.append(ooxml.row("".join(cells), header=header))
        self.out.append("<w:tbl>" + ooxml.table_properties(sum(widths), True, ooxml.mm(1.0))
                        + ooxml.table_grid(widths) + "".join(rows) + "</w:tbl>")
        # Word needs a paragraph between a table and what follows.
        self.out.append(ooxml.paragraph(style_id("bang_o")))


def _core_xml(document: Document) -> str:
    stamp = document.meta.get("signed", f"{document.year:04d}-01-01T00:00:00Z")
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{ooxml.escape(document.title)}</dc:title><dc:creator>{ooxml.escape(document.author)}'
            f'</dc:creator><cp:lastModifiedBy>{ooxml.escape(document.author)}</cp:lastModifiedBy>'
            f'<dc:language>{decree.LANGUAGE}</dc:language><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


def _app_xml() -> str:
    from kehoach import __version__

    return (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f'<Application>kehoach {__version__}</Application></Properties>')


# -------------------------------------------------------- fingerprint ----
# kehoach marks what it wrote with a hash of the document body, so that a
# later run can tell its own untouched output (safe to replace) from a file a
# clerk has corrected in Word (never replaced without --force).

FINGERPRINT_PROPERTY = "kehoach-noi-dung"


def fingerprint(document_xml: bytes) -> str:
    return "sha256:" + hashlib.sha256(document_xml).hexdigest()


def _custom_xml(value: str) -> str:
    return (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
            f'name="{FINGERPRINT_PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>')


_FINGERPRINT = re.compile(rf'name="{FINGERPRINT_PROPERTY}"><vt:lpwstr>([^<]*)</vt:lpwstr>')


def is_untouched_output(data: bytes) -> bool:
    """True when ``data`` is a .docx kehoach wrote and nobody has changed since."""
    from kehoach.docx.package import MAX_XML_PART_BYTES, ZIP_ERRORS

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.getinfo(name) for name in ("docProps/custom.xml", "word/document.xml")]
            if any(part.file_size > MAX_XML_PART_BYTES for part in parts):  # a zip bomb is not kehoach's output
                return False
            custom = archive.read(parts[0]).decode("utf-8", "replace")
            body = archive.read(parts[1])
    except ZIP_ERRORS + (KeyError, OSError, ValueError, RuntimeError):
        return False
    match = _FINGERPRINT.search(custom)
    return bool(match) and match.group(1) == fingerprint(body)


def _footnotes_xml(notes: tuple) -> str:
    """The footnotes part: Word's two separators (ids -1, 0), then note 1, 2… as the decree's own file has them."""
    out = [f'{_XML}<w:footnotes {_W} {_R}>',
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
           '</w:footnote>']
    for number, runs in enumerate(notes, start=1):
        text = ooxml.note_own_mark() + ooxml.run(" ") + "".join(ooxml.run(r.text, r.bold, r.italic) for r in runs)
        out.append(f'<w:footnote w:id="{number}">{ooxml.paragraph(style_id("chu_thich"), text)}</w:footnote>')
    out.append("</w:footnotes>")
    return "".join(out)


def _footer_xml(paras: tuple) -> str:
    """Ô 13 ([P1] III.4): the lines under a solid rule the full width of the text block."""
    lines = [ooxml.paragraph(style_id(p.role), "".join(ooxml.run(r.text, r.bold, r.italic) for r in p.runs),
                             ooxml.top_border(decree.CONTACT_RULE_WEIGHT_EIGHTHS) if i == 0 else "")
             for i, p in enumerate(paras)] or [ooxml.paragraph(style_id("lien_he"))]
    return f'{_XML}<w:ftr {_W} {_R}>' + "".join(lines) + "</w:ftr>"


# Parts a document has only when it uses them: (part, content type, relationship type).
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_OPTIONAL_PARTS = {
    "word/footnotes.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                           "footnotes", "rId6"),
    "word/footer1.xml": (_FOOTER_TYPE, "footer", "rId7"),
    "word/footer2.xml": (_FOOTER_TYPE, "footer", "rId8"),
}


def _with_parts(xml: str, close: str, added: str) -> str:
    return xml[:-len(close)] + added + close


def document_xml(document: Document) -> bytes:
    """``word/document.xml`` of ``document``: the body and its section properties."""
    return _Writer(document).write().encode("utf-8")


def write_docx(document: Document, body: bytes | None = None) -> bytes:
    """The whole .docx file as bytes; the same document gives the same bytes.

    ``body`` replaces the composed ``word/document.xml`` (``so-sanh`` packages a body
    with tracked changes in the new plan's styles, headers and properties)."""
    layout = document.layout
    body = document_xml(document) if body is None else body
    dynamic = {
        "word/document.xml": body,
        "docProps/core.xml": _core_xml(document).encode("utf-8"),
        "docProps/custom.xml": _custom_xml(fingerprint(body)).encode("utf-8"),
    }
    on_demand = _roles_on_demand(document.blocks)
    if document.footnotes:
        dynamic["word/footnotes.xml"] = _footnotes_xml(document.footnotes).encode("utf-8")
        on_demand |= {"chu_thich"}
    if document.first_footer:
        dynamic["word/footer1.xml"] = _footer_xml(document.first_footer).encode("utf-8")
        dynamic["word/footer2.xml"] = _footer_xml(()).encode("utf-8")
        on_demand |= {"lien_he"}
    static = _static_entries(layout.size_set, layout.first_line_indent_cm, layout.line_spacing, on_demand)
    extra = [name for name in _OPTIONAL_PARTS if name in dynamic]
    if extra:
        parts = _static_parts()
        base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        types = "".join(f'<Override PartName="/{n}" ContentType="{_OPTIONAL_PARTS[n][0]}"/>' for n in extra)
        rels = "".join(f'<Relationship Id="{_OPTIONAL_PARTS[n][2]}" Type="{base}{_OPTIONAL_PARTS[n][1]}" '
                       f'Target="{n.split("/", 1)[1]}"/>' for n in extra)
        dynamic["[Content_Types].xml"] = (_XML + _with_parts(parts["[Content_Types].xml"], "</Types>", types)).encode()
        dynamic["word/_rels/document.xml.rels"] = (
            _XML + _with_parts(parts["word/_rels/document.xml.rels"], "</Relationships>", rels)).encode()
    order = _PART_ORDER if not extra else tuple(sorted(_PART_ORDER + tuple(extra), key=_PART_ORDER_KEY))
    entries = [zipwriter.entry(name, dynamic[name]) if name in dynamic else static[name] for name in order]
    return zipwriter.pack(entries)


def _PART_ORDER_KEY(name: str) -> tuple:
    # The usual order, optional parts by name among the word/ parts (Content_Types first, as ZIP readers expect).
    return (name != "[Content_Types].xml", name)


_PART_ORDER = ("[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
               "docProps/custom.xml", "word/_rels/document.xml.rels", "word/document.xml", "word/fontTable.xml",
               "word/header1.xml", "word/header2.xml", "word/settings.xml", "word/styles.xml")


def _roles_on_demand(blocks: tuple) -> frozenset[str]:
    """The on-demand roles the blocks use (in layout tables too)."""
    found: set[str] = set()

    def walk(items) -> None:
        for block in items:
            if isinstance(block, Boxed):
                block = block.para
            if isinstance(block, Para):
                if decree.ROLES[block.role].on_demand:
                    found.add(block.role)
            elif isinstance(block, (LayoutTable, DataTable)):
                for row in block.rows + getattr(block, "header", ()):
                    for cell in row:
                        walk(cell.blocks)

    walk(blocks)
    return frozenset(found)


@lru_cache(maxsize=16)
def _static_entries(size_set: int, first_line_indent_cm: float, line_spacing: float,
                    on_demand: frozenset[str] = frozenset()) -> dict[str, zipwriter.Entry]:
    """Deflated once per layout: every part that does not depend on the plan."""
    parts = dict(_static_parts())
    parts["word/styles.xml"] = styles_xml(size_set, first_line_indent_cm, line_spacing, on_demand)
    parts["docProps/app.xml"] = _app_xml()
    return {name: zipwriter.entry(name, (text if text.startswith("<?xml") else _XML + text).encode("utf-8"))
            for name, text in parts.items()}
