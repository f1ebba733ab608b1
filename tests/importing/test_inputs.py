"""What arrives at ``import`` besides a clean .docx: an old .doc, text typed in
TCVN3 fonts, damaged or hostile files, files that are not Word at all."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kehoach.api import load_plan, load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.cli import app
from kehoach.errors import KehoachError
from kehoach.importing import import_document
from tests.hostile.bounded import assert_user_error, kehoach, posix_only
from tests.hostile.test_packages import CASES as HOSTILE_CASES
from tests.hostile.test_packages import _cases
from tests.importing.test_real_plans import words
from tests.plans import MINIMAL

FIXTURES = Path(__file__).parents[1] / "fixtures" / "real-plans"
runner = CliRunner()


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        reason = "cần LibreOffice (soffice) để làm tệp .doc: apt-get install libreoffice-writer-nogui"
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _content(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("trinh_bay", None)  # line spacing comes back rounded differently through .doc
    return data


@pytest.mark.pdf
def test_a_doc_and_an_odt_made_by_libreoffice_import_like_their_docx(tmp_path):
    soffice = _soffice()
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes((FIXTURES / "ke-hoach-thuc-hien-de-an-08.docx").read_bytes())
    for kind in ("doc", "odt"):
        subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                        "--convert-to", kind, "--outdir", str(tmp_path), str(source)], check=True,
                       capture_output=True, timeout=180)
    doc = tmp_path / "ke-hoach.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # a real Word 97 file
    from_docx = import_document(source, tmp_path / "tu-docx.yaml")
    for old in (doc, tmp_path / "ke-hoach.odt"):
        converted = import_document(old, tmp_path / f"tu-{old.suffix[1:]}.yaml")
        assert any("LibreOffice" in line for line in converted.converted)
        assert _content(converted.target) == _content(from_docx.target), old.suffix
        assert [p for p in converted.problems if p.severity == "loi"] == []
        rendered = tmp_path / f"lai-{old.suffix[1:]}.docx"
        rendered.write_bytes(render_bytes(load_plan(converted.target)))
        assert [str(f) for f in audit(rendered) if f.severity == "loi"] == []  # check clean, every word kept
        assert not words(source.read_bytes()) - words(rendered.read_bytes()), old.suffix


def test_without_libreoffice_a_doc_is_refused_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    doc = tmp_path / "cu.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    result = runner.invoke(app, ["import", str(doc)])
    assert result.exit_code == 1 and "LibreOffice" in result.output and ".docx" in result.output
    assert not (tmp_path / "cu.yaml").exists()


# ------------------------------------------------------------------ TCVN3 --

def _tcvn3_encoder() -> dict[str, str]:
    """Unicode letter → the Latin-1 character a .VnTime font shows it with (from viparse's own table)."""
    viparse = pytest.importorskip("viparse")
    table = {}
    for code in range(0x80, 0x100):
        surface = chr(code)
        letter = viparse.fix(surface, encoding="tcvn3")
        if letter != surface and len(letter) == 1:
            table.setdefault(letter, surface)
    return table


def _vni_encoder() -> dict[str, str]:
    """Unicode letter → the one or two Latin-1 characters a VNI-Times font shows it with (viparse's table)."""
    viparse = pytest.importorskip("viparse")
    table: dict[str, str] = {}
    for code in range(0x80, 0x100):  # ư, ơ, đ… are one character
        letter = viparse.fix(chr(code), encoding="vni")
        if len(letter) == 1 and not letter.isascii() and letter != chr(code):
            table.setdefault(letter, chr(code))
    for base in "aeiouyAEIOUY" + "".join(table.values()):  # a tone is a second character after the vowel
        for code in range(0x80, 0x100):
            letter = viparse.fix(base + chr(code), encoding="vni")
            if len(letter) == 1 and not letter.isascii():
                table.setdefault(letter, base + chr(code))
    return table


def _typed_in(docx_bytes: bytes, encoding: str) -> bytes:
    """The body and title retyped in VNI-Times, or in .VnTime (lower case) and .VnTimeH (capitals)."""
    table = _tcvn3_encoder() if encoding == "tcvn3" else _vni_encoder()
    document = docx.Document(io.BytesIO(docx_bytes))
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if not any(word in style for word in ("Nội dung", "Trích yếu", "Tiêu đề", "Căn cứ")):
            continue
        for run in paragraph.runs:
            capitals = encoding == "tcvn3" and run.text.isupper()  # .VnTimeH draws capitals from lower case
            run.text = "".join(table.get(c, c) for c in (run.text.lower() if capitals else run.text))
            font = (".VnTimeH" if capitals else ".VnTime") if encoding == "tcvn3" else "VNI-Times"
            fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
            for slot in ("w:ascii", "w:hAnsi"):
                fonts.set(qn(slot), font)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_plan_typed_in_vni_imports_as_unicode_and_says_so(tmp_path):
    text = MINIMAL.replace("Một ý", "Tổ chức tuyên truyền phòng chống thiên tai được ưu tiên")
    source = tmp_path / "vni.docx"
    source.write_bytes(_typed_in(render_bytes(load_plan_text(text)), "vni"))
    raw = docx.Document(str(source))
    assert any("tuyeân truyeàn" in p.text for p in raw.paragraphs)  # really typed in VNI
    result = import_document(source, tmp_path / "vni.yaml")
    plan = load_plan(result.target).plan
    assert plan.phan[0].y[0].noi_dung == "Tổ chức tuyên truyền phòng chống thiên tai được ưu tiên"
    assert plan.trich_yeu == "Phòng chống thiên tai năm 2025"
    assert any("VNI" in line for line in result.converted)


def test_a_plan_typed_in_tcvn3_imports_as_unicode(tmp_path):
    text = MINIMAL.replace("Một ý", "Tổ chức tuyên truyền phòng chống thiên tai cho nhân dân")
    source = tmp_path / "tcvn3.docx"
    source.write_bytes(_typed_in(render_bytes(load_plan_text(text)), "tcvn3"))
    raw = docx.Document(str(source))
    assert any("tuyªn truyÒn" in p.text for p in raw.paragraphs)  # really typed in TCVN3
    result = import_document(source, tmp_path / "tcvn3.yaml")
    plan = load_plan(result.target).plan
    assert plan.phan[0].y[0].noi_dung == "Tổ chức tuyên truyền phòng chống thiên tai cho nhân dân"
    assert plan.phan[0].tieu_de == "MỤC ĐÍCH"  # a .VnTimeH heading: capitals
    assert plan.trich_yeu == "Phòng chống thiên tai năm 2025"
    assert any("TCVN3" in line for line in result.converted)


# --------------------------------------------------------- damaged inputs --

@pytest.fixture(scope="module")
def clean_bytes() -> bytes:
    return render_bytes(load_plan_text(MINIMAL))


def _refused(path: Path, tmp_path: Path) -> str:
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ra.yaml")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "lỗi nội bộ" not in result.output
    assert not (tmp_path / "ra.yaml").exists()
    return result.output


def test_files_that_are_not_word_documents(tmp_path):
    cases = {
        "van-ban.docx": b"kh\xf4ng ph\xe1i docx",
        "rong.docx": b"",
        "nen.docx": _zip({"a.txt": b"x"}),
        "thieu-than.docx": _zip({"[Content_Types].xml": b"<Types/>"}),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert "không" in _refused(path, tmp_path)
    assert "không tìm thấy" in _refused(tmp_path / "khong-co.docx", tmp_path)
    (tmp_path / "ke-hoach.txt").write_text("x", encoding="utf-8")
    assert ".docx" in _refused(tmp_path / "ke-hoach.txt", tmp_path)


def test_a_document_of_a_kind_the_format_does_not_have(tmp_path, clean_bytes):
    """A Tờ trình is named and refused (the format has plans, decisions, reports and letters); the same
    file titled BÁO CÁO imports as a report; with no kind line at all, the missing line is said."""
    document = docx.Document(io.BytesIO(clean_bytes))
    title = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    title.runs[0].text = "TỜ TRÌNH"
    path = tmp_path / "to-trinh.docx"
    document.save(path)
    refused = _refused(path, tmp_path)
    assert "tờ trình" in refused and "kế hoạch, quyết định, báo cáo, công văn" in refused
    title.runs[0].text = "BÁO CÁO"
    document.save(path)
    assert load_plan(import_document(path, tmp_path / "bao-cao.yaml").target).plan.loai == "bao-cao"
    title.runs[0].text = "Một đoạn văn"
    document.save(path)
    assert "tên loại văn bản" in _refused(path, tmp_path)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def test_entity_tricks_do_not_expand(tmp_path, clean_bytes):
    source = zipfile.ZipFile(io.BytesIO(clean_bytes))
    bomb = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    document = source.read("word/document.xml")
    document = bomb + document.split(b"?>", 1)[1].replace(b"M\xe1\xbb\x99t \xc3\xbd", b"&d;")
    members = {i.filename: source.read(i.filename) for i in source.infolist()}
    members["word/document.xml"] = document
    path = tmp_path / "thuc-the.docx"
    path.write_bytes(_zip(members))
    out = tmp_path / "ra.yaml"
    try:
        import_document(path, out)
    except KehoachError:
        return
    assert "aaaaaaaaaa" * 10 not in out.read_text(encoding="utf-8")


@settings(max_examples=int(os.environ.get("KEHOACH_DAMAGE_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["word/document.xml", "word/styles.xml", "word/header1.xml", "word/settings.xml"]),
       st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["drop", "strip", "empty"])), min_size=1,
                max_size=6))
def test_import_never_crashes_on_a_damaged_document(clean_bytes, tmp_path, part, damage):
    """The damage ``check`` is tested with (tests/check), through ``import``: an answer or a reason, never a bug."""
    from lxml import etree

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
    members = {i.filename: (etree.tostring(root) if i.filename == part else source.read(i.filename))
               for i in source.infolist()}
    path = tmp_path / "hong.docx"
    path.write_bytes(_zip(members))
    out = tmp_path / "hong.yaml"
    out.unlink(missing_ok=True)
    try:
        result = import_document(path, out)
    except KehoachError:
        assert not out.exists()
        return
    yaml.safe_load(result.text)  # whatever was read, the file is YAML


@posix_only
@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_every_hostile_word_file_of_check_is_a_user_error_for_import(tmp_path, clean_bytes, case):
    """The hostile packages ``check`` is tested with (tests/hostile), through ``import``, in a bounded process."""
    data, fragment = _cases(clean_bytes, tmp_path)[case]
    bad = tmp_path / f"{case}.docx"
    bad.write_bytes(data)
    result = kehoach("import", bad, "-o", tmp_path / "ra.yaml", memory_mb=400)
    assert_user_error(result, fragment)
    assert not (tmp_path / "ra.yaml").exists()
    assert "BI-MAT-CUA-MAY" not in result.stdout + result.stderr
