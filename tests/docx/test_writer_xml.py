"""Layout facts asserted on the XML Word reads, so that a machine without
LibreOffice still catches them: run-level bold and italic, line breaks inside
an item, column and table widths (portrait and landscape), the air around the
tables, and the style sheet's spacing. The PDF tests (tests/jobs/test_pdf.py)
show the same facts on the printed page where LibreOffice is installed.

Widths are the promised millimetres (A4 210 × 297 mm, margins 30/15 mm by
default, Phụ lục I, mục I.3), converted to twips as Word stores them.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from kehoach.docx.metrics import text_width_mm
from tests.conftest import render_text
from tests.plans import MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def part(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def paragraph(root: etree._Element, start: str) -> etree._Element:
    return next(p for p in root.iter(f"{W}p") if text(p).startswith(start))


def val(element: etree._Element | None, attr: str = "val") -> str | None:
    return None if element is None else element.get(f"{W}{attr}")


def tables(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{W}tbl"))


def grid(table: etree._Element) -> list[int]:
    return [int(val(c, "w")) for c in table.find(f"{W}tblGrid")]


APPENDICES = """phu_luc:
  - tieu_de: Bảng số liệu
    ngang: true
    bang:
      cot: [TT, Chỉ tiêu, Kết quả]
      dong:
        - [1, Số hộ được hỗ trợ, 10]
        - [2, Số thôn, 4]
  - tieu_de: Danh sách thôn
    bang:
      cot: [TT, Thôn]
      dong:
        - [1, Thôn Đông]
"""

ITEMS = MINIMAL.replace("      - Một ý\n", "      - Một ý có **chữ đậm** và *chữ nghiêng*\n"
                                            "      - |-\n        Dòng một\n        Dòng hai\n")


@pytest.fixture(scope="module")
def items() -> etree._Element:
    return part(render_text(ITEMS))


@pytest.fixture(scope="module")
def appendices() -> etree._Element:
    return part(render_text(MINIMAL + APPENDICES))


def _on(rpr, tag: str) -> bool:
    element = rpr.find(f"{W}{tag}") if rpr is not None else None
    return element is not None and val(element) in (None, "1", "true", "on")


def test_bold_and_italic_words_are_marked_on_their_runs_only(items):
    p = paragraph(items, "- Một ý có")
    runs = [(text(r), _on(r.find(f"{W}rPr"), "b"), _on(r.find(f"{W}rPr"), "i")) for r in p.iter(f"{W}r")]
    assert runs == [("- ", False, False), ("Một ý có ", False, False), ("chữ đậm", True, False),
                    (" và ", False, False), ("chữ nghiêng", False, True)]


def test_a_line_break_inside_an_item_stays_a_line_break(items):
    p = paragraph(items, "- Dòng một")
    pieces = [("<br>" if child.tag == f"{W}br" else child.text) for r in p.iter(f"{W}r") for child in r
              if child.tag in (f"{W}t", f"{W}br")]
    assert pieces == ["- ", "Dòng một", "<br>", "Dòng hai"]  # never "Dòng mộtDòng hai"


def test_the_header_columns_fit_the_quoc_hieu_and_fill_the_text_width(items):
    header = tables(items)[0]
    left, right = grid(header)
    assert left + right == twips(210 - 30 - 15)  # 165 mm: the whole text width
    assert right == twips(100)  # Mẫu 1.4: the right column is 100 mm, room for a 13 pt bold Quốc hiệu
    assert int(val(header.find(f"{W}tblPr/{W}tblW"), "w")) == left + right


def test_a_long_place_name_widens_the_right_column_by_its_own_width_and_2_mm():
    plan = MINIMAL.replace('dia_danh: "{{ ten_xa }}"', "dia_danh: Thành phố Hồ Chí Minh")
    left, right = grid(tables(part(render_text(plan)))[0])
    line = text_width_mm("Thành phố Hồ Chí Minh, ngày 03 tháng 01 năm 2025", 14, False, True)
    assert line + 2 > 100  # this line would wrap in the 100 mm column
    assert abs(right - twips(line + 2)) <= 1 and left + right == twips(165)


def test_a_wide_agency_name_keeps_the_right_column_at_its_minimum():
    """Both columns cannot grow: the agency's 2 mm of air wins, the place-date line wraps."""
    plan = (MINIMAL.replace('dia_danh: "{{ ten_xa }}"', "dia_danh: Thành phố Hồ Chí Minh")
            .replace('ten: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]',
                     'ten: [Ủy ban nhân dân, "Xã {{ ten_xa }} huyện Mường Lát tỉnh Thanh"]'))
    left, right = grid(tables(part(render_text(plan)))[0])
    agency = text_width_mm("XÃ HÒA BÌNH HUYỆN MƯỜNG LÁT TỈNH THANH", 13, True, False)
    place = text_width_mm("Thành phố Hồ Chí Minh, ngày 03 tháng 01 năm 2025", 14, False, True)
    assert 165 - (place + 2) < agency + 2  # the place-date line cannot have its wish
    assert right == twips(100) and left == twips(65)


def test_the_signature_block_lines_up_with_the_header_and_keeps_4_mm_of_air(items):
    header, signature = tables(items)[0], tables(items)[1]
    assert grid(signature) == grid(header)
    margins = {t: [int(val(signature.find(f"{W}tblPr/{W}tblCellMar/{W}{side}"), "w"))
                   for side in ("top", "left", "bottom", "right")] for t in ("sig",)}
    assert margins["sig"] == [twips(4), 0, 0, 0]
    assert [int(val(header.find(f"{W}tblPr/{W}tblCellMar/{W}{side}"), "w"))
            for side in ("top", "left", "bottom", "right")] == [0, 0, 0, 0]


