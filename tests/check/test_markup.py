"""kehoach check --pdf: every finding marked on the page where it is, with a summary first."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest
from docx.shared import Inches, Pt
from typer.testing import CliRunner

from kehoach.check.audit import audit
from kehoach.cli import app
from tests.conftest import DATA, find_paragraph, open_docx, render_path

pytestmark = pytest.mark.pdf
runner = CliRunner()


@pytest.fixture(scope="module")
def tools():
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        reason = "cần LibreOffice và poppler-utils (pdftotext)"
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def defective(tmp_path_factory):
    """The sample with three defects: letter paper (whole document), Arial on page 1, Nơi nhận at 14 pt."""
    document = open_docx(render_path(DATA / "dong-tuyen-2024.yaml"))
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
    for run in find_paragraph(document, "- Tăng cường sự quan tâm").runs:
        run.font.name = "Arial"
    for run in find_paragraph(document, "Nơi nhận").runs:
        run.font.size = Pt(14)
    path = tmp_path_factory.mktemp("markup") / "van-ban.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_one_mark_per_finding_on_the_right_page(tools, defective, tmp_path):
    findings = audit(defective)
    rules = {f.rule for f in findings}
    assert {"khổ giấy", "phông chữ", "cỡ chữ \"Nơi nhận\""} <= rules
    target = tmp_path / "kiem-tra.pdf"
    result = runner.invoke(app, ["check", str(defective), "--pdf", "-o", str(target)])
    assert result.exit_code == 1, result.output  # the findings are errors; the PDF is written all the same
    assert f"Đã ghi {target}" in result.output
    pages = _pages(target)
    summary = next(i for i, page in enumerate(pages) if "KẾT QUẢ KIỂM TRA" in page) + 1
    document_pages = pages[summary:]
    for number, finding in enumerate(findings, 1):
        label = f"[{number}]"
        on = [i for i, page in enumerate(document_pages) if label in page]
        assert len(on) == 1, (label, finding.rule, on)  # one mark, on one page
        assert label in pages[0]  # and listed in the summary
        if finding.paragraph is not None:
            excerpt = _flat(finding.excerpt.rstrip("…"))[:25]
            assert excerpt in _flat(document_pages[on[0]]), (label, finding.excerpt)
    nơi_nhận = next(n for n, f in enumerate(findings, 1) if f.rule == "cỡ chữ \"Nơi nhận\"")
    arial = next(n for n, f in enumerate(findings, 1) if f.rule == "phông chữ")
    page_of = {n: next(i for i, p in enumerate(document_pages) if f"[{n}]" in p) for n in (nơi_nhận, arial)}
    assert page_of[arial] == 0 and page_of[nơi_nhận] >= 3  # page 1, and the end of a five-page plan


def test_a_clean_document_says_so(tools, tmp_path):
    path = tmp_path / "kh.docx"
    path.write_bytes(render_path(DATA / "dong-tuyen-2024.yaml"))
    result = runner.invoke(app, ["check", str(path), "--pdf"])
    assert result.exit_code == 0, result.output
    pages = _pages(tmp_path / "kh.kiem-tra.pdf")
    assert "đạt thể thức" in pages[0]
    from kehoach.jobs.pdf import is_kehoach_pdf

    assert is_kehoach_pdf((tmp_path / "kh.kiem-tra.pdf").read_bytes())
    assert not re.search(r"\[\d+\]", "".join(pages[1:]))
    # Its own file is replaced on the next run; a PDF it did not write is kept.
    assert runner.invoke(app, ["check", str(path), "--pdf"]).exit_code == 0
    other = tmp_path / "khac.pdf"
    other.write_bytes(b"%PDF-1.4 something else")
    result = runner.invoke(app, ["check", str(path), "--pdf", "-o", str(other)])
    assert result.exit_code == 1 and "--force" in result.output and other.read_bytes() == b"%PDF-1.4 something else"


def test_output_without_pdf_is_refused(tmp_path):
    path = tmp_path / "kh.docx"
    path.write_bytes(render_path(DATA / "dong-tuyen-2024.yaml"))
    result = runner.invoke(app, ["check", str(path), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "--pdf" in result.output
