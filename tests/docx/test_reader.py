"""The Word reader: formats resolved as Word resolves them, once per style, in time linear in the file.

The size tests build their hostile documents at test time and bound each
with an alarm: a linear reader finishes them in about a second, the old
quadratic one needed minutes to hours (80,000 runs in one paragraph: 430 s).
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from kehoach.check.audit import audit
from kehoach.cli import app
from kehoach.docx import reader as reader_module
from kehoach.docx.reader import DocxReader, RunFormat, StyleCycle
from tests.hostile.bounded import time_limit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'


@functools.cache
def _blank() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _make(tmp_path: Path, body: str, styles: str = "", defaults: str = "", name: str = "x.docx") -> Path:
    """A .docx from python-docx's blank package with ``body``, ``styles`` and ``defaults`` (raw
    WordprocessingML), written with zipfile: python-docx takes minutes to save 100,000 runs."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}'
                '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    style_part = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
                  + (f"<w:docDefaults>{defaults}</w:docDefaults>" if defaults else "") + f"{styles}</w:styles>")
    path = tmp_path / name
    with zipfile.ZipFile(io.BytesIO(_blank())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = {"word/document.xml": document.encode(), "word/styles.xml": style_part.encode()}.get(
                item.filename) or source.read(item.filename)
            out.writestr(item, data)
    return path


def _style(style_id: str, kind: str = "paragraph", based_on: str | None = None, rpr: str = "", ppr: str = "",
           default: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"{flag}>'
            f'<w:name w:val="{style_id}"/>' + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>")


# ------------------------------------------------------- resolution order --

def test_closest_definition_wins_run_then_character_then_paragraph_chain_then_defaults(tmp_path):
    styles = (_style("Base", rpr='<w:sz w:val="26"/><w:b/><w:color w:val="FF0000"/>', ppr='<w:jc w:val="center"/>')
              + _style("Body", based_on="Base", rpr='<w:sz w:val="28"/>', ppr='<w:ind w:firstLine="567"/>')
              + _style("Em", kind="character", rpr='<w:i/><w:b w:val="0"/>'))
    defaults = ('<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
                '<w:sz w:val="20"/><w:caps/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault>')
    body = ('<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>'
            '<w:r><w:t>thường</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Em"/></w:rPr><w:t>nhấn</w:t></w:r>'
            '<w:r><w:rPr><w:rStyle w:val="Em"/><w:b/><w:sz w:val="24"/></w:rPr><w:t>riêng</w:t></w:r></w:p>')
    reader = DocxReader(_make(tmp_path, body, styles, defaults))
    para = reader.paragraphs[0]
    (_, plain), (_, emphasis), (_, own) = reader.texts_with_format(para)
    assert (plain.size, plain.bold, plain.italic, plain.caps, plain.color) == (14, True, None, True, "FF0000")
    assert plain.fonts == {"ascii": "Times New Roman", "hAnsi": "Times New Roman"}
    assert (emphasis.size, emphasis.bold, emphasis.italic) == (14, False, True)  # the character style beats Body
    assert (own.size, own.bold, own.italic) == (12, True, True)  # the run's own properties beat both
    fmt = reader.para_format(para.element)
    assert (fmt.alignment, fmt.first_line_twips, fmt.after_twips) == ("center", 567, 120)


def test_table_style_applies_below_the_paragraph_style_and_word_default_size_is_10(tmp_path):
    styles = (_style("Grid", kind="table", rpr='<w:i/><w:sz w:val="22"/>')
              + _style("Normal", default=True, rpr='<w:b/>'))
    body = ('<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
            '<w:tr><w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            '<w:p><w:r><w:t>ngoài bảng</w:t></w:r></w:p>')
    reader = DocxReader(_make(tmp_path, body, styles))
    cell, outside = reader.paragraphs
    assert cell.in_table == 0 and outside.in_table is None
    in_cell = reader.main_format(cell)
    assert (in_cell.bold, in_cell.italic, in_cell.size) == (True, True, 11)
    out = reader.main_format(outside)
    assert (out.bold, out.italic, out.size) == (True, None, 10.0)


def test_each_style_is_read_once_however_many_runs_use_it(tmp_path, monkeypatch):
    styles = "".join(_style(f"S{i}", based_on=f"S{i - 1}" if i else None, rpr=f'<w:sz w:val="{20 + i}"/>')
                     for i in range(30))
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="S{i % 30}"/></w:pPr>' + '<w:r><w:t>chữ</w:t></w:r>' * 20
                   + "</w:p>" for i in range(300))
    path = _make(tmp_path, body, styles)
    calls = []
    original = RunFormat.fill
    monkeypatch.setattr(RunFormat, "fill", lambda self, rpr, theme: (calls.append(rpr), original(self, rpr, theme)))
    reader = DocxReader(path)
    sizes = {reader.main_format(p).size for p in reader.paragraphs}
    for p in reader.paragraphs:
        reader.texts_with_format(p)
    assert sizes == {(20 + i) / 2 for i in range(30)}
    # 30 styles and the document defaults, each read once; the 6,000 runs have no properties of their own.
    assert len(calls) <= 31 + 30


# ------------------------------------------------------------ hostile sizes --

def test_many_runs_in_one_paragraph_are_read_in_linear_time(tmp_path):
    # Each run its own text: 100,000 copies of one run would be refused as a zip bomb (over 100×).
    body = "<w:p>" + "".join(f"<w:r><w:t>a{i}</w:t></w:r>" for i in range(100_000)) + "</w:p>"
    path = _make(tmp_path, body)
    with time_limit(60, "not linear"):  # about 1 s here; quadratic: hours
        reader = DocxReader(path)
        parts = reader.texts_with_format(reader.paragraphs[0])
        findings = audit(path)
    assert len(parts) == 100_000 and findings


def test_a_deep_based_on_chain_is_resolved_once(tmp_path):
    depth = 3000
    styles = "".join(_style(f"S{i}", based_on=f"S{i - 1}" if i else None,
                            rpr='<w:sz w:val="26"/>' if i == 0 else "") for i in range(depth))
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="S{depth - 1 - i}"/></w:pPr><w:r><w:t>chữ</w:t></w:r></w:p>'
                   for i in range(depth))
    path = _make(tmp_path, body, styles)
    with time_limit(60, "not linear"):  # depth × paragraphs would be 9 million steps in Python
        reader = DocxReader(path)
        assert {reader.main_format(p).size for p in reader.paragraphs} == {13}
        assert len(reader._style_chain(f"S{depth - 1}")) == depth


def test_a_based_on_cycle_is_refused_with_a_message(tmp_path):
    styles = _style("A", based_on="C") + _style("B", based_on="A") + _style("C", based_on="B") + _style("D")
    path = _make(tmp_path, '<w:p><w:pPr><w:pStyle w:val="D"/></w:pPr><w:r><w:t>chữ</w:t></w:r></w:p>', styles)
    with pytest.raises(StyleCycle, match="dựa trên chính nó"):
        DocxReader(path)
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert "dựa trên chính nó" in result.output and "Traceback" not in result.output


def test_a_style_based_on_itself_is_a_cycle(tmp_path):
    path = _make(tmp_path, "<w:p><w:r><w:t>chữ</w:t></w:r></w:p>", _style("A", based_on="A"))
    with pytest.raises(StyleCycle):
        DocxReader(path)


def test_based_on_a_missing_style_ends_the_chain(tmp_path):
    styles = _style("A", based_on="Missing", rpr='<w:sz w:val="30"/>')
    path = _make(tmp_path, '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>chữ</w:t></w:r></w:p>', styles)
    reader = DocxReader(path)
    assert reader.main_format(reader.paragraphs[0]).size == 15


def test_paragraphs_are_equal_only_to_themselves(tmp_path):
    body = "<w:p><w:r><w:t>giống</w:t></w:r></w:p>" * 2
    reader = DocxReader(_make(tmp_path, body))
    first, second = reader.paragraphs
    assert first.text == second.text and first != second and first in [first] and second not in [first]


def test_no_qn_calls_while_resolving(tmp_path, monkeypatch):
    """python-docx's qn() per attribute lookup made 585k calls for one document; names are spelled once."""
    import docx.oxml.ns

    path = _make(tmp_path, "<w:p><w:r><w:t>chữ</w:t></w:r></w:p>" * 50, _style("Normal", default=True))
    reader = DocxReader(path)
    calls = []
    monkeypatch.setattr(reader_module, "qn", lambda name: calls.append(name) or docx.oxml.ns.qn(name), raising=False)
    for p in reader.paragraphs:
        reader.texts_with_format(p)
        reader.para_format(p.element)
    assert calls == []


def test_many_linked_sections_are_looked_at_once_each(tmp_path):
    """Every section's header linked to the previous one: one look per section, not one per pair."""
    sections = 2000
    body = "".join(f"<w:p><w:pPr><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:pPr>"
                   f"<w:r><w:t>phần {i}</w:t></w:r></w:p>" for i in range(sections))
    path = _make(tmp_path, body)
    with time_limit(60, "not linear"):  # python-docx finds every section again on each index: 4 million lookups
        findings = audit(path)
    reader = DocxReader(path)
    assert len(reader.sections) == sections + 1
    assert reader.header_has_page_field(sections, "default") == (False, None)
    assert any(f.rule == "số trang" for f in findings)
