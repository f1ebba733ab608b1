"""One defect per rule of the decree's other elements (Phụ lục I, mục III.2–4): each gives exactly its finding.

A plan with a độ mật and a độ khẩn stamp, a draft's box, the typist's initials after "Lưu:" and the office's
address at the foot of page 1 is rendered clean; each case breaks one thing the way a hand edit in Word would
and expects the finding that names it, and the cases just inside a limit expect none. The numbers are the
decree's: a stamp 13–14 pt bold upright IN HOA in a single frame 20 mm (MẬT, KHẨN), 30 mm (TỐI MẬT, HỎA TỐC)
or 40 mm (TUYỆT MẬT, THƯỢNG KHẨN) wide (III.2), the typist's initials IN HOA (III.3), the address 11–12 pt
upright under a solid line the full width of the text (III.4). A frame is allowed 1 mm of play.
"""

from __future__ import annotations

import re

import pytest

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.check.context import Finding

from tests.format.test_decree_elements import EXTRA, _parts, _repack, _text

MM = 1440 / 25.4  # twips


@pytest.fixture(scope="module")
def clean() -> dict[str, str]:
    return _parts(render_bytes(load_plan_text(_text(EXTRA))))


def _findings(parts: dict[str, str], tmp_path) -> list[Finding]:
    path = tmp_path / "a.docx"
    path.write_bytes(_repack(parts))
    return audit(path)


def _stamp(text: str):
    """The regex of the stamp paragraph holding ``text`` (MẬT, THƯỢNG KHẨN)."""
    return re.compile(r'<w:p><w:pPr><w:pStyle w:val="KHDauMucDo"/>(?:(?!</w:p>).)*?>' + text + r'</w:t></w:r></w:p>')


def stamp(text: str, old: str, new: str):
    """Replace ``old`` by ``new`` inside the stamp paragraph of ``text``."""
    def edit(parts):
        xml = parts["word/document.xml"]
        found = _stamp(text).search(xml)
        assert found and old in found.group(0), (text, old)
        parts["word/document.xml"] = xml[:found.start()] + found.group(0).replace(old, new, 1) + xml[found.end():]
    return edit


def stamp_run(text: str, properties: str):
    """Run properties added to the stamp's run (after its red colour, in the schema's order)."""
    return stamp(text, '<w:rPr><w:color w:val="FF0000"/></w:rPr>', f"<w:rPr>{properties}</w:rPr>")


def stamp_width(text: str, delta_mm: float):
    """The stamp's frame made ``delta_mm`` wider (its right indent smaller)."""
    def edit(parts):
        xml = parts["word/document.xml"]
        found = _stamp(text).search(xml)
        right = re.search(r'<w:ind w:left="0" w:right="(\d+)"', found.group(0))
        new = found.group(0).replace(right.group(0), f'<w:ind w:left="0" w:right="{int(right[1]) - round(delta_mm * MM)}"')
        parts["word/document.xml"] = xml[:found.start()] + new + xml[found.end():]
    return edit


def draft(old: str, new: str):
    def edit(parts):
        xml = parts["word/document.xml"]
        found = re.search(r'<w:p><w:pPr><w:pStyle w:val="KHDuThao"/>.*?</w:p>', xml)
        assert old in found.group(0)
        parts["word/document.xml"] = xml[:found.start()] + found.group(0).replace(old, new, 1) + xml[found.end():]
    return edit


def document(old: str, new: str):
    def edit(parts):
        assert old in parts["word/document.xml"], old
        parts["word/document.xml"] = parts["word/document.xml"].replace(old, new, 1)
    return edit


def footer(old: str, new: str, count: int = 1):
    def edit(parts):
        assert old in parts["word/footer1.xml"], old
        parts["word/footer1.xml"] = parts["word/footer1.xml"].replace(old, new, count)
    return edit


FIRST_ADDRESS_RUN = '<w:r><w:t xml:space="preserve">Số 165'
ADDRESS_RUNS = '<w:r><w:t xml:space="preserve">'
RED = '<w:color w:val="FF0000"/>'
FRAME = re.compile(r"<w:pBdr>.*?</w:pBdr>")
BORDER = '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'


def unframed(text: str):
    def edit(parts):
        xml = parts["word/document.xml"]
        found = _stamp(text).search(xml)
        parts["word/document.xml"] = xml[:found.start()] + FRAME.sub("", found.group(0), 1) + xml[found.end():]
    return edit


def draft_text(text: str, framed: bool = True):
    def edit(parts):
        xml = parts["word/document.xml"]
        found = re.search(r'<w:p><w:pPr><w:pStyle w:val="KHDuThao"/>.*?</w:p>', xml)
        new = found.group(0).replace(">DỰ THẢO LẦN 2<", f">{text}<")
        if not framed:
            new = FRAME.sub("", new, 1)
        parts["word/document.xml"] = xml[:found.start()] + new + xml[found.end():]
    return edit


