"""kehoach check: the verdict an experienced văn thư would give."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kehoach.check.audit import audit
from kehoach.cli import app

from tests.conftest import SAMPLES, all_paragraphs, find_paragraph, render_path, render_text
from tests.plans import MINIMAL, plans

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "fixtures" / "real-plans"


def _audit_bytes(data: bytes, tmp_path: Path) -> list:
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    return audit(path)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_kehoach_renders_passes(sample, tmp_path):
    assert _audit_bytes(render_path(sample), tmp_path) == []


# ------------------------------------------------------------ generated plans --

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans())
def test_generated_plans_pass_the_check(tmp_path, plan):
    findings = _audit_bytes(render_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)
    assert [f for f in findings if f.severity == "loi"] == [], [str(f) for f in findings]


# --------------------------------------------------------- hand-made defects --

@pytest.fixture(scope="module")
def clean_bytes() -> bytes:
    return render_text(MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: 10/02/2025"))


def _mutated(clean: bytes, change) -> docx.document.Document:
    document = docx.Document(io.BytesIO(clean))
    change(document)
    return document


def _rules(document, tmp_path) -> set[str]:
    path = tmp_path / "defect.docx"
    document.save(path)
    return {f.rule for f in audit(path)}


def _set_text(paragraph, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def _letter(document):
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)


def _arial(document):
    paragraph = find_paragraph(document, "- Một ý")
    for run in paragraph.runs:
        run.font.name = "Arial"


def _feb_without_zero(document):
    paragraph = find_paragraph(document, "Hòa Bình, ngày")
    _set_text(paragraph, "Hòa Bình, ngày 10 tháng 2 năm 2025")


def _march_with_zero(document):
    paragraph = find_paragraph(document, "Hòa Bình, ngày")
    _set_text(paragraph, "Hòa Bình, ngày 10 tháng 03 năm 2025")


def _number_on_page_one(document):
    document.sections[0].different_first_page_header_footer = False


def _noi_nhan_14(document):
    for run in find_paragraph(document, "Nơi nhận").runs:
        run.font.size = Pt(14)


def _bordered_header(document):
    borders = document.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    for side in borders:
        side.set(qn("w:val"), "single")
        side.set(qn("w:sz"), "4")


def _narrow_right_column(document):
    table = document.tables[0]._tbl
    delta = 20 * 1440 / 25.4  # 20 mm off the right column
    grid = table.tblGrid.findall(qn("w:gridCol"))
    grid[1].set(qn("w:w"), str(int(int(grid[1].get(qn("w:w"))) - delta)))
    for tr in table.findall(qn("w:tr")):
        tc = tr.findall(qn("w:tc"))[1]
        width = tc.find(qn("w:tcPr") + "/" + qn("w:tcW"))
        width.set(qn("w:w"), str(int(int(width.get(qn("w:w"))) - delta)))
        for p in tc.findall(qn("w:p")):  # keep the Tiêu ngữ line as long as it was
            ind = p.find(qn("w:pPr") + "/" + qn("w:ind"))
            if ind is not None:
                for attr in ("w:left", "w:right"):
                    ind.set(qn(attr), str(int(int(ind.get(qn(attr))) - delta / 2)))


def _no_motto_line(document):
    for p in all_paragraphs(document):
        border = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
        if border is not None and p._p.getparent() is document.tables[0].rows[0].cells[1]._tc:
            p._p.pPr.remove(border)


DEFECTS = [
    ("Letter paper", _letter, {"khổ giấy"}),
    ("Arial body", _arial, {"phông chữ"}),
    ("tháng 2 without its zero", _feb_without_zero, {"số 0 trước tháng 1 và tháng 2"}),
    ("tháng 03 with one", _march_with_zero, {"không thêm số 0 trước tháng 3–12"}),
    ("page number on page 1", _number_on_page_one, {"số trang ở trang 1"}),
    ("14 pt Nơi nhận", _noi_nhan_14, {"cỡ chữ \"Nơi nhận\""}),
    ("bordered header table", _bordered_header, {"bảng đầu trang có đường viền"}),
    ("Quốc hiệu too wide for its column", _narrow_right_column, {"Quốc hiệu trên một dòng"}),
    ("missing short line", _no_motto_line, {"đường kẻ dưới Tiêu ngữ"}),
]


def test_clean_document_has_no_finding(clean_bytes, tmp_path):
    assert _audit_bytes(clean_bytes, tmp_path) == []


@pytest.mark.parametrize("name, change, expected", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_gives_exactly_its_finding(clean_bytes, tmp_path, name, change, expected):
    assert _rules(_mutated(clean_bytes, change), tmp_path) == expected


def test_document_number_and_day_zero_rules(clean_bytes, tmp_path):
    def change(document):
        _set_text(find_paragraph(document, "Số:"), "Số: 5/KH-UBND")
        _set_text(find_paragraph(document, "Hòa Bình, ngày"), "Hòa Bình, ngày 3 tháng 02 năm 2025")

    assert _rules(_mutated(clean_bytes, change), tmp_path) == {"số 0 trước số văn bản dưới 10",
                                                               "số 0 trước ngày dưới 10"}


def test_signer_marker_without_dot_and_kt_without_deputy(tmp_path):
    data = render_text(MINIMAL.replace("  thay_mat: Ủy ban nhân dân\n  chuc_vu: Chủ tịch\n",
                                       "  thay_mat: Ủy ban nhân dân\n  quyen_han: KT\n  cap_truong: CHỦ TỊCH\n"
                                       "  chuc_vu: PHÓ CHỦ TỊCH\n"))

    def change(document):
        _set_text(find_paragraph(document, "TM. "), "TM ỦY BAN NHÂN DÂN")
        _set_text(find_paragraph(document, "PHÓ CHỦ TỊCH"), "CHÁNH VĂN PHÒNG")

    assert _rules(_mutated(data, change), tmp_path) == {"dấu chấm sau chữ viết tắt quyền hạn", "ký thay (KT.)"}


# ------------------------------------------------------------------ real plans --

# The findings on two real Word files (Sở Công Thương Lào Cai), each checked by hand against the file.
REAL_FINDINGS = {
    "KH-3898_30.6.2026_Huan-luyen-nguoi-quan-ly.docx": [
        ("lề trên", None),  # genuine: 15 mm, the decree allows 20–25
        ("lề dưới", None),  # genuine: 12.5 mm
        ("độ dài đường kẻ dưới tên cơ quan", 7),  # genuine: 28.7 mm under a 42.9 mm name (0.67 > 1/2)
        ("cỡ chữ số, ký hiệu", 7),  # genuine: 14 pt, the decree says 13
        ("độ dài đường kẻ dưới trích yếu", 13),  # genuine: 38 mm under a trích yếu of a full line (< 1/3)
        ("cỡ chữ danh sách nơi nhận", 35),  # genuine: 12 pt, the decree says 11
        ("cỡ chữ danh sách nơi nhận", 36),
        ("chữ nghiêng ở căn cứ", 14),  # genuine: the căn cứ are upright
        ("chữ nghiêng ở căn cứ", 15),
        ("chữ nghiêng ở căn cứ", 16),
        ("dấu cuối căn cứ", 16),  # genuine: a middle căn cứ ends with "." instead of ";"
        ("chữ nghiêng ở căn cứ", 17),
        ("chữ nghiêng ở căn cứ", 18),
        ("khoảng cách giữa các đoạn", 19),  # genuine: 3 pt after, the decree asks at least 6 pt
        ("khoảng cách giữa các đoạn", 20),
        ("khoảng cách giữa các đoạn", 22),
        ("khoảng cách giữa các đoạn", 23),
        ("khoảng cách giữa các đoạn", 25),
        ("cỡ chữ thống nhất", 25),  # genuine: this paragraph is 13 pt, the body 14 pt
        ("khoảng cách giữa các đoạn", None),  # the count of the further paragraphs with 3 pt
    ],
    "ke-hoach-thuc-hien-de-an-08.docx": [
        ("lề trên", None),  # genuine: 15 mm
        ("phông chữ", 13),  # genuine: the font is named "Times New Roman Italic", not Times New Roman
        ("chữ nghiêng ở căn cứ", 17),  # genuine: upright căn cứ
        ("dấu cuối căn cứ", 17),  # genuine: "." where ";" is due
        ("chữ nghiêng ở căn cứ", 18),
        ("chữ nghiêng ở căn cứ", 19),
        ("chữ nghiêng ở căn cứ", 20),
        ("chữ nghiêng ở căn cứ", 21),
        # 23: the last căn cứ ends with ";" before the opening "Căn cứ chức năng … như sau:", as
        # in Mẫu 1.3 ("…;" then "Theo đề nghị …"); the writer does the same (issue 11).
        ("cỡ chữ số trang", None),  # genuine: 12 pt page numbers, the decree says 13–14
        ("số trang ở trang 1", None),  # genuine: the report template section shows a number on its page 1
        ("cỡ chữ số trang", None),  # the same 12 pt in the second section
        ("chữ nghiêng ở căn cứ", None),  # the count of the further upright căn cứ
    ],
}


@pytest.mark.parametrize("name", sorted(REAL_FINDINGS))
def test_real_plans_findings_are_recorded(name):
    findings = audit(FIXTURES / name)
    assert [(f.rule, f.paragraph) for f in findings] == REAL_FINDINGS[name]
    assert all(f.severity == "loi" for f in findings)


# --------------------------------------------------------------------- the CLI --

def test_check_command_exit_codes_and_json(tmp_path, clean_bytes):
    good = tmp_path / "tot.docx"
    good.write_bytes(clean_bytes)
    result = runner.invoke(app, ["check", str(good)])
    assert result.exit_code == 0 and "đạt thể thức" in result.output
    bad = tmp_path / "sai.docx"
    _mutated(clean_bytes, _letter).save(bad)
    result = runner.invoke(app, ["check", str(good), str(bad)])
    assert result.exit_code == 1 and "khổ giấy" in result.output and "A4" in result.output
    result = runner.invoke(app, ["check", "--json", str(bad)])
    report = json.loads(result.output)
    (finding,) = report[str(bad)]
    assert finding["quy_tac"] == "khổ giấy" and finding["muc_do"] == "loi" and "Phụ lục I" in finding["dieu_khoan"]
    not_docx = tmp_path / "k.docx"
    not_docx.write_text("không phải docx", encoding="utf-8")
    result = runner.invoke(app, ["check", str(not_docx), str(good)])
    assert result.exit_code == 1 and "không phải tệp Word" in result.output and "đạt thể thức" in result.output
    assert "Traceback" not in result.output


def test_rules_come_from_one_module():
    """The checker has no number of its own: sizes and ranges are read from rules."""
    source = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[2] / "src" / "kehoach" / "check").glob("*.py"))
    assert "decree.ROLES" in source and "decree.MARGINS" in source and "decree.SHORT_LINES" in source
    for literal in ("20–25", "30–35", "13–14 pt", "= 12", "== 11"):
        assert literal not in source, literal


@settings(max_examples=int(__import__("os").environ.get("KEHOACH_DAMAGE_EXAMPLES", 60)), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"]),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["drop", "strip", "empty"])), min_size=1,
                max_size=6))
def test_check_never_crashes_on_a_damaged_document(clean_bytes, tmp_path, part, damage):
    """Hand-made files are full of surprises: whatever is missing, check answers or says why it cannot."""
    import zipfile

    from lxml import etree

    from kehoach.check.audit import audit_file
    from kehoach.errors import KehoachError

    source = zipfile.ZipFile(io.BytesIO(clean_bytes))
    root = etree.fromstring(source.read(part))
    elements = list(root.iter())
    for index, kind in damage:
        element = elements[index % len(elements)]
        if element is root or element.getparent() is None:
            continue
        if kind == "drop":
            element.getparent().remove(element)
        elif kind == "strip":
            element.attrib.clear()
        else:
            element.text = None
            for child in list(element):
                element.remove(child)
        elements = list(root.iter())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = etree.tostring(root) if item.filename == part else source.read(item.filename)
            target.writestr(item, data)
    path = tmp_path / "hong.docx"
    path.write_bytes(out.getvalue())
    try:
        findings = audit_file(path)
    except KehoachError:
        return
    assert all(f.severity in ("loi", "canh_bao") for f in findings)
