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
         ("06-dongthap-chuyen-doi-so-doanh-nghiep-2025.txt", "dongthap-chuyen-doi-so-doanh-nghiep-2025.yaml")]
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
    missing = [c for c in chunks((FIXTURES / source).read_text(encoding="utf-8")) if c not in text]
    assert not missing, missing
