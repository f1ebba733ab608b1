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


NUMBERED = MINIMAL.replace("""phan:
  - tieu_de: Mục đích
    y:
      - Một ý
""", """phan:
  - tieu_de: Mục đích
    muc:
      - tieu_de: Tuyên truyền
        y: [Một ý, Hai ý]
      - tieu_de: Diễn tập
        doan: [Tổ chức diễn tập tại thôn.]
  - tieu_de: Tổ chức thực hiện
    y: [Các thôn thực hiện]
""")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">'
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
    '</w:abstractNum><w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '</w:numbering>')


def _word_numbering(data: bytes) -> bytes:
    """Labels and dashes typed in the text replaced by Word's automatic numbering, as many offices write."""
    import re
    import zipfile

    document = docx.Document(io.BytesIO(data))
    for p in document.paragraphs:
        match = re.match(r"^(?:([IVX]+)\.|(\d+)\.|(-)) ", p.text)
        if not match or not p.runs or not p.runs[0].text.startswith(match[0]):
            continue
        num, level = (1, 0) if match[1] else (1, 1) if match[2] else (2, 0)
        p.runs[0].text = p.runs[0].text[len(match[0]):]
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))
    saved = io.BytesIO()
    document.save(saved)
    source = zipfile.ZipFile(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/numbering.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdNum" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/numbering" '
                                    b'Target="numbering.xml"/></Relationships>')
            package.writestr(item, body)
        package.writestr("word/numbering.xml", _NUMBERING_XML)
    return out.getvalue()


def test_sections_and_bullets_numbered_by_word_import_as_typed(tmp_path):
    from tests.importing.test_round_trip import normalized
    from kehoach.api import prepare_loaded

    original = load_plan_text(NUMBERED)
    path = tmp_path / "tu-dong.docx"
    path.write_bytes(_word_numbering(render_bytes(original)))
    typed = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "Tuyên truyền" in typed and not any(t.startswith(("I. ", "1. ", "- ")) for t in typed)  # Word numbers them
    again = load_plan(import_document(path, tmp_path / "tu-dong.yaml").target)
    assert normalized(prepare_loaded(again).document) == normalized(prepare_loaded(original).document)


def test_a_short_line_drawn_as_a_shape_is_recognised(clean, tmp_path):
    """Under the trích yếu, a drawn line (a DrawingML shape, as Word's Insert → Shapes makes) instead of
    the paragraph border kehoach writes: check measures it, import passes over it."""
    document = docx.Document(io.BytesIO(clean))
    paragraphs = document.paragraphs
    title = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Phòng chống thiên tai"))
    line = paragraphs[title + 1]
    assert line.text == "" and line._p.find(".//" + qn("w:pBdr")) is not None
    _draw_line(line, 45)  # 45 mm under a trích yếu of about 100 mm
    path = _save(document, tmp_path, "duong-ve.docx")
    findings = [f for f in audit(path) if "trích yếu" in f.rule]
    assert not [f for f in findings if f.found == "không có"], findings
    plan = load_plan(import_document(path, tmp_path / "duong-ve.yaml").target).plan
    assert plan.trich_yeu == "Phòng chống thiên tai năm 2025" and plan.phan[0].y[0].noi_dung == "Một ý"


@pytest.mark.parametrize("column, length_mm", [(0, 20), (1, 60)])
def test_the_header_lines_drawn_as_shapes_are_recognised(clean, tmp_path, column, length_mm):
    """The lines under the agency name and under the Tiêu ngữ drawn as shapes, as most offices' Word
    files have them: check finds each line, import reads the header as before."""
    document = docx.Document(io.BytesIO(clean))
    cell = document.tables[0].rows[0].cells[column]
    line = next(p for p in cell.paragraphs if p._p.find(".//" + qn("w:pBdr")) is not None)
    _draw_line(line, length_mm)
    path = _save(document, tmp_path, f"dau-trang-{column}.docx")
    before = {(f.rule, f.found) for f in audit(_save(docx.Document(io.BytesIO(clean)), tmp_path, "goc.docx"))}
    after = {(f.rule, f.found) for f in audit(path)}
    assert not [f for f in after - before if f[1] == "không có"], after - before
    plan = load_plan(import_document(path, tmp_path / f"dau-trang-{column}.yaml").target).plan
    assert plan.co_quan.ten == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"] and plan.trich_yeu == "Phòng chống thiên tai năm 2025"


def _draw_line(line, length_mm: float) -> None:
    """The paragraph's border replaced by a line drawn as a DrawingML shape (Insert → Shapes)."""
    line._p.pPr.remove(line._p.find(".//" + qn("w:pBdr")))
    length_emu = int(length_mm * 36000)
    line._p.append(parse_xml(
        f'<w:r xmlns:w="{_W}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
        f'<wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0" simplePos="0" locked="0" layoutInCell="1" '
        f'allowOverlap="1" relativeHeight="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column">'
        f'<wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        f'</wp:posOffset></wp:positionV><wp:extent cx="{length_emu}" cy="0"/><wp:wrapNone/><wp:docPr id="9" '
        'name="Đường kẻ"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:spPr><a:prstGeom prst="line"><a:avLst/></a:prstGeom></wps:spPr>'
        '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'))
