"""The elements other kinds of document bring: "Kính gửi:" and the
"(Ban hành kèm theo …)" line under a plan's title, as the decree draws them."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from kehoach import decree
from kehoach.docx.metrics import text_width_mm
from tests.conftest import SAMPLES, all_paragraphs, find_paragraph, open_docx, render_path, render_text
from tests.plans import MINIMAL

TWIPS_PER_MM = 1440 / 25.4


def _with(extra: str) -> str:
    return MINIMAL.replace("phan:\n", extra + "phan:\n", 1)


def _texts(data: bytes) -> list[str]:
    return [p.text for p in all_paragraphs(open_docx(data))]


def _indent_mm(paragraph, name: str) -> float:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    return int(ind.get(qn(f"w:{name}")) or 0) / TWIPS_PER_MM


def test_one_recipient_is_on_the_label_line():
    texts = _texts(render_text(_with("kinh_gui: Thường trực Hội đồng nhân dân xã {{ ten_xa }}\n")))
    assert "Kính gửi: Thường trực Hội đồng nhân dân xã Hòa Bình" in texts


def test_several_recipients_each_on_a_dash_line_under_the_colon():
    document = open_docx(render_text(_with("kinh_gui:\n  - Huyện ủy\n  - UBND huyện;\n  - '- Các thôn.'\n")))
    texts = [p.text for p in all_paragraphs(document)]
    start = texts.index("Kính gửi:")
    assert texts[start + 1:start + 4] == ["- Huyện ủy;", "- UBND huyện;", "- Các thôn."]
    label = find_paragraph(document, "Kính gửi:")
    item = find_paragraph(document, "- Huyện ủy;")
    size = decree.ROLES["kinh_gui"].size(decree.DEFAULT_SIZE_SET)
    colon_at = (_indent_mm(label, "left") - _indent_mm(label, "hanging")
                + text_width_mm(decree.KINH_GUI, size))
    dash_at = _indent_mm(item, "left") - _indent_mm(item, "hanging")
    assert abs(dash_at - colon_at) < 0.1  # [P1] II.9.b: "thẳng hàng với nhau dưới dấu hai chấm"
    assert abs(_indent_mm(label, "left") - _indent_mm(label, "hanging") - decree.KINH_GUI_INDENT_MM) < 0.1


def test_a_note_under_the_recipient():
    texts = _texts(render_text(_with("kinh_gui:\n  noi: Các đơn vị\n  ghi_chu: (Theo Kế hoạch số 38/KH-UBND)\n")))
    assert texts[texts.index("Kính gửi: Các đơn vị") + 1] == "(Theo Kế hoạch số 38/KH-UBND)"


def test_issued_by_line_between_the_summary_and_its_short_line():
    document = open_docx(render_text(_with(
        "kem_theo:\n  so: 7\n  ky_hieu: QĐ-UBND\n  ngay: 02/01/2025\n")))
    texts = [p.text for p in all_paragraphs(document)]
    line = "(Ban hành kèm theo Quyết định số 07/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân xã Hòa Bình)"
    at = texts.index(line)
    assert texts[at - 1] == "Phòng chống thiên tai năm 2025"
    border = list(all_paragraphs(document))[at + 1]
    assert border.text == "" and border._p.pPr.find(qn("w:pBdr")) is not None


@pytest.mark.parametrize("form, line", [
    ("kem_theo:\n  van_ban: Nghị quyết\n  ky_hieu: NQ-HĐND\n",
     "(Ban hành kèm theo Nghị quyết số       /NQ-HĐND ngày       tháng       năm 2025 của Ủy ban nhân dân xã Hòa Bình)"),
    ("kem_theo: '(Kèm theo Quyết định số /QĐ-TTg ngày tháng năm 2025 của Thủ tướng Chính phủ)'\n",
     "(Kèm theo Quyết định số /QĐ-TTg ngày tháng năm 2025 của Thủ tướng Chính phủ)"),
])
def test_issued_by_line_blank_or_as_written(form, line):
    texts = _texts(render_text(_with(form)))
    assert any(" ".join(t.split()) == " ".join(line.split()) for t in texts), texts[:12]


def test_a_wrong_symbol_is_refused():
    from kehoach.errors import InvalidInput

    with pytest.raises(InvalidInput, match="ký hiệu"):
        render_text(_with("kem_theo:\n  ky_hieu: QĐ UBND\n"))


def test_styles_of_new_elements_only_where_used():
    """A plan without the new elements keeps the style sheet (and so the bytes) it had before them."""
    plain = open_docx(render_text(MINIMAL))
    with_recipients = open_docx(render_text(_with("kinh_gui: [Huyện ủy, UBND huyện]\n")))
    names = lambda d: {s.name for s in d.styles}  # noqa: E731
    on_demand = {r.name for r in decree.ROLES.values() if r.on_demand}
    assert on_demand and not any(s.style_id in {f"KH{''.join(x.title() for x in r.split('_'))}" for r in on_demand}
                                 for s in plain.styles)
    assert "KH Kính gửi" not in names(plain)
    assert {"KH Kính gửi", "KH Kính gửi - nơi nhận"} <= names(with_recipients)
