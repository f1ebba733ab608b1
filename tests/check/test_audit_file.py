"""``check`` on a file: the file's faults are said in Vietnamese with its name; kehoach's own bugs keep their traceback."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from kehoach.check import audit as audit_module
from kehoach.check.audit import audit_file
from kehoach.errors import InvalidInput
from tests.conftest import render_text
from tests.plans import MINIMAL


def _with_page_width(tmp_path, width: str):
    source = zipfile.ZipFile(io.BytesIO(render_text(MINIMAL)))
    parts = {n: source.read(n) for n in source.namelist()}
    document = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = re.sub(r'(<w:pgSz w:w=")\d+', rf"\g<1>{width}", document, count=1).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    path = tmp_path / "trang-hong.docx"
    path.write_bytes(out.getvalue())
    return path


def test_a_nonsense_value_in_the_xml_is_the_files_fault_said_with_its_name(tmp_path):
    path = _with_page_width(tmp_path, "nan")
    with pytest.raises(InvalidInput) as info:
        audit_file(path)
    (problem,) = info.value.problems
    assert "tệp có một giá trị không hợp lệ trong XML" in problem.message and "mở bằng Word rồi lưu lại" in problem.message
    assert problem.file == str(path)


def test_a_value_error_of_kehoach_itself_is_not_blamed_on_the_file(tmp_path, monkeypatch):
    path = _with_page_width(tmp_path, "11906")

    def broken(reader):
        raise ValueError("a bug in a rule")

    monkeypatch.setattr(audit_module, "audit", broken)
    with pytest.raises(ValueError, match="a bug in a rule"):
        audit_file(path)


def test_a_file_that_is_not_a_word_file_is_said_to_be_so(tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(InvalidInput) as info:
        audit_file(path)
    assert "không phải tệp Word" in info.value.problems[0].message and info.value.problems[0].file == str(path)
