"""The decree's other elements (Phụ lục I, mục III.2–4): độ mật / độ khẩn stamps, the draft's box,
the typist's initials and copies after "Lưu:", the office's address at the foot of page 1."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
import yaml

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.errors import InvalidInput

from tests.conftest import open_docx
from tests.plans import MINIMAL

EXTRA = {
    "du_thao": "Dự thảo lần 2", "do_mat": "Mật", "do_khan": "thượng khẩn", "nguoi_soan": "pl", "so_ban": 300,
    "lien_he": {"dia_chi": "Số 165 Lý Thường Kiệt, phường Yên Bái, tỉnh Lào Cai", "dien_thoai": "0214 3840 123",
                "fax": "0214 3840 124", "email": "sct@laocai.gov.vn", "website": "soct.laocai.gov.vn"},
    "phu_luc": [{"tieu_de": "Bảng phân công", "bang": {"cot": ["TT", "Việc"], "dong": [[1, "In"]]}}],
}


def _text(extra: dict) -> str:
    data = yaml.safe_load(MINIMAL)
    data.update(extra)
    data["phan"][0]["y"] = ["Một ý (chi tiết tại Phụ lục kèm theo)"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()}


def _repack(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered() -> bytes:
    return render_bytes(load_plan_text(_text(EXTRA)))


def test_elements_print_as_the_decree_draws_them(rendered, tmp_path):
    doc = open_docx(rendered)
    header = doc.tables[0]
    left = [p.text for p in header.rows[1].cells[0].paragraphs]
    assert left[1:] == ["MẬT", "THƯỢNG KHẨN"]  # ô 10a above 10b, under the number
    body = rendered and _parts(rendered)["word/document.xml"]
    # stamps: red ink, single frame, the decree's sizes (20 and 40 mm wide), 8 mm high
    stamp = re.search(r'<w:p><w:pPr><w:pStyle w:val="KHDauMucDo"/>(.*?)</w:p>', body).group(1)
    assert 'w:color="FF0000"' in stamp and stamp.count('w:val="single"') == 4
    assert doc.paragraphs[0].text == "DỰ THẢO LẦN 2"
    assert "- Lưu: VT, PL.(300)." in [p.text for p in header._parent.tables[-1].rows[0].cells[0].paragraphs] or \
        any(p.text == "- Lưu: VT, PL.(300)." for t in doc.tables for c in t.rows[0].cells for p in c.paragraphs)
    footer = doc.sections[0].first_page_footer
    assert [p.text for p in footer.paragraphs] == [
        "Số 165 Lý Thường Kiệt, phường Yên Bái, tỉnh Lào Cai", "ĐT: 0214 3840 123, Fax: 0214 3840 124",
        "E-Mail: sct@laocai.gov.vn, Website: soct.laocai.gov.vn"]
    assert all(r.font.size is None for p in footer.paragraphs for r in p.runs)
    assert footer.paragraphs[0].style.font.size.pt == 11
    # page 1 only: the appendix's first page has an empty footer of its own
    assert [p.text for p in doc.sections[1].first_page_footer.paragraphs] == [""]
    path = tmp_path / "a.docx"
    path.write_bytes(rendered)
    assert audit(path) == []


def test_elements_on_the_printed_page(rendered, tmp_path):
    """As LibreOffice prints it: the marks and the address on page 1, not on the appendix's first page."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice not installed")
    path = tmp_path / "a.docx"
    path.write_bytes(rendered)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=120)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "a.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    page1 = text.split("\f")[0]
    assert "DỰ THẢO LẦN 2" in page1 and "THƯỢNG KHẨN" in page1 and "E-Mail: sct@laocai.gov.vn" in page1
    appendix = text.split("\f")[1]
    assert "sct@laocai.gov.vn" not in appendix


@pytest.mark.parametrize("edit, rule", [
    (lambda x: x.replace('w:color="FF0000"/><w:right', 'w:color="FF0000"/><w:rightX', 1)
     .replace('<w:rightX w:val="single"', '<w:right w:val="nil"', 1), "khung dấu MẬT"),
    (lambda x: re.sub(r'(<w:pStyle w:val="KHDauMucDo"/>.*?<w:ind w:left="0" w:right=")(\d+)',
                      lambda m: m.group(1) + str(int(m.group(2)) - 400), x, count=1), "kích thước dấu MẬT"),
])
def test_check_finds_a_wrong_stamp(rendered, tmp_path, edit, rule):
    parts = _parts(rendered)
    parts["word/document.xml"] = edit(parts["word/document.xml"])
    path = tmp_path / "a.docx"
    path.write_bytes(_repack(parts))
    assert rule in [f.rule for f in audit(path)]


def test_check_finds_a_short_rule_over_the_address(rendered, tmp_path):
    parts = _parts(rendered)
    parts["word/footer1.xml"] = parts["word/footer1.xml"].replace("<w:pBdr>", '<w:ind w:left="2000"/><w:pBdr>', 1)
    path = tmp_path / "a.docx"
    path.write_bytes(_repack(parts))
    assert "đường kẻ trên địa chỉ cơ quan" in [f.rule for f in audit(path)]


@pytest.mark.parametrize("change, message, where", [
    ({"do_khan": "rất khẩn"}, "chọn một trong", "do_khan"),
    ({"do_mat": "bí mật"}, "chọn một trong", "do_mat"),
    ({"du_thao": "Bản nháp"}, "Dự thảo lần 2", "du_thao"),
    ({"lien_he": {"email": "sct.laocai.gov.vn"}}, "không đúng dạng", "lien_he.email"),
    ({"lien_he": {}}, "ít nhất một trong", "lien_he"),
    ({"nguoi_soan": "P L"}, "không đúng dạng", "nguoi_soan"),
    ({"so_ban": 300}, "nguoi_soan: PL", "so_ban"),
])
def test_element_mistakes(change, message, where):
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(_text(change)))
    problem = next((p for p in caught.value.problems if message in p.message), None)
    assert problem is not None, [p.message for p in caught.value.problems]
    assert problem.path == where and problem.line is not None


def test_a_plan_without_them_has_no_footer_part(tmp_path):
    parts = _parts(render_bytes(load_plan_text(MINIMAL)))
    assert not any(n.startswith("word/footer") for n in parts)
    assert "footerReference" not in parts["word/document.xml"]
