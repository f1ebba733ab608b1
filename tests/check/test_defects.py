"""One defect per rule of ``kehoach check``: each gives exactly its finding.

A clerk relies on ``check`` to name what is wrong, and only that. Each case
below starts from a clean plan rendered by kehoach (with a chủ quản, căn cứ,
headings, body paragraphs, Nơi nhận and a KT. signer), breaks one thing the
way a hand edit in Word would, and expects the one finding that names it;
the cases just inside a limit expect none, so a limit moved either way is
caught. The numbers are the decree's (Phụ lục I), written out here.
"""

from __future__ import annotations

import copy
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from kehoach.check.audit import audit
from kehoach.docx.metrics import text_width_mm
from kehoach.docx.reader import DocxReader
from kehoach.check.context import Finding, alignment_text, is_upper, norm, pt_text
from tests.conftest import all_paragraphs, render_text

RICH = """\
co_quan:
  chu_quan: UBND huyện Yên Lạc
  ten: [Ủy ban nhân dân, Xã Hòa Bình]
so: 12
dia_danh: Hòa Bình
nam: 2025
ngay_ky: 10/03/2025
trich_yeu: Phòng chống thiên tai năm 2025
can_cu:
  - Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013
  - Căn cứ Kế hoạch số 76/KH-UBND ngày 20/02/2025 của Ủy ban nhân dân huyện về phòng chống thiên tai
phan:
  - tieu_de: Mục đích, yêu cầu
    doan:
      - Chủ động phòng ngừa, ứng phó kịp thời, hiệu quả với các tình huống thiên tai xảy ra trên địa bàn xã.
    y:
      - Một ý
  - tieu_de: Nội dung
    muc:
      - tieu_de: Tuyên truyền
        doan:
          - Tổ chức tuyên truyền sâu rộng đến từng hộ gia đình về các biện pháp phòng tránh thiên tai.
          - Kiểm tra, rà soát các công trình, nhà ở xung yếu trước mùa mưa bão và có phương án di dời.
noi_nhan:
  - UBND huyện
  - Các thôn
  - "Lưu: VT"
nguoi_ky:
  thay_mat: Ủy ban nhân dân
  quyen_han: KT
  cap_truong: Chủ tịch
  chuc_vu: Phó chủ tịch
  ho_ten: Lê Văn A
"""

BODY_1 = "Chủ động phòng ngừa"
BODY_2 = "Tổ chức tuyên truyền"
BODY_3 = "Kiểm tra, rà soát"


@pytest.fixture(scope="module")
def rich_bytes() -> bytes:
    return render_text(RICH)


def findings_of(document, tmp_path) -> list[Finding]:
    path = tmp_path / "defect.docx"
    document.save(path)
    return audit(path)


def rules_after(clean: bytes, change, tmp_path) -> set[str]:
    document = docx.Document(io.BytesIO(clean))
    change(document)
    return {f.rule for f in findings_of(document, tmp_path)}


