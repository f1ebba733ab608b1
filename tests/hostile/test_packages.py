"""Hostile Word and Excel files: zip bombs, lying sizes, bad zlib, encryption,
malformed XML, DTDs and external entities, the wrong kind of Office file.
Each is a user error (exit 1) naming the file, in a bounded real process, and
one bad file never stops `check` from checking the others.

Every file is made here from a document kehoach writes: a zip bomb is a few
lines of code.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from kehoach.api import load_plan_text, render_bytes
from kehoach.jobs.communes import read_table
from kehoach.errors import InvalidInput
from tests.plans import MINIMAL

from .bounded import assert_user_error, kehoach, posix_only

pytestmark = posix_only


@pytest.fixture(scope="module")
def good() -> bytes:
    return render_bytes(load_plan_text(MINIMAL))


def _rezip(data: bytes, replace: dict[str, bytes], *, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, blob in (add or {}).items():
            target.writestr(name, blob)
    return out.getvalue()


def _patch_central(data: bytes, name: str, offset: int, fmt: str, value: int) -> bytes:
    """Change one field of ``name``'s central-directory entry (what zipfile trusts)."""
    start = data.index(b"PK\x01\x02")
    while True:
        length = struct.unpack("<H", data[start + 28:start + 30])[0]
        if data[start + 46:start + 46 + length].decode() == name:
            break
        start = data.index(b"PK\x01\x02", start + 4)
    field = start + offset
    return data[:field] + struct.pack(fmt, value) + data[field + struct.calcsize(fmt):]


def _document(good: bytes, transform) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        body = archive.read("word/document.xml")
    return _rezip(good, {"word/document.xml": transform(body)})


