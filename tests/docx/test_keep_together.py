"""Layout that never breaks (issue 11), checked where the clerk sees it: in the
PDF LibreOffice prints, page by page, and in the XML Word reads.

Every document of this module is converted in ONE LibreOffice run (a start
costs seconds): the seed with 0 to 20 extra closing paragraphs, the ``init``
starter, the HCM example and appendix tables whose group rows would fall at
the foot of a page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kehoach.api import load_plan_text, render_bytes
from kehoach.jobs.starter import starter_text

from tests.conftest import DATA, open_docx
from tests.plans import MINIMAL

pytestmark = pytest.mark.pdf

SEED = DATA / "dong-tuyen-2024.yaml"
HCM = DATA / "examples" / "hcm-trien-khai-luat-viec-lam-2025.yaml"
EXTRA_CLOSING = range(0, 21)
GROUP_SHIFTS = range(6)


def _tools() -> tuple[str, str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    if not (soffice and pdftotext and pdfinfo):
        reason = "cần LibreOffice (soffice) và poppler-utils (pdftotext, pdfinfo)"
        if os.environ.get("KEHOACH_REQUIRE_PDF") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return soffice, pdftotext, pdfinfo


def seed_with_closing(extra: int) -> str:
    plan = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    plan["ket_thuc"] = [f"Đoạn kết thêm số {i + 1}: các đơn vị nghiêm túc triển khai thực hiện kế hoạch này."
                        for i in range(extra)] + plan["ket_thuc"]
    return yaml.safe_dump(plan, allow_unicode=True)


def starter() -> str:
    return starter_text(ten_xa="Hòa Bình", nam=2026, cap_tren="tỉnh Lào Cai", file_name="k.yaml", schema="s.json")


def grouped_table(shift: int) -> str:
    """An appendix table of twelve groups of four rows; ``shift`` filler rows move the
    groups up and down the pages so that some group row would end a page."""
    plan = yaml.safe_load(MINIMAL)
    plan["phan"][0]["y"] = ["Một ý (chi tiết tại Phụ lục kèm theo)"]
    rows: list = [["0", "dòng đệm " * 8, "x"]] * shift
    for g in range(12):
        rows.append({"nhom": f"NHÓM {g + 1}"})
        rows += [[str(r + 1), "Nội dung công việc dài vừa đủ hai dòng để bảng có chiều cao khác nhau " * (1 + r % 2),
                  "Quý I"] for r in range(4)]
    plan["phu_luc"] = [{"tieu_de": "Bảng", "bang": {"cot": ["TT", "Nội dung", "Thời gian"], "dong": rows}}]
    return yaml.safe_dump(plan, allow_unicode=True)


def long_title() -> str:
    """A trích yếu whose second line would start inside the word "ẢNH HƯỞNG", found as the
    writer lays lines without the no-break space (first fit, the font's widths)."""
    from kehoach import decree
    from kehoach.docx.metrics import text_width_mm

    spec, width = decree.ROLES["trich_yeu"], 210 - 30 - 15
    for n in range(1, 40):
        head = ("Kế hoạch khắc phục hậu quả " + " ".join(["thiên tai"] * n) + " và giảm thiểu ảnh").upper()
        if text_width_mm(head, 14, spec.bold, spec.italic) <= width < text_width_mm(head + " HƯỞNG", 14, spec.bold,
                                                                                   spec.italic):
            return head + " HƯỞNG CỦA LŨ LỤT ĐẾN ĐỜI SỐNG"
    raise AssertionError("no title found")


def titled(title: str) -> str:
    plan = yaml.safe_load(MINIMAL)
    plan["trich_yeu"] = title
    return yaml.safe_dump(plan, allow_unicode=True)


def _documents() -> dict[str, str]:
    plans = {f"seed-{n:02d}": seed_with_closing(n) for n in EXTRA_CLOSING}
    plans["init"] = starter()
    plans["hcm"] = HCM.read_text(encoding="utf-8")
    plans.update({f"nhom-{s}": grouped_table(s) for s in GROUP_SHIFTS})
    plans["trich-yeu"] = titled(long_title())
    return plans


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory) -> dict[str, list[str]]:
    """Each document's pages as text (pdftotext -layout keeps one printed line per line)."""
    soffice, pdftotext, pdfinfo = _tools()
    folder = tmp_path_factory.mktemp("giu-lien")
    plans = _documents()
    for name, text in plans.items():
        (folder / f"{name}.docx").write_bytes(render_bytes(load_plan_text(text)))
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), *sorted(map(str, folder.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)
    pages = {}
    for name in plans:
        pdf = str(folder / f"{name}.pdf")
        count = int(re.search(r"Pages:\s+(\d+)", subprocess.run([pdfinfo, pdf], capture_output=True, text=True,
                                                                 check=True).stdout)[1])
        pages[name] = [subprocess.run([pdftotext, "-layout", "-enc", "UTF-8", "-f", str(n), "-l", str(n), pdf, "-"],
                                      capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]
    return pages


def _pages_with(pages: list[str], text: str) -> list[int]:
    return [n for n, page in enumerate(pages, start=1) if text in " ".join(page.split())]


def _signature_pages(pages: list[str], name: str, last_words: str) -> set[int]:
    found = {}
    for label in ("Nơi nhận:", "- Lưu:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name, last_words):
        found[label] = _pages_with(pages, label)
        assert found[label], f"{label!r} is not in the PDF"
    return {n for hits in found.values() for n in hits[-1:]}


@pytest.mark.parametrize("extra", EXTRA_CLOSING)
def test_the_seeds_signature_block_is_on_one_page_with_the_last_paragraph(pdf_pages, extra):
    pages = pdf_pages[f"seed-{extra:02d}"]
    assert len(_signature_pages(pages, "Nguyễn Viết Tiệp", "triển khai thực hiện./.")) == 1, pages[-2:]
    # and no page is left with only its number (the paragraph after the block spilling over)
    assert all(re.sub(r"\s+|\d", "", page) for page in pages), [p[:40] for p in pages]


def test_the_init_starters_signature_block_is_on_one_page_with_the_last_paragraph(pdf_pages):
    pages = pdf_pages["init"]
    assert len(_signature_pages(pages, "Nguyễn Văn A", "triển khai thực hiện./.")) == 1, pages[-2:]


def test_the_hcm_place_date_line_is_on_one_line(pdf_pages):
    lines = [" ".join(line.split()) for line in pdf_pages["hcm"][0].splitlines()]
    assert any("Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025" in line for line in lines), lines[:6]
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines)
    assert any(line.startswith("THÀNH PHỐ HỒ CHÍ MINH") for line in lines)  # the agency line does not wrap


@pytest.mark.parametrize("shift", GROUP_SHIFTS)
def test_a_group_row_never_ends_a_page(pdf_pages, shift):
    pages = pdf_pages[f"nhom-{shift}"]
    assert len(pages) > 2
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert not lines[-1].startswith("NHÓM"), f"trang {number} kết thúc bằng dòng nhóm {lines[-1]!r}"


def test_a_long_title_breaks_between_words_not_inside_one(pdf_pages):
    from kehoach.compose.wording import compound_words

    words = compound_words()
    title = long_title()
    page = [" ".join(line.split()) for line in pdf_pages["trich-yeu"][0].splitlines()]
    start = next(i for i, line in enumerate(page) if line.startswith("KẾ HOẠCH KHẮC PHỤC"))
    lines: list[str] = []
    for line in page[start:]:
        if not line or not title.startswith(" ".join(lines + [line])):
            break
        lines.append(line)
    assert " ".join(lines) == title and len(lines) >= 2  # the same words, in the same order, on two lines
    for upper, lower in zip(lines, lines[1:]):
        pair = f"{upper.split()[-1]} {lower.split()[0]}".lower()
        assert pair not in words, f"trích yếu xuống dòng giữa một từ: {pair!r}"


# ------------------------------------------------------------ in the XML ----

def test_the_writer_asks_word_to_keep_the_signature_with_the_last_paragraph():
    from docx.oxml.ns import qn

    document = open_docx(render_bytes(load_plan_text(starter())))
    body = document.element.body
    tables = body.findall(qn("w:tbl"))
    signature = tables[-1]
    assert signature.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    before = signature.getprevious()
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert "./." in "".join(t.text for t in before.iter(qn("w:t")))


def test_group_rows_keep_with_the_next_row_by_their_style():
    from kehoach import decree

    assert decree.ROLES["bang_nhom"].keep_next
    styles = open_docx(render_bytes(load_plan_text(grouped_table(0)))).styles
    assert styles["KH Bảng - nhóm"].paragraph_format.keep_with_next is True


def test_only_the_space_inside_the_broken_word_becomes_unbreakable():
    from kehoach.docx.writer import NO_BREAK_SPACE

    title = long_title()
    document = open_docx(render_bytes(load_plan_text(titled(title))))
    paragraph = next(p for p in document.paragraphs if p.text.replace(NO_BREAK_SPACE, " ") == title)
    assert paragraph.text.count(NO_BREAK_SPACE) == 1 and f"ẢNH{NO_BREAK_SPACE}HƯỞNG" in paragraph.text
    short = open_docx(render_bytes(load_plan_text(titled("Phòng chống thiên tai"))))
    assert not [p for p in short.paragraphs if NO_BREAK_SPACE in p.text]
