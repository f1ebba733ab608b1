"""Issue 11, "text as written" and the small surprises: what the clerk wrote is
what the document says, and nothing fails silently. Each test failed before
its fix."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kehoach.api import load_plan_text
from kehoach.cli import app
from kehoach.errors import InvalidInput

from .conftest import all_paragraphs, open_docx, render_text
from .plans import MINIMAL

runner = CliRunner()


def _texts(data: bytes) -> list[str]:
    return [p.text for p in all_paragraphs(open_docx(data))]


def _problems(text: str) -> list:
    with pytest.raises(InvalidInput) as exc:
        load_plan_text(text)
    return exc.value.problems


# ---------------------------------------------------------- the number ----

def test_a_quoted_number_keeps_its_leading_zero():
    texts = _texts(render_text(MINIMAL.replace("so: 5", 'so: "0129"')))
    assert "Số: 0129/KH-UBND" in texts


def test_an_unquoted_zero_padded_number_keeps_its_zeros_too():
    # 0129 is not octal, so YAML reads the text; it was turned into 129.
    assert "Số: 0129/KH-UBND" in _texts(render_text(MINIMAL.replace("so: 5", "so: 0129")))


def test_a_number_yaml_reads_as_octal_is_refused_with_the_fix():
    problems = _problems(MINIMAL.replace("so: 5", "so: 0204"))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.column) == (5, 5)
    assert "132" in problem.message and 'viết trong dấu nháy: "0204"' in problem.message.replace("Hãy v", "v")


def test_octal_is_refused_wherever_it_is_written():
    text = MINIMAL.replace("  ten_xa: Hòa Bình", "  ten_xa: Hòa Bình\n  ma: 0123")
    assert any("83" in p.message and "dấu nháy" in p.message for p in _problems(text))


def test_a_number_under_ten_still_gets_its_zero_and_check_agrees(tmp_path):
    from kehoach.check.audit import audit

    data = render_text(MINIMAL)
    assert "Số: 05/KH-UBND" in _texts(data)
    (tmp_path / "a.docx").write_bytes(render_text(MINIMAL.replace("so: 5", 'so: "0129"')))
    assert not [f for f in audit(tmp_path / "a.docx") if "số văn bản" in f.rule]


# ----------------------------------------------------- the clerk's marks ----

def test_tm_written_by_hand_is_not_doubled():
    text = MINIMAL.replace("thay_mat: Ủy ban nhân dân", "thay_mat: T/M. ĐOÀN KIỂM TRA")
    texts = _texts(render_text(text))
    assert "T/M. ĐOÀN KIỂM TRA" in texts and not [t for t in texts if "TM. T/M." in t]
    texts = _texts(render_text(MINIMAL.replace("thay_mat: Ủy ban nhân dân", "thay_mat: TM. Ủy ban nhân dân")))
    assert "TM. ỦY BAN NHÂN DÂN" in texts and not [t for t in texts if "TM. TM." in t]


def test_a_marker_written_in_cap_truong_is_not_doubled():
    text = MINIMAL.replace("  thay_mat: Ủy ban nhân dân\n  chuc_vu: Chủ tịch",
                           "  quyen_han: KT\n  cap_truong: KT. CHỦ TỊCH\n  chuc_vu: PHÓ CHỦ TỊCH")
    texts = _texts(render_text(text))
    assert "KT. CHỦ TỊCH" in texts and not [t for t in texts if "KT. KT." in t]


def test_an_escaped_star_inside_emphasis_is_a_star():
    text = MINIMAL.replace("      - Một ý", "      - 'Ghi *mục \\* có sao* ở đây'")
    document = open_docx(render_text(text))
    paragraph = next(p for p in all_paragraphs(document) if "có sao" in p.text)
    assert paragraph.text == "- Ghi mục * có sao ở đây"
    assert "\\" not in paragraph.text
    assert [r.text for r in paragraph.runs if r.italic] == ["mục * có sao"]


def test_a_heading_keeps_the_colon_the_clerk_wrote():
    text = MINIMAL.replace("  - tieu_de: Mục đích", "  - tieu_de: \"Phấn đấu đạt các chỉ tiêu sau:\"")
    assert "I. PHẤN ĐẤU ĐẠT CÁC CHỈ TIÊU SAU:" in _texts(render_text(text))


def test_a_run_in_heading_gets_one_colon():
    text = MINIMAL.replace("  - tieu_de: Mục đích\n    y:\n      - Một ý",
                           "  - tieu_de: \"Kinh phí:\"\n    noi_dung: Ngân sách xã.")
    assert "I. KINH PHÍ: Ngân sách xã." in _texts(render_text(text))


def test_a_last_can_cu_ended_with_a_semicolon_before_thuc_hien_keeps_it(tmp_path):
    from kehoach.check.audit import audit

    text = MINIMAL.replace("phan:", "can_cu:\n  - Căn cứ Luật A;\n  - Căn cứ Nghị định B;\n"
                                    "mo_dau:\n  - \"Thực hiện Kế hoạch số 1/KH-UBND của UBND huyện, UBND xã xây "
                                    "dựng Kế hoạch như sau:\"\nphan:")
    data = render_text(text)
    texts = _texts(data)
    assert "Căn cứ Luật A;" in texts and "Căn cứ Nghị định B;" in texts
    (tmp_path / "a.docx").write_bytes(data)
    assert not [f for f in audit(tmp_path / "a.docx") if f.severity == "loi"]
    # Without an opening paragraph after it, the last căn cứ ends with "." as the decree says.
    texts = _texts(render_text(MINIMAL.replace("phan:", "can_cu:\n  - Căn cứ Luật A;\n  - Căn cứ Nghị định B;\nphan:")))
    assert "Căn cứ Nghị định B." in texts


def test_a_group_row_with_cells_is_refused_not_dropped():
    text = MINIMAL + """\