def test_layout_tables_have_no_visible_border(items):
    for table in tables(items)[:2]:
        borders = table.find(f"{W}tblPr/{W}tblBorders")
        assert {val(side) for side in borders} <= {"nil", "none"}


def test_an_appendix_table_fills_the_text_width_of_its_page(appendices):
    _header, _signature, landscape, portrait = tables(appendices)
    assert sum(grid(landscape)) == pytest.approx(twips(297 - 30 - 15), abs=3)  # 252 mm on a turned page
    assert sum(grid(portrait)) == pytest.approx(twips(210 - 30 - 15), abs=3)  # 165 mm
    for table in (landscape, portrait):
        assert int(val(table.find(f"{W}tblPr/{W}tblW"), "w")) == sum(grid(table))
        for row in table.iter(f"{W}tr"):  # every cell as wide as its grid column
            assert [int(val(tc.find(f"{W}tcPr/{W}tcW"), "w")) for tc in row.iter(f"{W}tc")] == grid(table)


def test_appendix_tables_have_borders_1_mm_of_cell_padding_and_repeat_only_their_header(appendices):
    for table in tables(appendices)[2:]:
        borders = table.find(f"{W}tblPr/{W}tblBorders")
        assert {val(side) for side in borders} == {"single"}
        mar = table.find(f"{W}tblPr/{W}tblCellMar")
        assert [int(val(mar.find(f"{W}{side}"), "w")) for side in ("top", "left", "bottom", "right")] == \
            [0, twips(1), 0, twips(1)]
        rows = list(table.iter(f"{W}tr"))
        header_rows = [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows]
        assert header_rows == [True] + [False] * (len(rows) - 1)


def test_every_table_is_followed_by_a_paragraph_and_the_body_ends_with_one(appendices):
    body = appendices.find(f"{W}body")
    children = list(body)
    for i, child in enumerate(children):
        if child.tag == f"{W}tbl":
            assert children[i + 1].tag == f"{W}p"
    for table in tables(appendices)[2:]:  # a data table: a table-text paragraph after it, a line of air
        after = table.getnext()
        assert val(after.find(f"{W}pPr/{W}pStyle")) == "KHBangO" and not _is_closing_mark(after)
    assert children[-1].tag == f"{W}sectPr" and children[-2].tag == f"{W}p"


def _is_closing_mark(p: etree._Element) -> bool:
    """The one-point hidden paragraph Word needs after a table that ends a body or a section."""
    spacing, rpr = p.find(f"{W}pPr/{W}spacing"), p.find(f"{W}pPr/{W}rPr")
    return (not text(p) and val(spacing, "line") == "20" and val(spacing, "lineRule") == "exact"
            and rpr is not None and rpr.find(f"{W}vanish") is not None)


def test_a_plan_ending_with_its_signature_ends_with_the_hidden_closing_mark(items):
    children = list(items.find(f"{W}body"))
    assert children[-3].tag == f"{W}tbl" and _is_closing_mark(children[-2]) and children[-1].tag == f"{W}sectPr"


def test_the_section_before_an_appendix_ends_in_a_closing_mark_after_the_signature(appendices):
    children = list(appendices.find(f"{W}body"))
    holder = next(c for c in children if c.tag == f"{W}p" and c.find(f"{W}pPr/{W}sectPr") is not None)
    before = children[children.index(holder) - 1]
    assert before.tag == f"{W}tbl" and "Nơi nhận" in "".join(before.itertext()) and _is_closing_mark(holder)


def test_a_body_ending_with_a_paragraph_gets_no_empty_one_more():
    plan = MINIMAL + """phu_luc:
  - tieu_de: Ghi chú
    doan:
      - Đoạn cuối của phụ lục.
"""
    body = part(render_text(plan)).find(f"{W}body")
    last = list(body)[-2]
    assert text(last) == "Đoạn cuối của phụ lục."


STYLES = {  # style id: (space before, after, line, rule) in twips; single spacing is 240
    "KHQuocHieu": ("0", "0", "240", "auto"),
    "KHSoKyHieu": ("120", "0", "240", "auto"),
    "KHTenLoai": ("360", "0", "240", "auto"),
    "KHNoiDung": ("120", "0", "360", "auto"),  # body text at 1.5 lines
    "KHCanCu": ("120", "0", "360", "auto"),
    "KHNoiNhan": ("0", "0", "240", "auto"),
    "KHDuongKe": ("0", "0", "100", "exact"),  # the 5 pt paragraph that carries a short line
}


def test_style_sheet_spacing_and_indents():
    styles = part(render_text(MINIMAL + "trinh_bay:\n  gian_dong: 1.5\n  thut_dau_dong: 1.27\n"), "word/styles.xml")
    found = {}
    for style in styles.iter(f"{W}style"):
        spacing = style.find(f"{W}pPr/{W}spacing")
        if val(style, "styleId") in STYLES:
            found[val(style, "styleId")] = tuple(val(spacing, a) for a in ("before", "after", "line", "lineRule"))
    assert found == STYLES
    body = next(s for s in styles.iter(f"{W}style") if val(s, "styleId") == "KHNoiDung")
    assert val(body.find(f"{W}pPr/{W}ind"), "firstLine") == "720"  # 1.27 cm
    quoc_hieu = next(s for s in styles.iter(f"{W}style") if val(s, "styleId") == "KHQuocHieu")
    assert val(quoc_hieu.find(f"{W}pPr/{W}ind"), "left") == "0"
    assert quoc_hieu.find(f"{W}pPr/{W}ind").get(f"{W}firstLine") is None
