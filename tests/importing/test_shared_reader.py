"""One reader for check and import: what real Word files do that kehoach's own
output does not, recognised by both (docx/lines.py, docx/content.py)."""

from __future__ import annotations

import copy
import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from kehoach import decree
from kehoach.api import load_plan, load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.importing import import_document
from tests.plans import MINIMAL

SIGNED_KT = MINIMAL.replace("""nguoi_ky:
  thay_mat: Ủy ban nhân dân
  chuc_vu: Chủ tịch""", """nguoi_ky:
  quyen_han: KT
  cap_truong: Chủ tịch
  chuc_vu: Phó Chủ tịch""")


@pytest.fixture(scope="module")
def clean() -> bytes:
    return render_bytes(load_plan_text(SIGNED_KT))


def _paragraph(document, text: str):
    for table in document.tables:
        for cell in table._cells:
            for p in cell.paragraphs:
                if p.text == text:
                    return p
    return next(p for p in document.paragraphs if p.text == text)


def _join_with_break(document, first: str, second: str) -> None:
    """``second``'s paragraph moved into ``first``'s after a manual line break, as typists do."""
    a, b = _paragraph(document, first), _paragraph(document, second)
    br = parse_xml(f'<w:r xmlns:w="{qn("w:r")[1:].split("}")[0]}"><w:br/></w:r>')
    a._p.append(br)
    for run in b._p.findall(qn("w:r")):
        a._p.append(copy.deepcopy(run))
    b._p.getparent().remove(b._p)


def _in_text_box(document, text: str) -> None:
    """The paragraph's text drawn in a VML text box anchored in it, as old files put the Quốc hiệu."""
    p = _paragraph(document, text)
    for run in p._p.findall(qn("w:r")):
        p._p.remove(run)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = ('<w:pict><v:shape style="width:260pt;height:20pt"><v:textbox><w:txbxContent><w:p><w:pPr><w:jc '
           f'w:val="center"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="26"/></w:rPr><w:t>{text}</w:t></w:r></w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict>')
    # Word writes a drawing twice: the shape, and a fallback copy for older readers.
    p._p.append(parse_xml(
        f'<w:r xmlns:w="{w}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/'
        f'markup-compatibility/2006"><mc:AlternateContent><mc:Choice Requires="v">{box}</mc:Choice>'
        f'<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>'))


def _save(document, tmp_path, name: str):
    path = tmp_path / name
    document.save(path)
    return path


@pytest.mark.parametrize("change", ["quoc_hieu_tieu_ngu", "kt_pho", "text_box"])
def test_check_and_import_read_the_same_lines(clean, tmp_path, change):
    document = docx.Document(io.BytesIO(clean))
    if change == "quoc_hieu_tieu_ngu":
        _join_with_break(document, decree.QUOC_HIEU, decree.TIEU_NGU)
    elif change == "kt_pho":
        _join_with_break(document, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    else:
        _in_text_box(document, decree.QUOC_HIEU)
    path = _save(document, tmp_path, f"{change}.docx")
    findings = {(f.rule, f.found) for f in audit(path)}
    assert ("Quốc hiệu", "không có") not in findings and ("Tiêu ngữ", "không có") not in findings
    assert not any(rule == "ký thay (KT.)" for rule, _ in findings), findings
    plan = load_plan(import_document(path, tmp_path / f"{change}.yaml").target).plan
    assert plan.co_quan.ten == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]  # the Quốc hiệu is not taken for the agency
    assert (plan.nguoi_ky.quyen_han, plan.nguoi_ky.cap_truong, plan.nguoi_ky.chuc_vu) == (
        "KT", "CHỦ TỊCH", "PHÓ CHỦ TỊCH")
