"""The two real plans in data/examples/ render every piece of their source text.

The sources are web crawls (tests/fixtures/real-plans/*.txt, copies of
../shared/examples/real-plans/): a header pseudo-table with lone "|" lines,
**bold** and *italic* marks, soft line breaks inside sentences, one table cell
per chunk. Each chunk between blank or "|" lines must appear in the rendered
document, once marks, labels, case, spacing and closing punctuation are set aside.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DATA, all_paragraphs, open_docx, render_path

FIXTURES = Path(__file__).parent / "fixtures" / "real-plans"
PAIRS = [("02-hcm-trien-khai-luat-viec-lam-2025.txt", "hcm-trien-khai-luat-viec-lam-2025.yaml"),
         ("06-dongthap-chuyen-doi-so-doanh-nghiep-2025.txt", "dongthap-chuyen-doi-so-doanh-nghiep-2025.yaml"),
         ("19-ttg-qd-ban-hanh-ke-hoach-luat-bao-ve-du-lieu-ca-nhan-2025.txt",
          "ttg-qd-ban-hanh-ke-hoach-luat-bao-ve-du-lieu-ca-nhan-2025.yaml"),
         ("20-sonla-qd-ban-hanh-ke-hoach-xuat-khau-2026-2030.txt", "sonla-qd-ban-hanh-ke-hoach-xuat-khau-2026-2030.yaml"),
         ("15-daklak-quan-trac-moi-truong-nuoi-trong-thuy-san-2026-2030.txt",
          "daklak-quan-trac-moi-truong-nuoi-trong-thuy-san-2026-2030.yaml")]
# Where an example follows Nghị định 30 instead of its source (its header comment says so): the
# source's words (normalised) → the words printed instead, which must be there.
FIXED = {
    # Two or more appendices are numbered in Roman numerals (Phụ lục I, mục III.1).
    "sonla-qd-ban-hanh-ke-hoach-xuat-khau-2026-2030.yaml": {
        "phụ lục 01": "phụ lục i định hướng phát triển vùng nguyên liệu",
        "phụ lục 02": "phụ lục ii danh mục hàng hóa tham gia xuất khẩu"},
}
_LABEL = re.compile(r"^(?:[-+]\s*)*(?:(?:[IVXLC]+|\d+(?:\.\d+)*)\.|[a-zđ]\))\s*")


def _norm(text: str) -> str:
    text = text.replace("*", "")
    text = re.sub(r"\s+", " ", text).strip()
    text = _LABEL.sub("", text)
    return text.casefold().strip(" .;:)")


def chunks(source: str) -> list[str]:
    out, current = [], []
    for line in source.splitlines()[1:]:  # the first line names where the crawl came from
        if not line.strip() or line.strip() == "|" or re.fullmatch(r"-{3,}", line.strip()):
            if current:
                out.append(" ".join(current))
                current = []
            continue
        current.append(line)
    if current:
        out.append(" ".join(current))
    return [c for c in (_norm(c) for c in out) if c]


@pytest.mark.parametrize("source, plan", PAIRS, ids=[p[1] for p in PAIRS])
def test_every_chunk_of_the_source_is_in_the_document(source, plan):
    document = open_docx(render_path(DATA / "examples" / plan))
    text = _norm(" ".join(p.text for p in all_paragraphs(document)))
    fixed = FIXED.get(plan, {})
    found = chunks((FIXTURES / source).read_text(encoding="utf-8"))
    assert set(fixed) <= set(found) and not [c for c in fixed if c in text]  # each fix is needed
    missing = [c for c in found if fixed.get(c, c) not in text]
    assert not missing, missing


# ------------------------------------------------------------ from Word files --

WORD = Path(__file__).parent / "fixtures" / "real-documents"
# Source Word file → its rendition; and what the rendition changes on purpose, each said in the
# header comment of the .yaml (the symbol of a Báo cáo opens with BC, Phụ lục I, mục II.3.b).
WORD_PAIRS = [
    ("BC-1883-DKT_8.4.2026_Ket-qua-kiem-tra-chap-hanh.docx", "bao-cao-1883-dkt-kiem-tra-vlncn-2026.yaml",
     {"số: /đkt-sct": "số: /bc-đkt"}),
    ("bao-cao-ket-qua-thang-atvsld.docx", "bao-cao-sct-thang-hanh-dong-atvsld-2026.yaml", {}),
    ("TB-3915_1.7.2026_Huan-luyen-nguoi-quan-ly.docx", "tb-3915-huan-luyen-nguoi-quan-ly-2026.yaml", {}),
]


def word_pieces(document) -> tuple[list[str], list[str]]:
    """Every non-empty paragraph of a Word file, normalised: (in layout tables, in the body)."""
    from docx.oxml.ns import qn

    table, body = [], []
    for p in document.element.body.iter(qn("w:p")):
        text = _norm("".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\xa0", " "))
        if text:
            (table if any(a.tag == qn("w:tc") for a in p.iterancestors()) else body).append(text)
    return table, body


@pytest.mark.parametrize("source, plan, fixes", WORD_PAIRS, ids=[p[1] for p in WORD_PAIRS])
def test_every_paragraph_of_the_word_source_is_in_the_document_in_its_order(source, plan, fixes):
    import docx

    header = (DATA / "examples" / plan).read_text(encoding="utf-8").split("\n\n")[0]
    assert "Nguồn: ../shared/examples/real-plans/" + source in " ".join(header.replace("# ", "").split())
    rendered = open_docx(render_path(DATA / "examples" / plan))
    text = _norm(" ".join(p.text for p in all_paragraphs(rendered)))
    cells, body = word_pieces(docx.Document(WORD / source))
    missing = [c for c in (fixes.get(c, c) for c in cells) if c not in text]
    assert not missing, missing
    at, out_of_order = 0, []
    for piece in (fixes.get(b, b) for b in body):  # the body, paragraph after paragraph, in the source's order
        found = text.find(piece, at)
        if found < 0:
            out_of_order.append(piece)
        else:
            at = found + len(piece)
    assert not out_of_order, out_of_order
    assert len(body) > 8  # the reader saw the file's text


def test_a_missing_piece_of_the_word_source_is_found(tmp_path):
    """The fidelity test can fail: a rendition that drops one list item is caught."""
    import docx

    plan = (DATA / "examples" / WORD_PAIRS[0][1]).read_text(encoding="utf-8")
    dropped = plan.replace("Phương án bảo vệ an ninh trật tự khu vực hoạt động VLNCN số 309/PA-TCT", "Phương án", 1)
    assert dropped != plan
    path = tmp_path / "x.yaml"
    path.write_text(dropped, encoding="utf-8")
    text = _norm(" ".join(p.text for p in all_paragraphs(open_docx(render_path(path)))))
    _, body = word_pieces(docx.Document(WORD / WORD_PAIRS[0][0]))
    assert [b for b in body if b not in text] == [_norm("- Phương án bảo vệ an ninh trật tự khu vực hoạt động "
                                                        "VLNCN số 309/PA-TCT ngày 19/01/2026.")]
