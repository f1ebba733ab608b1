"""The rendered Đồng Tuyển plan, element by element, against nd30.md."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from kehoach import decree
from kehoach.docx.metrics import text_width_mm

from tests.conftest import (all_paragraphs, effective_flag, effective_pformat, effective_size, find_paragraph)

TWIPS_PER_MM = 1440 / 25.4


def test_page_is_a4_portrait_with_default_margins(dong_tuyen):
    section = dong_tuyen.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    for name, allowed in decree.MARGINS.items():
        value = {"tren": section.top_margin, "duoi": section.bottom_margin,
                 "trai": section.left_margin, "phai": section.right_margin}[name].mm
        assert allowed.contains(value)


def test_times_new_roman_in_all_four_slots_vietnamese_and_black(dong_tuyen):
    rpr = dong_tuyen.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(slot)) == "Times New Roman"
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert rpr.find(qn("w:color")).get(qn("w:val")) == "000000"
    # No theme fonts anywhere, and no run or style overrides the font or colour.
    xml = dong_tuyen.element.xml + dong_tuyen.styles.element.xml
    assert "asciiTheme" not in xml and "majorHAnsi" not in xml
    for style in dong_tuyen.styles:
        rfonts = style.element.find(qn("w:rPr"))
        if rfonts is not None and rfonts.find(qn("w:rFonts")) is not None:
            assert rfonts.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
        if style.font.color is not None and style.font.color.rgb is not None:
            assert str(style.font.color.rgb) == "000000"
    assert dong_tuyen.element.body.find(".//" + qn("w:rFonts")) is None


EXPECTED = [
    # text start, size, bold, italic, alignment
    ("ỦY BAN NHÂN DÂN", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("XÃ ĐỒNG TUYỂN", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Độc lập - Tự do - Hạnh phúc", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Số:", 13, False, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Đồng Tuyển, ngày", 14, False, True, WD_ALIGN_PARAGRAPH.CENTER),
    ("KẾ HOẠCH", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Thực hiện công tác bình đẳng giới", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Thực hiện Kế hoạch số", 14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("I. MỤC ĐÍCH, YÊU CẦU", 14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("1. Mục đích", 14, True, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("- Tăng cường sự quan tâm", 14, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY),
    ("Nơi nhận:", 12, True, True, WD_ALIGN_PARAGRAPH.LEFT),
    ("- UBND thành phố Lào Cai;", 11, False, False, WD_ALIGN_PARAGRAPH.LEFT),
    ("TM. ỦY BAN NHÂN DÂN", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("KT. CHỦ TỊCH", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("PHÓ CHỦ TỊCH", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
    ("Nguyễn Viết Tiệp", 14, True, False, WD_ALIGN_PARAGRAPH.CENTER),
]


@pytest.mark.parametrize("start, size, bold, italic, align", EXPECTED, ids=[e[0][:20] for e in EXPECTED])
def test_each_element_has_its_size_weight_slant_and_alignment(dong_tuyen, start, size, bold, italic, align):
    p = find_paragraph(dong_tuyen, start)
    first = p.runs[0]
    assert effective_size(p, first) == size
    assert effective_flag(p, "bold", first) is bold
    assert effective_flag(p, "italic", first) is italic
    assert effective_pformat(p, "alignment") == align


def test_size_set_13_changes_every_element_consistently():
    from tests.conftest import open_docx, render_text
    from tests.plans import MINIMAL

    doc = open_docx(render_text(MINIMAL + "trinh_bay:\n  co_chu: 13\n"))
    assert effective_size(find_paragraph(doc, "CỘNG HÒA")) == 12
    assert effective_size(find_paragraph(doc, "Độc lập")) == 13
    assert effective_size(find_paragraph(doc, "Hòa Bình, ngày")) == 13
    assert effective_size(find_paragraph(doc, "I. ")) == 13
    assert effective_size(find_paragraph(doc, "Nơi nhận")) == 12


def test_body_paragraphs_indent_spacing_and_line_spacing(dong_tuyen):
    body = [p for p in all_paragraphs(dong_tuyen) if p.style.name == "KH Nội dung"]
    assert len(body) > 30
    for p in body:
        assert effective_pformat(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        indent = effective_pformat(p, "first_line_indent")
        assert abs(indent.cm - 1.0) < 0.01
        assert effective_pformat(p, "space_before").pt >= decree.PARAGRAPH_SPACING_MIN_PT
        assert 1.0 <= effective_pformat(p, "line_spacing") <= 1.5


def test_indent_127_and_line_spacing_are_configurable():
    from tests.conftest import open_docx, render_text
    from tests.plans import MINIMAL

    doc = open_docx(render_text(MINIMAL + "trinh_bay:\n  thut_dau_dong: 1.27\n  gian_dong: 1.15\n"))
    p = find_paragraph(doc, "- Một ý")
    assert abs(effective_pformat(p, "first_line_indent").cm - 1.27) < 0.01
    assert abs(effective_pformat(p, "line_spacing") - 1.15) < 0.01


def _header_xml(section, kind):
    header = {"default": section.header, "first": section.first_page_header}[kind]
    return header._element.xml


def test_page_number_from_page_two_on_and_not_on_page_one(dong_tuyen):
    section = dong_tuyen.sections[0]
    assert section.different_first_page_header_footer
    default = _header_xml(section, "default")
    assert "PAGE" in default and "fldChar" in default
    assert "PAGE" not in _header_xml(section, "first")
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER or \
        effective_pformat(paragraph, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    size = effective_size(paragraph)
    assert 13 <= size <= 14
    assert not effective_flag(paragraph, "bold")


def test_layout_tables_are_borderless_and_fit_the_quoc_hieu(dong_tuyen):
    header, signature = dong_tuyen.tables[0], dong_tuyen.tables[-1]
    for table in (header, signature):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders is not None
        for side in borders:
            assert side.get(qn("w:val")) in ("nil", "none")
    right_width_mm = int(header._tbl.tblGrid.findall(qn("w:gridCol"))[1].get(qn("w:w"))) / TWIPS_PER_MM
    assert right_width_mm >= text_width_mm(decree.QUOC_HIEU, 13, bold=True)
    total = sum(int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))) / TWIPS_PER_MM
    assert total <= 210 - 30 - 15 + 0.5


def _short_lines(document):
    for p in all_paragraphs(document):
        ppr = p._p.pPr
        if ppr is None or ppr.find(qn("w:pBdr")) is None:
            continue
        bottom = ppr.find(qn("w:pBdr")).find(qn("w:bottom"))
        yield p, bottom


def _line_length_mm(paragraph, available_mm):
    ind = paragraph._p.pPr.find(qn("w:ind"))
    left = int(ind.get(qn("w:left"))) / TWIPS_PER_MM
    right = int(ind.get(qn("w:right"))) / TWIPS_PER_MM
    return available_mm - left - right, left, right


def test_short_lines_are_solid_centred_and_sized_by_the_decree(dong_tuyen):
    lines = list(_short_lines(dong_tuyen))
    assert len(lines) == 3  # agency, Tiêu ngữ, trích yếu
    for _, bottom in lines:
        assert bottom.get(qn("w:val")) == "single"
    header = dong_tuyen.tables[0]
    grid = [int(c.get(qn("w:w"))) / TWIPS_PER_MM for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    (agency, _), (motto, _), (summary, _) = lines
    agency_len, left, right = _line_length_mm(agency, grid[0])
    name = max(text_width_mm(t, 13, bold=True) for t in ("ỦY BAN NHÂN DÂN", "XÃ ĐỒNG TUYỂN"))
    assert name / 3 - 0.5 <= agency_len <= name / 2 + 0.5
    assert abs(left - right) < 0.1
    motto_len, _, _ = _line_length_mm(motto, grid[1])
    assert abs(motto_len - text_width_mm(decree.TIEU_NGU, 14, bold=True)) < 0.5
    summary_len, _, _ = _line_length_mm(summary, 210 - 30 - 15)
    assert 155 / 3 - 1 <= summary_len <= 165 / 2 + 1


def test_so_and_place_date_share_a_row(dong_tuyen):
    header = dong_tuyen.tables[0]
    row = header.rows[1]
    assert row.cells[0].text.startswith("Số:")
    assert row.cells[1].text.startswith("Đồng Tuyển, ngày")


def test_noi_nhan_and_signer_side_by_side_at_the_end(dong_tuyen):
    signature = dong_tuyen.tables[-1]
    left, right = signature.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    items = [p.text for p in left.paragraphs[1:]]
    assert all(t.startswith("- ") for t in items)
    assert all(t.endswith(";") for t in items[:-1])
    assert items[-1] == "- Lưu: VT, VH."
    lines = [p.text for p in right.paragraphs]
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Nguyễn Viết Tiệp"
    assert lines[3:-1] == [""] * decree.SIGNATURE_LINES  # room for the signature and seal


def test_body_ends_with_slash_dot(dong_tuyen):
    closing = [p.text for p in all_paragraphs(dong_tuyen) if p.text.startswith("Trên đây là")]
    assert closing and closing[0].endswith("thực hiện./.")


def test_numbering_is_generated_so_the_seed_jump_cannot_happen(dong_tuyen):
    labels = [p.text.split(" ")[0] for p in all_paragraphs(dong_tuyen) if p.text[:3] in ("2.1", "2.2", "2.3", "2.4",
                                                                                         "2.5", "2.6", "2.7")]
    assert labels == ["2.1.", "2.2.", "2.3.", "2.4.", "2.5.", "2.6.", "2.7."]
    headings = [p.text.split(".")[0] for p in all_paragraphs(dong_tuyen)
                if p.style.name == "KH Tiêu đề cấp 1" or p.text.startswith(("III.", "V."))]
    assert headings[:5] == ["I", "II", "III", "IV", "V"]


def test_appendix_is_its_own_section_with_its_own_numbering(dong_thap):
    assert len(dong_thap.sections) == 2
    appendix = dong_thap.sections[1]
    start = appendix._sectPr.find(qn("w:pgNumType"))
    assert start is not None and start.get(qn("w:start")) == "1"
    assert appendix.different_first_page_header_footer
    label = find_paragraph(dong_thap, "Phụ lục")
    assert effective_size(label) == 14 and effective_flag(label, "bold")
    kem_theo = find_paragraph(dong_thap, "(Kèm theo Kế hoạch số 617/KH-UBND ngày 01/12/2025")
    assert effective_flag(kem_theo, "italic")


def test_appendix_task_table_has_header_groups_and_rows(dong_thap):
    table = dong_thap.tables[2]  # header, signature, then the appendix
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    group = table.rows[1]
    assert group._tr.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "5"
    assert group.cells[0].text == "I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"
    first = [c.text for c in table.rows[2].cells]
    assert first[0] == "1" and first[2] == "Sở KH&CN" and first[4] == "Thường xuyên"
    assert first[3] == "Các sở, ban, ngành tỉnh; UBND các xã, phường"
    numbers = [r.cells[0].text for r in table.rows if len(r._tr.tc_lst) == 5][1:]
    assert numbers == [str(i) for i in range(1, 12)]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(side.get(qn("w:val")) == "single" for side in borders)


def test_landscape_appendix():
    from tests.conftest import open_docx, render_text
    from tests.plans import MINIMAL

    text = MINIMAL + """phu_luc:
  - tieu_de: Bảng số liệu
    ngang: true
    bang:
      cot: [TT, Chỉ tiêu, Kết quả]
      so_cot: true
      dong:
        - [1, "Số hộ\\nđược hỗ trợ", 10]
"""
    doc = open_docx(render_text(text))
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    appendix = doc.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    table = doc.tables[2]
    assert [c.text for c in table.rows[1].cells] == ["(1)", "(2)", "(3)"]
    assert [p.text for p in table.rows[2].cells[1].paragraphs] == ["Số hộ", "được hỗ trợ"]
