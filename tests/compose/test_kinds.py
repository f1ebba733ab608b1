"""The elements other kinds of document bring: "Kính gửi:" and the
"(Ban hành kèm theo …)" line under a plan's title, as the decree draws them."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from kehoach import decree
from kehoach.docx.metrics import text_width_mm
from tests.conftest import DATA, SAMPLES, all_paragraphs, find_paragraph, open_docx, render_path, render_text
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


# ------------------------------------------------------------- Quyết định --

QD = DATA / "dong-tuyen-2024.quyet-dinh.yaml"
CV = DATA / "dong-tuyen-2024.cong-van.yaml"


def _body_texts(document) -> list[str]:
    """Paragraphs of the main story in order, with a marker where a section ends."""
    out = []
    for p in document.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        out.append(text)
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            out.append("<SECTION>")
    return out


def test_decision_follows_mau_1_3():
    document = open_docx(render_path(QD))
    texts = [t for t in _body_texts(document) if t.strip()]
    decision = texts[:texts.index("<SECTION>")]
    order = ["QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ĐỒNG TUYỂN", "QUYẾT ĐỊNH:", "Nơi nhận:"]
    assert [t for t in decision if t in order] == order
    bases = [t for t in decision if t.startswith(("Căn cứ", "Theo đề nghị"))]
    assert [t[-1] for t in bases] == [";", ";", ";", "."] and bases[-1].startswith("Theo đề nghị")
    articles = [t for t in decision if t.startswith("Điều ")]
    assert [a.split(".")[0] for a in articles] == ["Điều 1", "Điều 2", "Điều 3"]
    assert articles[0] == ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới "
                           "và vì sự tiến bộ của phụ nữ xã Đồng Tuyển năm 2024.")
    assert articles[2].endswith("chịu trách nhiệm thi hành Quyết định này./.")
    assert "- Như Điều 3;" in decision
    label = find_paragraph(document, "Điều 1.")
    assert label.runs[0].text == "Điều 1." and label.runs[0].bold


def test_the_attached_plan_is_the_plan_file_without_its_closing():
    alone = [t for t in _body_texts(open_docx(render_path(DATA / "dong-tuyen-2024.yaml"))) if t.strip()]
    inside = [t for t in _body_texts(open_docx(render_path(QD))) if t.strip()]
    attached = inside[inside.index("<SECTION>") + 1:]
    assert attached[attached.index("KẾ HOẠCH") + 1].startswith("Thực hiện công tác bình đẳng giới")
    assert attached[attached.index("KẾ HOẠCH") + 2].startswith("(Ban hành kèm theo Quyết định số")
    assert "Số:" not in " ".join(attached[:6]) and "Nơi nhận:" not in attached
    body_alone = alone[alone.index("KẾ HOẠCH") + 2:alone.index("Nơi nhận:")]
    body_inside = attached[attached.index("KẾ HOẠCH") + 3:]
    assert body_inside[:len(body_alone)] == body_alone  # the same words, as the plan file has them
    assert "Nguyễn Viết Tiệp" not in attached


def test_the_decision_gives_its_number_to_the_attached_plan():
    from kehoach.api import load_plan_text

    text = QD.read_text(encoding="utf-8").replace("so:              #", "so: 8 #").replace(
        "ngay_ky:\n  thang: 2\n  nam: 2024", "ngay_ky: 21/02/2024")
    text = text.replace("ke_hoach: dong-tuyen-2024.yaml", f"ke_hoach: {DATA.name}/dong-tuyen-2024.yaml")
    import os

    cwd = os.getcwd()
    os.chdir(DATA.parent)
    try:
        from kehoach.api import render_bytes

        data = render_bytes(load_plan_text(text))
    finally:
        os.chdir(cwd)
    texts = _texts(data)
    assert "Số: 08/QĐ-UBND" in texts
    assert ("(Ban hành kèm theo Quyết định số 08/QĐ-UBND ngày 21/02/2024 của Ủy ban nhân dân xã Đồng Tuyển)"
            in texts)


INLINE = MINIMAL.replace("so: 5\n", "loai: quyet-dinh\nso: 5\nky_hieu: QĐ-UBND\n").replace(
    "trich_yeu: Phòng chống thiên tai năm {{ nam }}\nphan:\n  - tieu_de: Mục đích\n    y:\n      - Một ý\n",
    "trich_yeu: Ban hành Kế hoạch phòng chống thiên tai năm {{ nam }}\ntham_quyen: Chủ tịch UBND xã {{ ten_xa }}\n"
    "dieu:\n  - Ban hành kèm theo Quyết định này Kế hoạch phòng chống thiên tai.\n"
    "  - tieu_de: Tổ chức thực hiện\n    noi_dung: Giao công chức Địa chính - Xây dựng chủ trì.\n"
    "    doan: [Các thôn phối hợp thực hiện.]\n"
    "ke_hoach:\n  trich_yeu: Phòng chống thiên tai năm {{ nam }}\n  phan:\n    - tieu_de: Mục đích\n"
    "      y: [Một ý]\n")


def test_a_plan_written_in_place_takes_the_decision_header():
    texts = _texts(render_text(INLINE))
    assert texts.count("XÃ HÒA BÌNH") == 2  # the decision's header and the attached plan's
    assert "Điều 2. Tổ chức thực hiện Giao công chức Địa chính - Xây dựng chủ trì." in texts
    assert texts[texts.index("Điều 2. Tổ chức thực hiện Giao công chức Địa chính - Xây dựng chủ trì.") + 1] == (
        "Các thôn phối hợp thực hiện./.")
    assert "(Ban hành kèm theo Quyết định số 05/QĐ-UBND ngày 03/01/2025 của Ủy ban nhân dân xã Hòa Bình)" in texts


def test_a_problem_in_the_plan_in_place_names_its_place():
    from kehoach.errors import InvalidInput

    text = INLINE.replace("      y: [Một ý]", "      y: [Một ý]\n      ngoai: 1")
    with pytest.raises(InvalidInput) as caught:
        render_text(text)
    problem = caught.value.problems[0]
    line = text.splitlines().index("      ngoai: 1") + 1
    assert (problem.path, problem.line, problem.column) == ("ke_hoach.phan[0].ngoai", line, 14)  # as in a plan


def test_a_warning_in_the_plan_in_place_says_how_to_silence_it():
    """A warning with a silencing code (a doubled word) inside `ke_hoach:` is a warning, not a crash."""
    from kehoach.api import load_plan_text, prepare_loaded

    text = INLINE.replace("      y: [Một ý]", "      y: [Tổ chức hội nghị nghị]")
    warnings = prepare_loaded(load_plan_text(text)).warnings
    assert any(w.path.startswith("ke_hoach.phan[0].y[0]") and "bo-qua lap-tu" in w.message for w in warnings)


def test_a_decision_that_issues_no_plan_has_only_its_own_articles(tmp_path):
    """A Quyết định that sets up an inspection team (real: QD-thanh-lap-doan-kiem-tra-hoa-chat-2026.docx)
    issues no plan: its articles are written, there is no `ke_hoach` and nothing after the signature."""
    from kehoach.check.audit import audit
    from kehoach.errors import InvalidInput

    alone = INLINE[:INLINE.index("ke_hoach:")] + INLINE[INLINE.index("noi_nhan:"):]
    texts = _texts(render_text(alone))
    assert texts.count("XÃ HÒA BÌNH") == 1 and "KẾ HOẠCH" not in texts
    assert texts[texts.index("Điều 2. Tổ chức thực hiện Giao công chức Địa chính - Xây dựng chủ trì.") + 1] == (
        "Các thôn phối hợp thực hiện./.")
    path = tmp_path / "qd.docx"
    path.write_bytes(render_text(alone))
    assert [str(f) for f in audit(path) if f.severity == "loi"] == []
    without_articles = alone[:alone.index("dieu:")] + alone[alone.index("noi_nhan:"):]
    with pytest.raises(InvalidInput) as caught:
        render_text(without_articles)
    assert any("`ke_hoach`" in p.message and "`dieu`" in p.message for p in caught.value.problems)


# ----------------------------------------------------------------- Công văn --


def test_official_letter_follows_mau_1_5():
    document = open_docx(render_path(CV))
    texts = [p.text for p in all_paragraphs(document)]
    assert texts.index("V/v triển khai Kế hoạch công tác bình đẳng giới năm 2024") == texts.index(
        "Số:       /UBND-VH") + 1
    assert "KẾ HOẠCH" not in texts and "CÔNG VĂN" not in texts
    assert texts[texts.index("Nơi nhận:") + 1] == "- Như trên;"
    assert [t for t in texts if t.endswith("./.")] and texts.index("Kính gửi:") < texts.index("Nơi nhận:")
    vv = find_paragraph(document, "V/v")
    assert vv.style.name == "KH Trích yếu công văn"