def draft_in_a_table(parts):
    """The draft's words, unframed, in a cell of the header table: a note in a table, not the draft's box."""
    xml = parts["word/document.xml"]
    box = re.search(r'<w:p><w:pPr><w:pStyle w:val="KHDuThao"/>.*?</w:p>', xml)
    xml = xml[:box.start()] + xml[box.end():]
    cell_end = xml.index("</w:tc>")
    parts["word/document.xml"] = (xml[:cell_end] + '<w:p><w:r><w:t>Dự thảo</w:t></w:r></w:p>' + xml[cell_end:])


def both(*edits):
    def edit(parts):
        for e in edits:
            e(parts)
    return edit


DEFECTS = [
    # ô 10a, 10b: the stamps (III.2.a, III.2.b)
    ("stamp 12 pt", stamp_run("MẬT", RED + '<w:sz w:val="24"/>'), {"cỡ chữ dấu MẬT"}),
    ("stamp 12.5 pt", stamp_run("MẬT", RED + '<w:sz w:val="25"/>'), {"cỡ chữ dấu MẬT"}),
    ("stamp 13 pt", stamp_run("MẬT", RED + '<w:sz w:val="26"/>'), set()),
    ("stamp 14 pt", stamp_run("MẬT", RED + '<w:sz w:val="28"/>'), set()),
    ("stamp 14.5 pt", stamp_run("MẬT", RED + '<w:sz w:val="29"/>'), {"cỡ chữ dấu MẬT"}),
    ("stamp not bold", stamp_run("MẬT", '<w:b w:val="0"/>' + RED), {"chữ đậm ở dấu MẬT"}),
    ("stamp italic", stamp_run("MẬT", "<w:i/>" + RED), {"chữ đứng ở dấu MẬT"}),
    ("stamp in lower case", stamp("MẬT", ">MẬT<", ">Mật<"), {"chữ in hoa ở dấu MẬT"}),
    ("stamp in lower case shown as capitals", both(stamp("MẬT", ">MẬT<", ">Mật<"), stamp_run("Mật", "<w:caps/>" + RED)),
     set()),
    ("stamp without its frame", unframed("MẬT"), {"khung dấu MẬT"}),
    ("stamp frame open on one side", stamp("MẬT", '<w:right w:val="single"', '<w:right w:val="nil"'), {"khung dấu MẬT"}),
    ("stamp frame without its left side", stamp("MẬT", '<w:left w:val="single" w:sz="6" w:space="0" w:color="FF0000"/>', ""),
     {"khung dấu MẬT"}),
    ("stamp frame side 'none'", stamp("MẬT", '<w:top w:val="single"', '<w:top w:val="none"'), {"khung dấu MẬT"}),
    ("MẬT frame 21.5 mm", stamp_width("MẬT", 1.5), {"kích thước dấu MẬT"}),
    ("MẬT frame 20.5 mm", stamp_width("MẬT", 0.5), set()),
    ("MẬT frame 19.5 mm", stamp_width("MẬT", -0.5), set()),
    ("MẬT frame 18.5 mm", stamp_width("MẬT", -1.5), {"kích thước dấu MẬT"}),
    ("THƯỢNG KHẨN frame 38.5 mm", stamp_width("THƯỢNG KHẨN", -1.5), {"kích thước dấu THƯỢNG KHẨN"}),
    ("THƯỢNG KHẨN frame 39.5 mm", stamp_width("THƯỢNG KHẨN", -0.5), set()),
    ("THƯỢNG KHẨN without its frame", unframed("THƯỢNG KHẨN"), {"khung dấu THƯỢNG KHẨN"}),
    # ô 11: the draft's box (III.2.c)
    ("draft without its box", draft_text("DỰ THẢO LẦN 2", framed=False), {"khung khung dự thảo"}),
    ("draft 12 pt", draft('<w:r><w:t', '<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t'), {"cỡ chữ khung dự thảo"}),
    ("draft label of 29 characters without its box", draft_text("DỰ THẢO LẦN THỨ HAI CỦA BẢN N", framed=False),
     {"khung khung dự thảo"}),
    ("a 30-character line starting 'Dự thảo lần' is no box", draft_text("DỰ THẢO LẦN THỨ HAI CỦA BẢN NÀ", framed=False),
     set()),
    ("the draft's words in a table are no box", draft_in_a_table, set()),
    # ô 12: the typist's initials (III.3)
    ("typist's initials in lower case", document("Lưu: VT, PL.(300).", "Lưu: VT, pl.(300)."),
     {"ký hiệu người soạn thảo"}),
    ("typist's initials without the copies", document("Lưu: VT, PL.(300).", "Lưu: VT, PL."), set()),
    # ô 13: the office's address at the foot of page 1 (III.4)
    ("address 10 pt", footer(FIRST_ADDRESS_RUN, '<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">Số 165'),
     {"cỡ chữ địa chỉ cơ quan (chân trang)"}),
    ("address 10.5 pt", footer(ADDRESS_RUNS, '<w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t xml:space="preserve">', 3),
     {"cỡ chữ địa chỉ cơ quan (chân trang)"}),
    ("address 12 pt", footer(ADDRESS_RUNS, '<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t xml:space="preserve">', 3),
     set()),
    ("address 12.5 pt", footer(ADDRESS_RUNS, '<w:r><w:rPr><w:sz w:val="25"/></w:rPr><w:t xml:space="preserve">', 3),
     {"cỡ chữ địa chỉ cơ quan (chân trang)"}),
    ("address bold", footer(FIRST_ADDRESS_RUN, '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số 165'),
     {"chữ đứng ở địa chỉ cơ quan (chân trang)"}),
    ("address italic in its last line", footer('<w:r><w:t xml:space="preserve">E-Mail',
                                               '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">E-Mail'),
     {"chữ đứng ở địa chỉ cơ quan (chân trang)"}),
    ("a run without text is not judged", footer(FIRST_ADDRESS_RUN, '<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:tab/></w:r>'
                                                + FIRST_ADDRESS_RUN), set()),
    ("no line over the address", footer(BORDER, ""), {"đường kẻ trên địa chỉ cơ quan"}),
    ("the line over the address switched off", footer('<w:top w:val="single"', '<w:top w:val="nil"'),
     {"đường kẻ trên địa chỉ cơ quan"}),
    ("the line under the first line of the address instead",
     footer(BORDER, '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'),
     {"đường kẻ trên địa chỉ cơ quan"}),
    ("the line over the address 1.5 mm short", footer(BORDER, BORDER + f'<w:ind w:left="{round(1.5 * MM)}"/>'),
     {"đường kẻ trên địa chỉ cơ quan"}),
    ("the line over the address 0.5 mm short", footer(BORDER, BORDER + f'<w:ind w:left="{round(0.25 * MM)}" '
                                                               f'w:right="{round(0.25 * MM)}"/>'), set()),
    ("an empty first-page footer", lambda parts: parts.update({"word/footer1.xml": re.sub(
        r"<w:p>.*</w:p>", "<w:p/>", parts["word/footer1.xml"])}), set()),
]