def _content_types(good: bytes, old: str, new: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert old in types
    return _rezip(good, {"[Content_Types].xml": types.replace(old, new).encode()})


MAIN = "wordprocessingml.document.main+xml"


def _cases(good: bytes, tmp_path) -> dict[str, tuple[bytes, str]]:
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-CUA-MAY", encoding="utf-8")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="&x;">'
           '<a:themeElements><a:fontScheme name="&x;"><a:majorFont><a:latin typeface="&x;"/></a:majorFont>'
           '</a:fontScheme></a:themeElements></a:theme>').encode()
    laughs = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    bomb = _rezip(good, {}, add={"word/media/bom.bin": b"\0" * (60 * 1024 * 1024)})
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        size = archive.getinfo("word/document.xml").file_size
    return {
        # 60 MB of zeros in 60 KB: refused by its declared size, before any read.
        "bom-nen": (bomb, "bom nén"),
        # A member whose central directory says 100 bytes: zipfile stops there and the CRC fails.
        "kich-thuoc-noi-doi": (_patch_central(good, "word/document.xml", 24, "<I", 100), "bị hỏng"),
        # ... or says 4 GB.
        "kich-thuoc-khong-lo": (_patch_central(good, "word/document.xml", 24, "<I", 0xFFFFFFF0), "bom nén"),
        "ma-hoa": (_patch_central(good, "word/document.xml", 8, "<H", 0x0001), "mật khẩu"),
        "nen-la": (_patch_central(good, "word/document.xml", 10, "<H", 14), "nén theo cách"),  # LZMA
        "zlib-hong": (_corrupt_deflate(good, "word/document.xml", size), "bị hỏng"),
        "xml-hong": (_document(good, lambda body: body[: len(body) // 2]), "không phải XML hợp lệ"),
        "xml-rong": (_document(good, lambda body: b""), "không phải XML hợp lệ"),
        "xxe-theme": (_rezip(good, {}, add={"word/theme/theme1.xml": xxe}), "DOCTYPE"),
        "billion-laughs": (_document(good, lambda body: laughs.encode() + body.split(b"?>", 1)[1]), "DOCTYPE"),
        "docm": (_content_types(good, MAIN, "wordprocessingml.document.macroEnabled.main+xml"), ".docm"),
        "dotx": (_content_types(good, "wordprocessingml.document.main+xml",
                                "wordprocessingml.template.main+xml"), ".dotx"),
        "ole-doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000, ".doc"),
        "rac": (b"PK\x03\x04 not really a zip" * 10, "không phải tệp Word"),
        "trong": (b"", "không phải tệp Word"),
        "khong-co-content-types": (_without(good, "[Content_Types].xml"), "[Content_Types].xml"),
    }


def _without(data: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def _corrupt_deflate(data: bytes, name: str, size: int) -> bytes:
    """Flip bytes in the middle of ``name``'s compressed data (its local header says where)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:]


CASES = ["bom-nen", "kich-thuoc-noi-doi", "kich-thuoc-khong-lo", "ma-hoa", "nen-la", "zlib-hong", "xml-hong",
         "xml-rong", "xxe-theme", "billion-laughs", "docm", "dotx", "ole-doc", "rac", "trong",
         "khong-co-content-types"]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_word_file_is_a_user_error_and_the_next_file_is_still_checked(tmp_path, good, case):
    data, fragment = _cases(good, tmp_path)[case]
    bad = tmp_path / f"{case}.docx"
    bad.write_bytes(data)
    ok = tmp_path / "tot.docx"
    ok.write_bytes(good)
    result = kehoach("check", bad, ok, memory_mb=400)
    assert_user_error(result, f"{bad}: lỗi:", fragment)
    assert f"{ok}: đạt thể thức." in result.stdout  # the bad file did not stop the others
    assert "BI-MAT-CUA-MAY" not in result.stdout + result.stderr


def test_an_excel_file_given_to_check_is_named_as_such(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "ten_xa"
    path = tmp_path / "bang.docx"  # the extension lies; the content decides
    workbook.save(path)
    assert_user_error(kehoach("check", path), "bảng tính Excel")


def test_the_theme_is_parsed_without_entities(tmp_path, good):
    # A theme with an internal entity: refused for its DTD, never expanded into a font name.
    theme = ('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY f "Times New Roman">]>'
             '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>').encode()
    from kehoach.docx.package import parse_xml

    with pytest.raises(InvalidInput) as info:
        parse_xml(theme, "word/theme/theme1.xml", "x.docx")
    assert "DOCTYPE" in info.value.problems[0].message


# ------------------------------------------------------------------ tables --


def _xlsx(rows: list[list], tmp_path, name: str = "bang.xlsx"):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def _patch_sheet(path, transform) -> None:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    path.write_bytes(_rezip(data, {"xl/worksheets/sheet1.xml": transform(sheet)}))


def test_an_excel_dimension_bomb_reads_in_a_moment(tmp_path):
    table = _xlsx([["ten_tep", "ten_xa"], ["mot", "Hòa Bình"]], tmp_path)
    _patch_sheet(table, lambda xml: xml.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>'))
    assert b"XFD1048576" in zipfile.ZipFile(table).read("xl/worksheets/sheet1.xml")
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = kehoach("batch", plan, table, "-o", tmp_path / "out", "--workers", "1", seconds=20)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "mot.docx").exists()


def test_a_cell_at_the_last_excel_row_is_refused_not_walked_to(tmp_path):
    table = _xlsx([["ten_tep", "ten_xa"], ["mot", "Hòa Bình"]], tmp_path)
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    _patch_sheet(table, lambda xml: xml.replace(b"</sheetData>", far))
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = kehoach("batch", plan, table, "-o", tmp_path / "out", "--workers", "1", seconds=20)
    assert_user_error(result, "quá dòng 20.000")
    assert not (tmp_path / "out" / "mot.docx").exists()  # the table is read whole before any document


@pytest.mark.parametrize("damage, fragment", [
    (lambda xml: xml[: len(xml) // 2], "không phải XML hợp lệ"),
    (lambda xml: xml.replace(b"<sheetData>", b'<sheetData><row r="abc"><c r="A1"><v>1</v></c></row>'), "tệp hỏng"),
])
def test_a_broken_excel_sheet_is_a_user_error(tmp_path, damage, fragment):
    table = _xlsx([["ten_tep", "ten_xa"], ["mot", "Hòa Bình"]], tmp_path)
    _patch_sheet(table, damage)
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    result = kehoach("batch", plan, table, "-o", tmp_path / "out", "--workers", "1")
    assert_user_error(result, fragment)
    assert "Word" not in result.stderr  # an Excel file is mended in Excel


def test_an_excel_zip_bomb_is_refused(tmp_path):
    table = _xlsx([["ten_xa"], ["Hòa Bình"]], tmp_path)
    table.write_bytes(_rezip(table.read_bytes(), {}, add={"xl/media/bom.bin": b"\0" * (60 * 1024 * 1024)}))
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL, encoding="utf-8")
    assert_user_error(kehoach("batch", plan, table, "-o", tmp_path / "out", memory_mb=300), "bom nén")


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_with_doubled_quotes_is_read_as_excel_writes_it(tmp_path, separator):
    # The header alone says nothing about quoting; a sniffer guessed wrong and changed the cell.
    path = tmp_path / "bang.csv"
    cell = f'Nói ""xin chào""{separator} rồi đi'
    path.write_text(f"ten_xa{separator}ghi_chu\nHòa Bình{separator}\"{cell}\"\nAn Lạc{separator}x\n",
                    encoding="utf-8")
    rows = list(read_table(path))
    assert [r.cells for r in rows] == [{"ten_xa": "Hòa Bình", "ghi_chu": f'Nói "xin chào"{separator} rồi đi'},
                                      {"ten_xa": "An Lạc", "ghi_chu": "x"}]


@pytest.mark.parametrize("pattern, value", [
    (rb'(<w:pgSz[^>]*w:h=")(\d+)', b"nan"),  # python-docx's own parsing of the page size
    (rb'(<w:pgMar[^>]*w:top=")(\d+)', b"inf"),
    (rb'(<w:spacing[^>]*w:line=")(\d+)', b"1e400"),  # the reader's numbers
    (rb'(<w:ind[^>]*w:firstLine=")(\d+)', b"nan"),
    (rb'(<w:pgMar[^>]*w:left=")(\d+)', b"1.5"),
])
def test_nonsense_numbers_in_a_word_file_are_never_a_crash(tmp_path, good, pattern, value):
    import re

    def damage(xml: bytes) -> bytes:
        changed, count = re.subn(pattern, lambda m: m.group(1) + value, xml, count=1)
        assert count == 1
        return changed

    path = tmp_path / "so-la.docx"
    path.write_bytes(_document(good, damage))
    result = kehoach("check", path)
    assert result.returncode in (0, 1), result.stderr
    assert "lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------- every part --


def test_every_xml_part_that_is_broken_is_said_by_name(tmp_path):
    # A footnote too: python-docx leaves the footnotes part unparsed, kehoach reads it later.
    plan = MINIMAL.replace("Một ý", '"Một ý[^1]"') + "chu_thich:\n  1: Ghi chú cuối trang\n"
    good = render_bytes(load_plan_text(plan))
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        halves = {n: archive.read(n)[: len(archive.read(n)) // 2] for n in parts}
    assert {"word/footnotes.xml", "word/fontTable.xml", "docProps/app.xml", "word/styles.xml"} <= set(parts)
    bad = []
    for i, part in enumerate(parts):
        path = tmp_path / f"hong-{i}.docx"
        path.write_bytes(_rezip(good, {part: halves[part]}))
        bad.append(path)
    ok = tmp_path / "tot.docx"
    ok.write_bytes(good)
    result = kehoach("check", *bad, ok, memory_mb=400)
    assert_user_error(result)
    for path, part in zip(bad, parts):
        assert f"{path}: lỗi: phần `{part}` của tệp không phải XML hợp lệ" in result.stdout + result.stderr, part
    assert f"{ok}: đạt thể thức." in result.stdout


def test_an_excel_part_with_an_external_entity_is_refused_unread(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-CUA-MAY", encoding="utf-8")
    table = _xlsx([["ten_tep", "ten_xa"], ["mot", "Hòa Bình"]], tmp_path)
    _patch_sheet(table, lambda xml: f'<!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
                 + xml.split(b"?>", 1)[-1].replace(
        b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>hai</t></is></c>'
                         b'<c r="B3" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData>'))
    plan = tmp_path / "kh.yaml"
    plan.write_text(MINIMAL.replace("Một ý", '"{{ ten_xa }}"'), encoding="utf-8")
    result = kehoach("batch", plan, table, "-o", tmp_path / "out", "--workers", "1")
    assert_user_error(result, "xl/worksheets/sheet1.xml", "DOCTYPE")
    assert "BI-MAT-CUA-MAY" not in result.stdout + result.stderr and not (tmp_path / "out").exists()


def test_every_xml_parser_in_kehoach_is_the_hardened_one():
    """One parser (docx/package.py: no entities, no DTD, no network); python-docx parses the parts
    it opens with its own, which substitutes no entity either (tested below), after which kehoach
    refuses any DTD; openpyxl reads a workbook only after every part passed the hardened parser."""
    import re
    from pathlib import Path

    import kehoach

    parsing = re.compile(r"XMLParser\(|fromstring\(|etree\.parse\(|iterparse|xml\.dom|xml\.sax|xml\.etree|"
                         r"minidom|expat|HTMLParser|lxml\.html|objectify")
    offenders = []
    for path in sorted(Path(kehoach.__file__).parent.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if parsing.search(line) and not (path.name == "package.py" or "xml_parser()" in line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []


def test_python_docx_parser_substitutes_no_entity(tmp_path):
    from docx.oxml.parser import parse_xml as docx_parse_xml
    from lxml import etree

    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-CUA-MAY", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY y "noi-bo">]>'
           '<a>&x;&y;</a>').encode()
    assert b"BI-MAT" not in etree.tostring(docx_parse_xml(xml)) and b"noi-bo" not in etree.tostring(docx_parse_xml(xml))
    from kehoach.docx.package import xml_parser

    assert b"BI-MAT" not in etree.tostring(etree.fromstring(xml, xml_parser()))


def test_dependency_ranges_exclude_unsafe_versions():
    """lxml < 5.2 resolved external entities in its default parser (and python-docx's); Jinja2 < 3.1.6
    has sandbox escapes (CVE-2024-56326, CVE-2024-56201, CVE-2025-27516); PyYAML < 5.4 built objects."""
    import tomllib
    from pathlib import Path

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    ranges = {Requirement(r).name.lower(): Requirement(r).specifier for r in project["project"]["dependencies"]}
    unsafe = {"lxml": ["4.9.4", "5.1.1"], "jinja2": ["3.1.4", "3.1.5", "2.11.3"], "pyyaml": ["5.3.1"]}
    for name, versions in unsafe.items():
        assert not [v for v in versions if ranges[name].contains(v)], name
    import jinja2
    import lxml.etree

    from packaging.version import Version

    assert Version(jinja2.__version__) >= Version("3.1.6") and lxml.etree.LXML_VERSION >= (5, 2)


def _runs(count: int, text: bytes = b"x") -> bytes:
    return b"".join(b"<w:r><w:t>" + text + b"</w:t></w:r>" for _ in range(count))


def _padded(good: bytes, extra: bytes) -> bytes:
    """The document with a first paragraph of ``extra`` (runs): bigger, still well formed."""
    return _document(good, lambda body: body.replace(b"<w:body>", b"<w:body><w:p>" + extra + b"</w:p>", 1))


def test_a_small_word_file_that_expands_past_the_promised_10_mb_is_refused_before_it_is_read(tmp_path, good):
    # 86 KB that expand to 19.7 MB of runs (855,000 of them) took `check` 10 s and 550 MB; a real
    # document.xml of 300 pages is under 5 MB. The promise: 10.000.000 bytes per XML part.
    bomb = tmp_path / "bom.docx"
    bomb.write_bytes(_padded(good, _runs(460_000)))
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size > 10_000_000
    result = kehoach("check", bomb, seconds=5, memory_mb=150)
    assert_user_error(result, "word/document.xml", "quá giới hạn 10.000.000 byte", "bom nén")


def test_an_xml_part_that_expands_more_than_a_hundred_times_is_a_bomb(tmp_path, good):
    # 3 MB of identical runs in ~15 KB: under the size cap, 200× its compressed size.
    bomb = tmp_path / "bom.docx"
    bomb.write_bytes(_padded(good, _runs(140_000)))
    with zipfile.ZipFile(bomb) as archive:
        info = archive.getinfo("word/document.xml")
    assert 2_000_000 < info.file_size < 10_000_000 and info.file_size > 100 * info.compress_size
    result = kehoach("check", bomb, seconds=5, memory_mb=150)
    assert_user_error(result, "word/document.xml", "gấp hơn 100 lần", "bom nén")


def test_the_largest_plan_kehoach_takes_is_checked_within_the_caps(tmp_path):
    # At the plan's node limit, the most repetitive output kehoach writes (19,500 three-word items):
    # 3.2 MB of XML, 46 times its compressed size — a real document, not a bomb.
    items = "".join(f"      - Việc số {i}.\n" for i in range(19_500))
    plan = tmp_path / "lon.yaml"
    plan.write_text(MINIMAL.replace("phan:\n", "phan:\n  - tieu_de: Nhiều việc\n    y:\n" + items, 1), encoding="utf-8")
    out = tmp_path / "lon.docx"
    result = kehoach("render", plan, "-o", out, seconds=60)
    assert result.returncode == 0, result.stderr[-2000:]
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("word/document.xml")
    assert info.file_size > 2_000_000 and info.file_size > 30 * info.compress_size
    result = kehoach("check", out, seconds=60, memory_mb=400)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "đạt thể thức" in result.stdout