def para(document, start: str):
    for p in all_paragraphs(document):
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def set_text(paragraph, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def runs_of(start: str, **font):
    """A change that sets a font property on every run of the paragraph starting with ``start``."""
    def change(document):
        for run in para(document, start).runs:
            for name, value in font.items():
                setattr(run.font, name, value)
    return change


def text_of(start: str, text: str):
    return lambda document: set_text(para(document, start), text)


def align(start: str, value):
    def change(document):
        para(document, start).alignment = value
    return change


def pformat(start: str, **values):
    def change(document):
        fmt = para(document, start).paragraph_format
        for name, value in values.items():
            setattr(fmt, name, value)
    return change


def margin(side: str, mm: float):
    def change(document):
        for section in document.sections:
            setattr(section, f"{side}_margin", Mm(mm))
    return change


def both(*changes):
    def change(document):
        for c in changes:
            c(document)
    return change


def short_line_after(start: str):
    """The empty bordered paragraph that carries the short line under ``start``."""
    def find(document):
        paragraphs = list(all_paragraphs(document))
        index = next(i for i, p in enumerate(paragraphs) if p.text.startswith(start))
        line = next(p for p in paragraphs[index + 1:] if not p.text and p._p.pPr is not None
                    and p._p.pPr.find(qn("w:pBdr")) is not None)
        return line
    return find


def line_fraction(start: str, fraction: float, reference_mm: float, drawn: float):
    """Redraw the short line under ``start``, drawn as ``drawn`` of ``reference_mm`` (the text
    above it), as ``fraction`` of it instead, still centred."""
    def change(document):
        line = short_line_after(start)(document)
        ind = line._p.pPr.find(qn("w:ind"))
        twips = (drawn - fraction) * reference_mm / 2 * 1440 / 25.4
        for side in ("w:left", "w:right"):
            ind.set(qn(side), str(round(int(ind.get(qn(side))) + twips)))
    return change


def replace_line(start: str, xml: str):
    """The short line under ``start`` drawn another way: ``xml`` is the paragraph's new run."""
    def change(document):
        line = short_line_after(start)(document)
        line._p.pPr.remove(line._p.pPr.find(qn("w:pBdr")))
        line._p.append(parse_xml(xml))
    return change


VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'


def vml_line(points: float) -> str:
    return f'<w:r {nsdecls("w")}><w:pict><v:line {VML} from="0,0" to="{points}pt,0"/></w:pict></w:r>'


def vml_rect(style: str) -> str:
    return f'<w:r {nsdecls("w")}><w:pict><v:rect {VML} style="{style}"/></w:pict></w:r>'


def drawing(mm: float) -> str:
    return (f'<w:r {nsdecls("w")}><w:drawing><wp:inline {WP}><wp:extent cx="{round(mm * 36000)}" cy="0"/>'
            '</wp:inline></w:drawing></w:r>')


def border_on_the_text(start: str, text_mm: float):
    """The short line drawn as the bottom border of the text paragraph itself, indented to its width."""
    def change(document):
        line = short_line_after(start)(document)
        border = line._p.pPr.find(qn("w:pBdr"))
        target = para(document, start)._p
        line._p.getparent().remove(line._p)
        ppr = target.get_or_add_pPr()
        ppr.append(copy.deepcopy(border))
        side = round((100 - text_mm) / 2 * 1440 / 25.4)
        ind = ppr.find(qn("w:ind"))
        if ind is None:
            ind = parse_xml(f'<w:ind {nsdecls("w")}/>')
            ppr.append(ind)
        ind.set(qn("w:left"), str(side))
        ind.set(qn("w:right"), str(side))
    return change


def page_field_to_footer(document):
    section = document.sections[0]
    header = section.header._element
    field_para = next(p for p in header.iter(qn("w:p")) if p.find(qn("w:fldSimple")) is not None
                      or p.find(".//" + qn("w:instrText")) is not None)
    footer = section.footer
    footer.is_linked_to_previous = False
    footer._element.append(copy.deepcopy(field_para))
    field_para.getparent().remove(field_para)


def page_number_para(document):
    header = document.sections[0].header._element
    return next(p for p in header.iter(qn("w:p")) if list(p.iter(qn("w:r"))))


def page_number(**font):
    def change(document):
        p = page_number_para(document)
        for r in p.iter(qn("w:r")):
            run = docx.text.run.Run(r, None)
            for name, value in font.items():
                setattr(run.font, name, value)
    return change


def page_number_left(document):
    p = docx.text.paragraph.Paragraph(page_number_para(document), None)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def no_page_number(document):
    for section in document.sections:
        for p in list(section.header._element.iter(qn("w:p"))):
            for r in list(p.iter(qn("w:r"))):
                r.getparent().remove(r)
            for f in list(p.iter(qn("w:fldSimple"))):
                f.getparent().remove(f)


def more_body(count: int):
    """``count`` more body paragraphs like the first (a long plan)."""
    def change(document):
        source = para(document, BODY_1)._p
        for _ in range(count):
            source.addnext(copy.deepcopy(source))
    return change


def landscape_first_page(document):
    section = document.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width


def no_page_size(document):
    pgsz = document.sections[0]._sectPr.find(qn("w:pgSz"))
    pgsz.getparent().remove(pgsz)


def paper(width_mm: float | None, height_mm: float | None):
    def change(document):
        pgsz = document.sections[0]._sectPr.find(qn("w:pgSz"))
        for attr, mm in (("w:w", width_mm), ("w:h", height_mm)):
            if mm is None:
                del pgsz.attrib[qn(attr)]
            else:
                pgsz.set(qn(attr), str(round(mm * 1440 / 25.4)))
    return change


def first_page_number_run(**font):
    def change(document):
        r = next(page_number_para(document).iter(qn("w:r")))
        run = docx.text.run.Run(r, None)
        for name, value in font.items():
            setattr(run.font, name, value)
    return change


def right_column(room_mm: float):
    """The header's right column made ``room_mm`` wide (the text width kept)."""
    def change(document):
        table = document.tables[0]._tbl
        grid = table.tblGrid.findall(qn("w:gridCol"))
        total = sum(int(g.get(qn("w:w"))) for g in grid)
        right = round(room_mm * 1440 / 25.4)
        grid[0].set(qn("w:w"), str(total - right))
        grid[1].set(qn("w:w"), str(right))
        for tr in table.findall(qn("w:tr")):
            tcs = tr.findall(qn("w:tc"))
            tcs[0].find(qn("w:tcPr") + "/" + qn("w:tcW")).set(qn("w:w"), str(total - right))
            tcs[1].find(qn("w:tcPr") + "/" + qn("w:tcW")).set(qn("w:w"), str(right))
    return change


def contextual(start: str):
    """Word's "Don't add space between paragraphs of the same style" on one paragraph."""
    def change(document):
        para(document, start)._p.get_or_add_pPr().append(parse_xml(f'<w:contextualSpacing {nsdecls("w")}/>'))
    return change


def run_in_heading(heading: str, rest: str):
    """The first heading rewritten as bold ``heading`` with upright ``rest`` run in after it."""
    def change(document):
        p = para(document, "I. MỤC ĐÍCH")
        set_text(p, heading)
        p.runs[0].font.bold = True
        p.add_run(rest).font.bold = False
    return change


def no_margin(document):
    pgmar = document.sections[0]._sectPr.find(qn("w:pgMar"))
    del pgmar.attrib[qn("w:right")]


def bordered_signature(document):
    table = [t for t in document.tables if "Nơi nhận" in t._tbl.xml][0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    for side in borders:
        side.set(qn("w:val"), "single")
        side.set(qn("w:sz"), "4")


def signer_cell(document):
    table = [t for t in document.tables if "Nơi nhận" in t._tbl.xml][0]
    return table.rows[0].cells[1]


def empty_signer(document):
    for p in signer_cell(document).paragraphs:
        for r in p.runs:
            r.text = ""


def signature_gap(lines: int, before_pt: float | None = None):
    """Leave ``lines`` empty paragraphs between the title and the name (and space before the name)."""
    def change(document):
        cell = signer_cell(document)
        empty = [p for p in cell.paragraphs if not p.text.strip()]
        for p in empty[lines:]:
            p._p.getparent().remove(p._p)
        if before_pt is not None:
            cell.paragraphs[-1].paragraph_format.space_before = Pt(before_pt)
    return change


def remove(start: str):
    def change(document):
        p = para(document, start)._p
        p.getparent().remove(p)
    return change


def colour(start: str, rgb: str):
    def change(document):
        for r in para(document, start).runs:
            r._r.get_or_add_rPr().append(parse_xml(f'<w:color {nsdecls("w")} w:val="{rgb}"/>'))
    return change


def caps_property(start: str):
    def change(document):
        for r in para(document, start).runs:
            r.font.all_caps = True
    return change


QUOC_HIEU_MM = text_width_mm("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False)  # nd30.md: ≈ 95.7 mm

# The rendered clean plan: 14 pt body, right column at least 100 mm, Tiêu ngữ 14 pt bold (60.5 mm),
# "ỦY BAN NHÂN DÂN" 13 pt bold (43.2 mm), trích yếu 14 pt bold.
DEFECTS = [
    # page: paper, orientation, margins (Phụ lục I, mục I.1–I.3)
    ("no paper size", no_page_size, {"khổ giấy"}),
    # turned, the page is wider: the line under the trích yếu, drawn for the portrait width, is too long
    ("landscape first page", landscape_first_page, {"hướng trang", "độ dài đường kẻ dưới trích yếu"}),
    ("right margin 14 mm", margin("right", 14), {"lề phải"}),
    ("right margin 14.6 mm", margin("right", 14.6), {"lề phải"}),
    ("right margin 14.8 mm (rounding)", margin("right", 14.8), set()),
    ("right margin 20.6 mm", margin("right", 20.6), {"lề phải"}),
    ("right margin 20.2 mm (rounding)", margin("right", 20.2), set()),
    ("left margin 29 mm", margin("left", 29), {"lề trái"}),
    ("left margin 36 mm", margin("left", 36), {"lề trái"}),
    ("top margin 19 mm", margin("top", 19), {"lề trên"}),
    ("top margin 26 mm", margin("top", 26), {"lề trên"}),
    ("bottom margin 19 mm", margin("bottom", 19), {"lề dưới"}),
    ("bottom margin 26 mm", margin("bottom", 26), {"lề dưới"}),
    ("right margin not given", no_margin, {"lề phải"}),
    ("paper without a height", paper(210, None), {"khổ giấy"}),
    ("paper 212 mm wide", paper(212, 297), {"khổ giấy"}),
    ("paper 299 mm high", paper(210, 299), {"khổ giấy"}),
    ("paper 210.8 × 297.9 mm (rounding)", paper(210.8, 297.9), set()),
    # square: not A4, not turned either; wider, so the line under the trích yếu is too long for it
    ("a square page", paper(297, 297), {"khổ giấy", "độ dài đường kẻ dưới trích yếu"}),
    # fonts and colours (I.4)
    ("red body text", colour(BODY_1, "FF0000"), {"màu chữ"}),
    ("colour auto is black", colour(BODY_1, "auto"), set()),
    ("explicit black", colour(BODY_1, "000000"), set()),
    # page numbers (I.7)
    ("page number in the footer", page_field_to_footer, {"vị trí số trang"}),
    ("page number 12 pt", page_number(size=Pt(12)), {"cỡ chữ số trang"}),
    ("page number 15 pt", page_number(size=Pt(15)), {"cỡ chữ số trang"}),
    ("page number 13 pt", page_number(size=Pt(13)), set()),
    ("page number bold", page_number(bold=True), {"chữ đậm ở số trang"}),
    ("page number left", page_number_left, {"căn giữa số trang"}),
    ("page number's first run 12 pt", first_page_number_run(size=Pt(12)), {"cỡ chữ số trang"}),
    ("short plan without page numbers", no_page_number, set()),
    ("long plan without page numbers", both(no_page_number, more_body(30)), {"số trang"}),
    # Quốc hiệu and Tiêu ngữ (II.1)
    ("no Quốc hiệu", text_of("CỘNG HÒA", "CỘNG HÒA"), {"Quốc hiệu"}),
    ("Quốc hiệu 11 pt", runs_of("CỘNG HÒA", size=Pt(11)), {"cỡ chữ Quốc hiệu"}),
    # at 14 pt bold the Quốc hiệu (103 mm) no longer fits the 100 mm column either
    ("Quốc hiệu 14 pt", runs_of("CỘNG HÒA", size=Pt(14)), {"cỡ chữ Quốc hiệu", "Quốc hiệu trên một dòng"}),
    ("Quốc hiệu not bold", runs_of("CỘNG HÒA", bold=False), {"chữ đậm ở Quốc hiệu"}),
    ("Quốc hiệu italic", runs_of("CỘNG HÒA", italic=True), {"chữ nghiêng ở Quốc hiệu"}),
    # the Quốc hiệu is 95.7 mm at 13 pt bold: a column 0.1 mm short is rounding, 0.5 mm short wraps it
    ("right column 0.1 mm short of the Quốc hiệu", right_column(QUOC_HIEU_MM - 0.1), set()),
    ("right column 0.5 mm short of the Quốc hiệu", right_column(QUOC_HIEU_MM - 0.5), {"Quốc hiệu trên một dòng"}),
    ("Quốc hiệu in lower case", text_of("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
     {"chữ in hoa ở Quốc hiệu"}),
    ("Quốc hiệu lower case shown as capitals",
     both(text_of("CỘNG HÒA", "Cộng hòa xã hội chủ nghĩa Việt Nam"), caps_property("Cộng hòa")), set()),
    ("Quốc hiệu with the old tone mark (HOÀ)", text_of("CỘNG HÒA", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), set()),
    ("no Tiêu ngữ", text_of("Độc lập", "Độc lập"), {"Tiêu ngữ"}),
    ("Tiêu ngữ with en dashes", text_of("Độc lập", "Độc lập – Tự do – Hạnh phúc"), {"gạch nối trong Tiêu ngữ"}),
    ("Tiêu ngữ with em dashes", text_of("Độc lập", "Độc lập — Tự do — Hạnh phúc"),
     {"Tiêu ngữ"}),  # an em dash is no hyphen at all: the line is not the Tiêu ngữ
    ("Tiêu ngữ 15 pt", runs_of("Độc lập", size=Pt(15)), {"cỡ chữ Tiêu ngữ"}),
    ("Tiêu ngữ italic", runs_of("Độc lập", italic=True), {"chữ nghiêng ở Tiêu ngữ"}),
    # the issuing agency (II.2)
    ("agency 14 pt", runs_of("XÃ HÒA BÌNH", size=Pt(14)), {"cỡ chữ tên cơ quan"}),
    ("agency 11 pt", runs_of("XÃ HÒA BÌNH", size=Pt(11)), {"cỡ chữ tên cơ quan"}),
    ("chủ quản 14 pt", runs_of("UBND HUYỆN", size=Pt(14)), {"cỡ chữ tên cơ quan chủ quản"}),
    # with no bold line the checker takes the last line as the name, and measures the line against it
    # (30.1 mm upright), though it was drawn for "ỦY BAN NHÂN DÂN": a second finding, as it stands
    ("no agency bold", both(runs_of("ỦY BAN NHÂN DÂN", bold=False), runs_of("XÃ HÒA BÌNH", bold=False)),
     {"chữ đậm ở tên cơ quan ban hành", "độ dài đường kẻ dưới tên cơ quan"}),
    ("no agency", both(text_of("UBND HUYỆN", ""), text_of("ỦY BAN NHÂN DÂN", ""), text_of("XÃ HÒA BÌNH", "")),
     {"tên cơ quan ban hành"}),
    # the number line (II.3)
    ("no number line", text_of("Số:", ""), {"số, ký hiệu"}),
    ("number line 14 pt", runs_of("Số:", size=Pt(14)), {"cỡ chữ số, ký hiệu"}),
    ("number line 12 pt", runs_of("Số:", size=Pt(12)), {"cỡ chữ số, ký hiệu"}),
    ("number line bold", runs_of("Số:", bold=True), {"chữ đậm ở số, ký hiệu"}),
    ("no colon after Số", text_of("Số:", "Số 12/KH-UBND"), {"dấu hai chấm sau \"Số\""}),
    ("spaces in the symbol", text_of("Số:", "Số: 12/KH - UBND"), {"ký hiệu văn bản"}),
    ("a dot in the symbol", text_of("Số:", "Số: 12/KH.UBND"), {"ký hiệu văn bản"}),
    ("a second slash in the symbol", text_of("Số:", "Số: 12/KH/UBND"), {"ký hiệu văn bản"}),
    ("Đ in the symbol", text_of("Số:", "Số: 12/KH-ĐKT"), set()),  # QĐ- would not fit a KẾ HOẠCH
    ("number 10 has no zero", text_of("Số:", "Số: 10/KH-UBND"), set()),
    ("number left blank", text_of("Số:", "Số:      /KH-UBND"), set()),
    # the place-date line (II.4)
    ("no place-date line", text_of("Hòa Bình, ngày", "Hòa Bình"), {"địa danh và thời gian"}),
    ("place-date 12 pt", runs_of("Hòa Bình, ngày", size=Pt(12)), {"cỡ chữ địa danh, ngày tháng"}),
    ("place-date upright", runs_of("Hòa Bình, ngày", italic=False), {"chữ nghiêng ở địa danh, ngày tháng"}),
    ("place-date bold", runs_of("Hòa Bình, ngày", bold=True), {"chữ đậm ở địa danh, ngày tháng"}),
    ("day 09 and month 12", text_of("Hòa Bình, ngày", "Hòa Bình, ngày 09 tháng 12 năm 2025"), set()),
    ("day 9 without zero", text_of("Hòa Bình, ngày", "Hòa Bình, ngày 9 tháng 12 năm 2025"),
     {"số 0 trước ngày dưới 10"}),
    ("day 010", text_of("Hòa Bình, ngày", "Hòa Bình, ngày 010 tháng 3 năm 2025"), {"số 0 trước ngày dưới 10"}),
    ("month 1 without zero", text_of("Hòa Bình, ngày", "Hòa Bình, ngày 10 tháng 1 năm 2025"),
     {"số 0 trước tháng 1 và tháng 2"}),
    ("month 3 with zero", text_of("Hòa Bình, ngày", "Hòa Bình, ngày 10 tháng 03 năm 2025"),
     {"không thêm số 0 trước tháng 3–12"}),
    ("day and month left blank", text_of("Hòa Bình, ngày", "Hòa Bình, ngày      tháng      năm 2025"), set()),
    # tên loại and trích yếu (II.5)
    ("no tên loại", text_of("KẾ HOẠCH", "KẾ HOẠCH NĂM"), {"tên loại văn bản"}),
    ("tên loại 12 pt", runs_of("KẾ HOẠCH", size=Pt(12)), {"cỡ chữ tên loại"}),
    ("tên loại not bold", runs_of("KẾ HOẠCH", bold=False), {"chữ đậm ở tên loại"}),
    ("tên loại in lower case", text_of("KẾ HOẠCH", "Kế hoạch"), {"chữ in hoa ở tên loại"}),
    ("tên loại left", align("KẾ HOẠCH", WD_ALIGN_PARAGRAPH.LEFT), {"căn giữa tên loại"}),
    ("trích yếu not bold", runs_of("Phòng chống", bold=False), {"trích yếu"}),
    ("trích yếu 12 pt", runs_of("Phòng chống", size=Pt(12)), {"cỡ chữ trích yếu"}),
    ("trích yếu justified", align("Phòng chống", WD_ALIGN_PARAGRAPH.JUSTIFY), {"căn giữa trích yếu"}),
    ("trích yếu IN HOA", text_of("Phòng chống", "PHÒNG CHỐNG THIÊN TAI"), {"chữ thường ở trích yếu"}),
    # the short lines (II.1.b, II.2.b, II.5.b)
    ("line under the agency a quarter of the name", line_fraction("XÃ HÒA BÌNH", 1 / 4, 43.2, 0.42),
     {"độ dài đường kẻ dưới tên cơ quan"}),
    ("line under the agency 0.6 of the name", line_fraction("XÃ HÒA BÌNH", 0.6, 43.2, 0.42),
     {"độ dài đường kẻ dưới tên cơ quan"}),
    ("line under the Tiêu ngữ 0.8 of it", line_fraction("Độc lập", 0.8, 60.5, 1.0),
     {"độ dài đường kẻ dưới Tiêu ngữ"}),
    ("line under the Tiêu ngữ 1.2 of it", line_fraction("Độc lập", 1.2, 60.5, 1.0),
     {"độ dài đường kẻ dưới Tiêu ngữ"}),
    ("line under the Tiêu ngữ 0.95 of it", line_fraction("Độc lập", 0.95, 60.5, 1.0), set()),
    ("line under the trích yếu as a VML line of 0.42", replace_line("Phòng chống", vml_line(0.42 * 78.5 / 0.3528)),
     set()),
    ("line under the trích yếu as a VML line of 0.2", replace_line("Phòng chống", vml_line(0.2 * 78.5 / 0.3528)),
     {"độ dài đường kẻ dưới trích yếu"}),
    ("line under the trích yếu as a VML rectangle of 0.2",
     replace_line("Phòng chống", vml_rect(f"position:absolute;width:{0.2 * 78.5 / 0.3528:.1f}pt;height:1pt")),
     {"độ dài đường kẻ dưới trích yếu"}),
    ("line under the trích yếu as a drawing of 0.7", replace_line("Phòng chống", drawing(0.7 * 78.5)),
     {"độ dài đường kẻ dưới trích yếu"}),
    ("line under the trích yếu as a drawing of 0.4", replace_line("Phòng chống", drawing(0.4 * 78.5)), set()),
    ("line under the Tiêu ngữ as its own bottom border", border_on_the_text("Độc lập", 60.5), set()),
    ("line under the trích yếu as an unmeasurable drawing", replace_line("Phòng chống", drawing(0)), set()),
    ("line under the trích yếu typed as underscores",
     replace_line("Phòng chống", f'<w:r {nsdecls("w")}><w:t>__________</w:t></w:r>'),
     {"đường kẻ dưới trích yếu"}),
    # căn cứ (II.6.a–b)
    ("căn cứ upright", runs_of("Căn cứ Luật", italic=False), {"chữ nghiêng ở căn cứ"}),
    ("first căn cứ ends with a full stop", text_of("Căn cứ Luật", "Căn cứ Luật Phòng, chống thiên tai."),
     {"dấu cuối căn cứ"}),
    ("last căn cứ ends with a semicolon", text_of("Căn cứ Kế hoạch", "Căn cứ Kế hoạch số 76/KH-UBND;"),
     {"dấu cuối căn cứ"}),
    ("an opening line is no căn cứ", both(runs_of("Căn cứ Kế hoạch", italic=False),
                                         text_of("Căn cứ Luật", "Căn cứ Luật Phòng, chống thiên tai."),
                                         text_of("Căn cứ Kế hoạch", "Căn cứ tình hình thực tế, "
                                                 "Ủy ban nhân dân xã xây dựng Kế hoạch như sau:")), set()),
    # headings (V, 6b)
    ("heading I. not bold", runs_of("I. MỤC ĐÍCH", bold=False), {"tiêu đề mục (I, II…)"}),
    ("heading I. in lower case", text_of("I. MỤC ĐÍCH", "I. Mục đích, yêu cầu"), {"tiêu đề mục (I, II…)"}),
    # a line under 120 characters starting "I." is a heading; a longer one is a paragraph
    ("a 119-character heading in lower case", text_of("I. MỤC ĐÍCH", "I. M" + "ụ" * 115), {"tiêu đề mục (I, II…)"}),
    ("a 120-character line starting I.", text_of("I. MỤC ĐÍCH", "I. M" + "ụ" * 116), set()),
    ("a run-in heading judged by its heading words", run_in_heading("I. KINH PHÍ:", " ngân sách xã bảo đảm."),
     set()),
    ("a run-in heading in lower case", run_in_heading("I. Kinh phí:", " ngân sách xã bảo đảm."),
     {"tiêu đề mục (I, II…)"}),
    ("heading in lower case shown as capitals",
     both(text_of("I. MỤC ĐÍCH", "I. Mục đích, yêu cầu"), caps_property("I. Mục đích")), set()),
    # body paragraphs (II.6.e)
    ("body left-aligned", align(BODY_2, WD_ALIGN_PARAGRAPH.LEFT), {"canh đều hai lề"}),
    ("body centred", align(BODY_2, WD_ALIGN_PARAGRAPH.CENTER), {"canh đều hai lề"}),
    # a body paragraph is one of 60 characters or more; a shorter line may be a label
    ("60 characters centred", both(text_of(BODY_2, "T" + "x" * 59), align("Tx", WD_ALIGN_PARAGRAPH.CENTER)),
     {"canh đều hai lề"}),
    ("59 characters centred", both(text_of(BODY_2, "T" + "x" * 58), align("Tx", WD_ALIGN_PARAGRAPH.CENTER)), set()),
    ("body distributed", align(BODY_2, WD_ALIGN_PARAGRAPH.DISTRIBUTE), set()),
    ("no first-line indent", pformat(BODY_2, first_line_indent=Cm(0)), {"thụt đầu dòng"}),
    ("indent 1.27 cm", pformat(BODY_2, first_line_indent=Cm(1.27)), set()),
    ("indent 1.31 cm", pformat(BODY_2, first_line_indent=Cm(1.31)), set()),
    ("indent 1.35 cm", pformat(BODY_2, first_line_indent=Cm(1.35)), {"thụt đầu dòng"}),
    ("indent 0.94 cm", pformat(BODY_2, first_line_indent=Cm(0.94)), {"thụt đầu dòng"}),
    ("indent 0.96 cm", pformat(BODY_2, first_line_indent=Cm(0.96)), set()),
    ("no space between paragraphs", pformat(BODY_2, space_before=Pt(0)), {"khoảng cách giữa các đoạn"}),
    ("5 pt between paragraphs", pformat(BODY_2, space_before=Pt(5)), {"khoảng cách giữa các đoạn"}),
    ("5.5 pt between paragraphs", pformat(BODY_2, space_before=Pt(5.5)), set()),
    ("5.4 pt between paragraphs", pformat(BODY_2, space_before=Pt(5.4)), {"khoảng cách giữa các đoạn"}),
    ("5.5 pt after only", pformat(BODY_2, space_before=Pt(0), space_after=Pt(5.5)), set()),
    ("5.4 pt after only", pformat(BODY_2, space_before=Pt(0), space_after=Pt(5.4)), {"khoảng cách giữa các đoạn"}),
    ("6 pt after instead of before", pformat(BODY_2, space_before=Pt(0), space_after=Pt(6)), set()),
    ("6 pt switched off between paragraphs of one style", contextual(BODY_2), {"khoảng cách giữa các đoạn"}),
    ("5 pt switched off (already too little)", both(pformat(BODY_2, space_before=Pt(5)), contextual(BODY_2)),
     {"khoảng cách giữa các đoạn"}),
    ("double line spacing", pformat(BODY_2, line_spacing=2.0), {"giãn dòng"}),
    ("1.6 lines", pformat(BODY_2, line_spacing=1.6), {"giãn dòng"}),
    ("1.5 lines", pformat(BODY_2, line_spacing=1.5), set()),
    ("0.9 lines", pformat(BODY_2, line_spacing=0.9), {"giãn dòng"}),
    ("exactly 17 pt", pformat(BODY_2, line_spacing=Pt(17)), set()),
    ("exactly 12 pt", pformat(BODY_2, line_spacing=Pt(12)), {"giãn dòng"}),
    ("exactly 26 pt", pformat(BODY_2, line_spacing=Pt(26)), {"giãn dòng"}),
    ("body 12 pt", runs_of(BODY_2, size=Pt(12)), {"cỡ chữ nội dung"}),
    ("body 15 pt", runs_of(BODY_2, size=Pt(15)), {"cỡ chữ nội dung"}),
    ("one body paragraph 13 pt among 14 pt", runs_of(BODY_2, size=Pt(13)), {"cỡ chữ thống nhất"}),
    # Nơi nhận (II.9)
    ("no Nơi nhận", text_of("Nơi nhận", "Gửi:"), {"Nơi nhận"}),
    ("Nơi nhận 11 pt", runs_of("Nơi nhận", size=Pt(11)), {"cỡ chữ \"Nơi nhận\""}),
    ("Nơi nhận not bold", runs_of("Nơi nhận", bold=False), {"chữ đậm ở \"Nơi nhận\""}),
    ("Nơi nhận upright", runs_of("Nơi nhận", italic=False), {"chữ nghiêng ở \"Nơi nhận\""}),
    ("recipient 12 pt", runs_of("- Các thôn", size=Pt(12)), {"cỡ chữ danh sách nơi nhận"}),
    ("recipient without its dash", text_of("- Các thôn", "Các thôn;"), {"gạch đầu dòng nơi nhận"}),
    ("recipient with an en dash", text_of("- Các thôn", "– Các thôn;"), set()),
    ("recipient ending with a full stop", text_of("- Các thôn", "- Các thôn."), {"dấu cuối dòng nơi nhận"}),
    ("Lưu ending with a semicolon", text_of("- Lưu", "- Lưu: VT;"), {"dấu cuối dòng nơi nhận"}),
    ("no Lưu line", text_of("- Lưu", "- Thôn Đông."), {"dòng \"Lưu\" cuối nơi nhận"}),
    ("Lưu without its colon", text_of("- Lưu", "- Lưu VT."), {"dòng \"Lưu\" cuối nơi nhận"}),
    ("bordered signature table", bordered_signature, {"bảng chữ ký có đường viền"}),
    # the signer (II.7)
    ("no signer", empty_signer, {"khối chữ ký"}),
    ("authority not bold", runs_of("KT. CHỦ TỊCH", bold=False), {"chữ đậm ở quyền hạn, chức vụ"}),
    ("authority 12 pt", runs_of("KT. CHỦ TỊCH", size=Pt(12)), {"cỡ chữ quyền hạn, chức vụ"}),
    ("KT without its dot", text_of("KT. CHỦ TỊCH", "KT CHỦ TỊCH"), {"dấu chấm sau chữ viết tắt quyền hạn"}),
    ("KT. last, no deputy under it", remove("PHÓ CHỦ TỊCH"), {"ký thay (KT.)"}),
    ("name not bold", runs_of("Lê Văn A", bold=False), {"chữ đậm ở họ tên người ký"}),
    ("name 12 pt", runs_of("Lê Văn A", size=Pt(12)), {"cỡ chữ họ tên người ký"}),
    ("two empty lines to sign in", signature_gap(2), {"chỗ ký"}),
    ("three empty lines to sign in", signature_gap(3), set()),
    ("no empty line but 36 pt before the name", signature_gap(0, 36), set()),
    ("no empty line and 30 pt before the name", signature_gap(0, 30), {"chỗ ký"}),
]


def test_the_clean_plan_has_no_finding(rich_bytes, tmp_path):
    assert findings_of(docx.Document(io.BytesIO(rich_bytes)), tmp_path) == []


@pytest.mark.parametrize("name, change, expected", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_gives_exactly_its_finding(rich_bytes, tmp_path, name, change, expected):
    assert rules_after(rich_bytes, change, tmp_path) == expected


# ------------------------------------------------------- what the clerk reads --

def test_a_finding_says_where_what_is_due_what_was_found_and_the_clause(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    runs_of(BODY_2, size=Pt(12))(document)
    margin("right", 14)(document)
    body_size, right = sorted(findings_of(document, tmp_path), key=lambda f: f.rule)
    assert str(body_size) == (f"đoạn {body_size.paragraph} \"{body_size.excerpt}\": lỗi: cỡ chữ nội dung: "
                              "cần 13–14 pt; thấy 12 pt (Phụ lục I, mục II.6.e).")
    assert body_size.excerpt.startswith(BODY_2)
    assert str(right) == "toàn văn bản: lỗi: lề phải: cần 15–20 mm; thấy 14,0 mm (phần 1) (Phụ lục I, mục I.3)."
    assert right.as_dict() == {"muc_do": "loi", "quy_tac": "lề phải", "dieu_khoan": "Phụ lục I, mục I.3",
                               "doan": None, "trich": "", "can": "15–20 mm", "thay": "14,0 mm (phần 1)"}
    warning = Finding("canh_bao", "chỗ ký", "c", 3, "x", "3–4 dòng", "1 dòng")
    assert str(warning) == "đoạn 3 \"x\": cảnh báo: chỗ ký: cần 3–4 dòng; thấy 1 dòng (c)."


def test_five_findings_of_a_rule_are_listed_and_the_rest_counted(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    more_body(7)(document)  # eight paragraphs like the first, then the others
    for p in all_paragraphs(document):
        if p.text.startswith(BODY_1):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    findings = findings_of(document, tmp_path)
    assert [f.rule for f in findings] == ["canh đều hai lề"] * 6
    assert [f.paragraph is not None for f in findings] == [True] * 5 + [False]
    assert findings[-1].found == "thêm 3 đoạn khác cũng vậy" and findings[-1].expected == "canh đều hai lề"


def test_a_warning_is_a_warning(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    signature_gap(1)(document)
    (finding,) = findings_of(document, tmp_path)
    assert (finding.severity, finding.expected, finding.found) == ("canh_bao", "3–4 dòng trống giữa chức vụ và họ tên",
                                                                   "1 dòng")


def test_a_finding_is_a_value():
    finding = Finding("loi", "r", "c", 1, "x", "a", "b")
    assert finding == Finding("loi", "r", "c", 1, "x", "a", "b") and len({finding, finding}) == 1
    with pytest.raises(AttributeError):
        finding.rule = "s"  # type: ignore[misc]


@pytest.mark.parametrize("value, shown", [
    ("both", "canh đều hai lề"), ("justify", "canh đều hai lề"), ("distribute", "canh đều hai lề"),
    ("center", "căn giữa"), ("right", "căn phải"), ("end", "căn phải"), ("left", "căn trái"),
    ("start", "căn trái"), (None, "căn trái"), ("", "căn trái"), ("thaiDistribute", "thaiDistribute")])
def test_alignments_are_named_in_vietnamese(value, shown):  # Word's default alignment is left
    assert alignment_text(value) == shown


def test_sizes_are_shown_in_points_or_as_unknown():
    assert (pt_text(13.0), pt_text(10.5), pt_text(None)) == ("13 pt", "10,5 pt", "không rõ")


@pytest.mark.parametrize("text, upper", [
    ("ỦY BAN NHÂN DÂN", True), ("Ủy ban nhân dân", False), ("", False), ("12/2025", False),
    ("ABCDEFGHIJk", True),  # ten letters in eleven: above nine in ten
    ("ABCDEFGHIk", False),  # nine in ten is not IN HOA
])
def test_in_hoa_means_more_than_nine_letters_in_ten(text, upper):
    assert is_upper(text) is upper


def test_names_match_whatever_the_case_spacing_and_tone_placement():
    assert norm("Cộng  hoà xã hội") == norm("CỘNG HÒA XÃ HỘI") == "CỘNG HÒA XÃ HỘI"
    assert norm("thuỷ lợi") == "THỦY LỢI" and norm("HOẠCH") == "HOẠCH"


# ------------------------------------------------------------- short lines --

from kehoach import decree  # noqa: E402
from kehoach.check import short_lines  # noqa: E402


class _Findings:
    """Stands for the audit: collects what ``line_length`` reports."""

    def __init__(self):
        self.found = []

    def add(self, severity, rule, clause, para, expected, found):
        self.found.append((severity, rule, expected))


@pytest.mark.parametrize("kind, length, reported", [
    ("co_quan", 1 / 3 - 0.05, False), ("co_quan", 1 / 2 + 0.05, False),  # the decree's 1/3–1/2, 0.05 of play
    ("co_quan", 0.28, True), ("co_quan", 0.56, True),
    ("tieu_ngu", 0.9, False), ("tieu_ngu", 1.1, False), ("tieu_ngu", 0.89, True), ("tieu_ngu", 1.11, True),
])
def test_a_short_line_is_measured_against_the_text_above_it(kind, length, reported):
    audit = _Findings()
    short_lines.line_length(audit, None, decree.SHORT_LINES[kind], "đường kẻ", length, 1.0)
    assert bool(audit.found) is reported


def test_what_a_short_line_should_measure_is_said_in_millimetres():
    audit = _Findings()
    short_lines.line_length(audit, None, decree.SHORT_LINES["tieu_ngu"], "đường kẻ", 50.0, 60.0)
    short_lines.line_length(audit, None, decree.SHORT_LINES["co_quan"], "đường kẻ", 30.0, 43.2)
    assert audit.found == [
        ("loi", "độ dài đường kẻ", "dài bằng dòng chữ phía trên (60,0 mm)"),
        ("loi", "độ dài đường kẻ", "dài 14,4–21,6 mm, tức 0,33–0,50 lần dòng chữ phía trên (dòng chữ dài 43,2 mm)"),
    ]


def test_a_line_under_an_empty_or_tiny_text_is_still_judged_and_never_divides_by_zero():
    audit = _Findings()
    short_lines.line_length(audit, None, decree.SHORT_LINES["co_quan"], "đường kẻ", 10.0, 0.0)
    assert audit.found == []
    short_lines.line_length(audit, None, decree.SHORT_LINES["co_quan"], "đường kẻ", 10.0, 0.5)
    assert len(audit.found) == 1


VML_NS = "urn:schemas-microsoft-com:vml"


@pytest.mark.parametrize("xml, length", [
    (drawing(30), 30.0),
    (f'<w:r {nsdecls("w")}><w:drawing><wp:inline {WP}><wp:extent cy="0"/></wp:inline></w:drawing></w:r>', 0),
    (f'<w:r {nsdecls("w")}><w:pict><v:line {VML} from="10pt,3pt" to="70pt,3pt"/></w:pict></w:r>', 60 * 0.3528),
    (f'<w:r {nsdecls("w")}><w:pict><v:line {VML} to="60pt,5pt"/></w:pict></w:r>', 60 * 0.3528),
    (f'<w:r {nsdecls("w")}><w:pict><v:line {VML} from="x" to="60pt,0"/></w:pict></w:r>', 0),
    (vml_rect("position:absolute;width:50pt;height:1pt"), 50 * 0.3528),
    (vml_rect("position:absolute;height:1pt"), 0),
    (f'<w:r {nsdecls("w")}><w:t>chữ</w:t></w:r>', None),
])
def test_drawn_lines_are_measured_in_millimetres(xml, length):
    paragraph = parse_xml(f'<w:p {nsdecls("w")}>{xml}</w:p>')
    measured = short_lines.drawing_length(paragraph)
    assert measured == length if length is None else measured == pytest.approx(length, abs=0.01)


def test_a_line_typed_as_underscores_is_a_warning_not_an_error(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    replace_line("Phòng chống", f'<w:r {nsdecls("w")}><w:t>__________</w:t></w:r>')(document)
    (finding,) = findings_of(document, tmp_path)
    assert (finding.severity, finding.found) == ("canh_bao", "các ký tự gạch gõ tay")


def test_a_tiny_drawing_is_measured_and_too_short(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    replace_line("Phòng chống", drawing(0.5))(document)
    assert [f.rule for f in findings_of(document, tmp_path)] == ["độ dài đường kẻ dưới trích yếu"]


def test_a_page_number_finding_names_its_section_only_when_there_are_several(rich_bytes, tmp_path):
    document = docx.Document(io.BytesIO(rich_bytes))
    page_field_to_footer(document)
    (finding,) = findings_of(document, tmp_path)
    assert finding.found == "ở chân trang"
    appendix = render_text(RICH + "phu_luc:\n  - tieu_de: Danh sách\n    doan: [Một đoạn.]\n")
    document = docx.Document(io.BytesIO(appendix))
    page_field_to_footer(document)
    # the appendix's section shows the same footer (linked to the one before)
    assert [f.found for f in findings_of(document, tmp_path)] == ["ở chân trang (phần 1)", "ở chân trang (phần 2)"]


def _with_paragraphs(rich_bytes, tmp_path, total: int):
    document = docx.Document(io.BytesIO(rich_bytes))
    no_page_number(document)
    path = tmp_path / "count.docx"
    document.save(path)
    more_body(total - len(DocxReader(path).paragraphs))(document)
    return document


def test_a_plan_of_more_than_40_paragraphs_without_page_numbers_gets_a_warning(rich_bytes, tmp_path):
    assert findings_of(_with_paragraphs(rich_bytes, tmp_path, 40), tmp_path) == []
    (finding,) = findings_of(_with_paragraphs(rich_bytes, tmp_path, 41), tmp_path)
    assert (finding.severity, finding.rule) == ("canh_bao", "số trang")


def test_a_three_line_agency_has_its_line_under_the_last_line(tmp_path):
    data = render_text(RICH.replace("ten: [Ủy ban nhân dân, Xã Hòa Bình]", "ten: [Ủy ban nhân dân, Huyện Yên Lạc, Xã Hòa Bình]")
                       .replace("  chu_quan: UBND huyện Yên Lạc\n", ""))
    assert findings_of(docx.Document(io.BytesIO(data)), tmp_path) == []


@pytest.mark.parametrize("change, found", [
    (pformat(BODY_2, line_spacing=2.0), "2 dòng"),
    (pformat(BODY_2, line_spacing=Pt(12)), "đúng 12 pt"),
    (both(pformat(BODY_2, line_spacing=Pt(12)),
          pformat(BODY_2, line_spacing_rule=WD_LINE_SPACING.AT_LEAST)), "ít nhất 12 pt"),
    (pformat(BODY_2, space_before=Pt(5)), "trước 5 pt, sau 0 pt"),
    (contextual(BODY_2), "0 pt: khoảng cách bị tắt bởi \"Không thêm khoảng cách giữa các đoạn cùng kiểu\" "
                         "(contextualSpacing)"),
])
def test_what_was_found_in_the_spacing_is_said_as_word_shows_it(rich_bytes, tmp_path, change, found):
    document = docx.Document(io.BytesIO(rich_bytes))
    change(document)
    (finding,) = findings_of(document, tmp_path)
    assert finding.found == found


def test_a_size_finding_says_the_one_size_or_the_range_the_decree_allows(rich_bytes, tmp_path):
    """The number line has one size (13 pt, [P1] II.3.c); the body a range (13–14 pt, II.6.e)."""
    def found(change):
        document = docx.Document(io.BytesIO(rich_bytes))
        change(document)
        (finding,) = findings_of(document, tmp_path)
        return finding.expected, finding.found

    assert found(runs_of("Số:", size=Pt(14))) == ("13 pt", "14 pt")
    assert found(runs_of(BODY_2, size=Pt(15))) == ("13–14 pt", "15 pt")
