"""The README's examples are real: its plan renders, its appendix renders."""

from __future__ import annotations

import re

from tests.conftest import ROOT, open_docx, render_text
from tests.plans import MINIMAL


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_plan_example_renders():
    doc = open_docx(render_text(next(b for b in yaml_blocks() if not b.startswith("loai:"))))  # the first plan
    texts = [p.text for p in doc.paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts
    assert "- Ngân sách xã: 10.000.000 đồng." in texts
    assert "1. Công an xã: Phối hợp …" in texts


def test_readme_appendix_example_renders():
    doc = open_docx(render_text(MINIMAL + next(b for b in yaml_blocks() if b.startswith("phu_luc:")).replace("tu_hoat_dong: true", "tu_hoat_dong: false\n"
                                                                   "      dong: []", 1)
                                .replace("      cot: [STT, Tên nhiệm vụ, Cơ quan chủ trì, Cơ quan phối hợp, "
                                         "Thời gian hoàn thành]\n", "      cot: [STT, Tên nhiệm vụ, Chủ trì, "
                                         "Phối hợp, Thời gian]\n")))
    labels = [p.text for p in doc.paragraphs if p.text.startswith("Phụ lục")]
    assert labels == ["Phụ lục I", "Phụ lục II"]
    table = doc.tables[-1]
    # Two header rows with merged cells, the column numbers, a group row, a data row.
    assert [c.text for c in table.rows[0].cells] == ["TT", "Chỉ tiêu", "Kết quả"]
    assert [c.text for c in table.rows[1].cells] == ["TT", "Chỉ tiêu", "Năm nay"]  # vertically merged
    assert [c.text for c in table.rows[2].cells] == ["(1)", "(2)", "(3)"]
    assert table.rows[3].cells[0].text == "I. NHÓM CHỈ TIÊU XÃ HỘI"
    assert table.rows[4].cells[1].text == "Số hộ\nđược hỗ trợ"


def test_readme_report_example_renders_its_results_then_its_table():
    """The Báo cáo example (issue 14) on the smallest plan: results where written, the table after them."""
    block = next(b for b in yaml_blocks() if b.startswith("loai: bao-cao"))
    text = MINIMAL.replace("phan:\n  - tieu_de: Mục đích\n    y:\n      - Một ý\n", block)
    texts = [p.text for p in open_docx(render_text(text)).paragraphs]
    start = texts.index("Đã tổ chức 03 hội nghị tuyên truyền tại các thôn.")
    assert texts[start - 1:start + 3] == ["I. TUYÊN TRUYỀN, PHỔ BIẾN PHÁP LUẬT",
                                          "Đã tổ chức 03 hội nghị tuyên truyền tại các thôn.",
                                          "Treo 20 băng rôn tại trụ sở và nơi công cộng.", "Biểu 01: Kết quả tuyên truyền"]
    assert "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai" in texts
