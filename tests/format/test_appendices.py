"""Appendices as offices write them: their own labels, a whole outline with its own title and signature
line, several tables, each page portrait or landscape."""

from __future__ import annotations

import pytest
import yaml

from kehoach.api import load_plan_text, load_plan_text as _load, prepare_loaded, render_bytes
from kehoach.check.audit import audit
from kehoach.errors import InvalidInput

from tests.conftest import open_docx
from tests.plans import MINIMAL

APPENDICES = [
    {"nhan": "Phụ lục số 01:", "tieu_de": "Đề cương báo cáo", "trich_yeu": "kết quả thực hiện Đề án (tháng …/2026)",
     "phan": [{"tieu_de": "Đặc điểm, tình hình", "muc": [{"tieu_de": "Bối cảnh", "noi_dung": "Khái quát."}]},
              {"tieu_de": "Kết quả thực hiện", "doan": "Nội dung."}],
     "ky": {"chuc_vu": "Lãnh đạo đơn vị", "ghi_chu": "(Ký tên, đóng dấu)"}},
    {"nhan": "Biểu 01", "tieu_de": "Báo cáo tiến độ", "ngang": True,
     "bang": {"cot": ["TT", "Tên nhiệm vụ"], "dong": [["", ""]]},
     "khoi": [{"bang": {"tieu_de": "Biểu 02: Báo cáo tiến độ huy động vốn", "cot": ["TT", "Dự án"],
                        "dong": [["", ""]]}}]},
]


def _text(appendices=APPENDICES, mention="(tại Phụ lục số 01 và Biểu 01 kèm theo)") -> str:
    data = yaml.safe_load(MINIMAL)
    data["phu_luc"] = appendices
    data["phan"][0]["y"] = [f"Báo cáo theo mẫu {mention}."]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_an_appendix_is_a_document_of_its_own(tmp_path):
    data = render_bytes(load_plan_text(_text()))
    doc = open_docx(data)
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Phụ lục số 01:")
    assert texts[start + 1:start + 3] == ["ĐỀ CƯƠNG BÁO CÁO", "kết quả thực hiện Đề án (tháng …/2026)"]
    assert "I. ĐẶC ĐIỂM, TÌNH HÌNH" in texts and "II. KẾT QUẢ THỰC HIỆN" in texts  # its own numbering
    assert "1. Bối cảnh: Khái quát." in texts
    signature = [p.text for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs]
    assert "LÃNH ĐẠO ĐƠN VỊ" in signature and "(Ký tên, đóng dấu)" in signature
    assert "Biểu 01" in texts and "Biểu 02: Báo cáo tiến độ huy động vốn" in texts
    assert [s.orientation for s in doc.sections][1:] == [0, 1]  # portrait, then landscape
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    assert audit(path) == []


def test_a_label_written_by_the_office_is_what_the_text_may_mention():
    prepared = prepare_loaded(_load(_text()))
    assert not [w for w in prepared.warnings if "phụ lục" in w.message.lower()]
    wrong = prepare_loaded(_load(_text(mention="(tại Phụ lục số 05 kèm theo)")))
    assert any("Phụ lục số 05" in w.message and "01, I, II" in w.message for w in wrong.warnings)


def test_a_signature_line_needs_its_title():
    bad = [dict(APPENDICES[0], ky={"ghi_chu": "(Ký tên)"})]
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(_text(bad)))
    assert caught.value.problems[0].path == "phu_luc[0].ky.chuc_vu"