def test_the_clean_plan_has_no_finding(clean, tmp_path):
    assert _findings(dict(clean), tmp_path) == []


@pytest.mark.parametrize("name, edit, expected", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_each_defect_gives_exactly_its_finding(clean, tmp_path, name, edit, expected):
    parts = dict(clean)
    edit(parts)
    assert {f.rule for f in _findings(parts, tmp_path)} == expected


@pytest.mark.parametrize("text, clause", [("MẬT", "Phụ lục I, mục III.2.a"), ("THƯỢNG KHẨN", "Phụ lục I, mục III.2.b")])
def test_a_stamp_finding_names_its_clause_what_is_due_and_what_was_found(clean, tmp_path, text, clause):
    parts = dict(clean)
    stamp_width(text, -1.5)(parts)
    (finding,) = _findings(parts, tmp_path)
    want = {"MẬT": "20", "THƯỢNG KHẨN": "40"}[text]
    assert (finding.clause, finding.expected) == (clause, f"khung rộng {want} mm")
    assert finding.found == f"khung rộng {int(want) - 2},5 mm"
    assert finding.severity == "loi"


def test_the_address_finding_says_what_was_found(clean, tmp_path):
    parts = dict(clean)
    footer(FIRST_ADDRESS_RUN, '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số 165')(parts)
    (finding,) = _findings(parts, tmp_path)
    assert (finding.expected, finding.found, finding.clause) == ("chữ đứng, không đậm", "chữ đậm", "Phụ lục I, mục III.4")
    parts = dict(clean)
    footer(FIRST_ADDRESS_RUN, '<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">Số 165')(parts)
    (finding,) = _findings(parts, tmp_path)
    assert (finding.expected, finding.found) == ("11–12 pt", "10 pt")
    parts = dict(clean)
    footer(BORDER, "")(parts)
    (finding,) = _findings(parts, tmp_path)
    assert finding.found == "không có"


def test_the_typist_finding_quotes_the_initials(clean, tmp_path):
    parts = dict(clean)
    document("Lưu: VT, PL.(300).", "Lưu: VT, pl.(300).")(parts)
    (finding,) = _findings(parts, tmp_path)
    assert (finding.expected, finding.found, finding.clause) == ("chữ in hoa", '"pl"', "Phụ lục I, mục III.3")


def test_initials_are_judged_on_the_luu_line_only(clean, tmp_path):
    """A sentence that happens to end like ", ab.(2)" is the clerk's own text, not the typist's mark."""
    parts = dict(clean)
    document(">Một ý (chi tiết tại Phụ lục kèm theo)", ">Một ý, in tại chỗ, ab.(2)")(parts)
    assert _findings(parts, tmp_path) == []