phu_luc:
  - tieu_de: Bảng
    bang:
      cot: [TT, Nội dung]
      dong:
        - nhom: I. Nhóm một
          o: ["1", "Ô bị mất"]
"""
    text = text.replace("      - Một ý", "      - Một ý (Phụ lục kèm theo)")
    problems = _problems(text)
    assert any("`nhom`" in p.message and "hai dòng" in p.message for p in problems)


# ------------------------------------------------------ small surprises ----

def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_text('a: 1\nb: "hai dòng\n  vẫn đúng"\nc: "chưa đóng\nd: 4\ne: [x, y]\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(plan)])
    assert result.exit_code == 1
    assert f"{plan}:4:4:" in result.output and "chưa được đóng" in result.output


def test_render_of_a_folder_without_plans_says_so(tmp_path):
    (tmp_path / "rong").mkdir()
    result = runner.invoke(app, ["render", str(tmp_path / "rong")])
    assert result.exit_code == 1 and "không có tệp kế hoạch .yaml" in result.output


def test_output_to_a_new_folder_writes_inside_it(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(app, ["render", str(plan), "-o", str(tmp_path / "moi") + "/"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "moi" / "k.docx").is_file() and not (tmp_path / "moi.docx").exists()


def test_output_named_pdf_is_refused_with_the_way_to_get_one(tmp_path):
    plan = tmp_path / "k.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = runner.invoke(app, ["render", str(plan), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "--pdf" in result.output and ".docx" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.yaml"]


def test_check_json_reports_a_missing_file(tmp_path):
    result = runner.invoke(app, ["check", "--json", str(tmp_path / "khong-co.docx")])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    [finding] = report[str(tmp_path / "khong-co.docx")]
    assert finding["muc_do"] == "loi" and "không tìm thấy" in finding["thay"]


def test_a_system_refusal_is_said_in_vietnamese(tmp_path):
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path / "tep" / "k.yaml")])
    assert result.exit_code == 1
    assert "Not a directory" not in result.output and "không phải thư mục" in result.output


def test_check_writes_numbers_with_a_decimal_comma(tmp_path):
    import io
    import zipfile

    from kehoach.check.audit import audit

    with zipfile.ZipFile(io.BytesIO(render_text(MINIMAL))) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b'w:left="1701"', b'w:left="850"')
    out = tmp_path / "a.docx"
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    text = "\n".join(str(f) for f in audit(out))
    assert "15,0 mm" in text and "15.0 mm" not in text


def test_a_batch_error_names_the_row_a_spreadsheet_shows(tmp_path):
    from .conftest import DATA

    table = tmp_path / "xa.csv"
    table.write_text('ten_xa,nguoi_ky.ho_ten,noi_nhan,so\n'
                     'Cam Đường,Trần Văn Bình,"UBND huyện\nĐảng ủy xã\nLưu: VT",\n'
                     'Tả Phời,Lê Văn C,"Lưu: VT",abc\n', encoding="utf-8")
    result = runner.invoke(app, ["batch", str(DATA / "dong-tuyen-2024.yaml"), str(table), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 1
    # Tả Phời is row 3 in Excel, though the cell with line breaks above puts it on line 5 of the file.
    assert f"{table}:3:4: cột `so`" in result.output and f"{table}:5:" not in result.output


def test_the_short_line_finding_says_the_length_wanted_in_mm(tmp_path):
    from kehoach import decree
    from kehoach.check import short_lines
    from kehoach.check.context import Audit

    path = tmp_path / "a.docx"
    path.write_bytes(render_text(MINIMAL))
    audit = Audit(path)
    short_lines.line_length(audit, audit.paras[0], decree.SHORT_LINES["co_quan"], "đường kẻ dưới tên cơ quan",
                            10.0, 42.9)
    [finding] = audit.findings
    # It used to read "cần 0.33–0.50 độ dài dòng chữ (42.9 mm)", as if 42.9 mm were wanted.
    assert finding.expected == "dài 14,3–21,4 mm, tức 0,33–0,50 lần dòng chữ phía trên (dòng chữ dài 42,9 mm)"
    assert finding.found == "dài 10,0 mm (0,23 lần)"
