"""Every line of the seed plan appears in the rendered Đồng Tuyển document.

Lines are compared after normalising what kehoach now decides itself
(numbering labels, bullets, case of headings, trailing punctuation of
headings, runs of spaces), and after applying the seed's own slips that the
data file corrects, each of which the data file must name in its comments.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import DATA, all_paragraphs

# A copy of ../shared/seeds/000_e6a626f5443f78c0.txt, the plan kehoach was made from.
SEED = Path(__file__).parent / "fixtures" / "seed-dong-tuyen-2024.txt"

# (as written in the seed, as kehoach prints it)
CORRECTIONS = [
    # The seed spells the commune both ways; the national list says Đồng Tuyển (tests/units/).
    ("Đồng Tuyền", "Đồng Tuyển"),
    ("cho cho người lao động", "cho người lao động"),
    ("TM ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
    ("Lưu VT, VH.", "Lưu: VT, VH."),
    ("Văn hóa- Lao động", "Văn hóa - Lao động"),
    ("Tư pháp- Hộ tịch", "Tư pháp - Hộ tịch"),
    ("tiến bộ phụ nữ thành Lào Cai", "tiến bộ phụ nữ thành phố Lào Cai"),
    ("và báo năm", "và báo cáo năm"),
]

_LABEL = re.compile(r"^(?:[-+]\s*)*(?:(?:[IVXLC]+|\d+(?:\.\d+)*)\.|[a-zđ]\))?\s*")


def normalise(line: str) -> str:
    line = _LABEL.sub("", line.strip())
    line = re.sub(r"\s+", " ", line).strip()
    return line.casefold()


def seed_lines() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return [line for line in text.splitlines() if line.strip()]


def test_every_correction_is_named_in_the_data_file():
    comments = "\n".join(line for line in (DATA / "dong-tuyen-2024.yaml").read_text(encoding="utf-8").splitlines()
                         if line.lstrip().startswith("#"))
    for wrong, _ in CORRECTIONS:
        assert wrong in comments, wrong


def test_every_seed_line_appears_in_the_document(dong_tuyen):
    document = normalise(" ".join(p.text for p in all_paragraphs(dong_tuyen)))
    paragraphs = [normalise(p.text) for p in all_paragraphs(dong_tuyen)]
    missing = []
    for line in seed_lines():
        wanted = normalise(line).rstrip(".:").strip()
        if wanted and wanted not in document and not any(wanted in p for p in paragraphs):
            missing.append(line)
    assert not missing, "\n".join(missing)


def test_seed_slips_are_not_copied(dong_tuyen):
    text = "\n".join(p.text for p in all_paragraphs(dong_tuyen))
    for wrong, right in CORRECTIONS:
        if wrong.startswith(("TM ", "Lưu VT")):
            assert wrong not in text
        else:
            assert wrong not in text and right in text, wrong
    assert "Đồng Tuyền" not in text and "ĐỒNG TUYỀN" not in text
    assert not re.search(r"\b(\w+) \1\b", text.replace("Tp. Tp.", "")), "doubled word"
