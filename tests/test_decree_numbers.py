"""The decree's numbers that tests/test_decree.py does not state yet, as the decree states them.

The elements added after the first Kế hoạch (the urgency and secrecy stamps, the draft box,
the contact line, the tables' titles and units, the appendix's signature line), the heading
looks a plan may choose, and the margin ranges read with no tolerance (how the plan loader
reads them). Every value is written out with the clause of Decree 30/2020/NĐ-CP it comes from
(../shared/nd30.md), never read back from ``decree.py``: the writer and the checker both read
the module, so a changed number there would be written and accepted alike.
"""

from __future__ import annotations

import pytest

from kehoach import decree
from kehoach.plan import model

# role: size in the 13 set, size in the 14 set, the decree's range, style, alignment, space before/after, clause.
# Style letters as in tests/test_decree.py: B bold, I italic, C IN HOA, F first-line indent,
# K kept with the next paragraph, O written into the style sheet only by a document that uses it.
ROLES = [
    # Ô 10a/10b, III.2.a–b: the stamp's words "IN HOA, 13–14 pt, đứng, đậm", centred, 6 pt from the header.
    ("dau_muc_do", 13, 14, (13, 14), "BCO", "center", 6, 0, "Phụ lục I, mục III.2"),
    # The "DỰ THẢO" box framed like the circulation notes of ô 11 (III.2.c: IN HOA 13–14 pt bold).
    ("du_thao", 13, 14, (13, 14), "BCO", "center", 0, 0, "Phụ lục I, mục III.2.c (practice)"),
    # Ô 13, III.4: address, e-mail, phone "11–12 pt, đứng", printed at 11 pt in both sets.
    ("lien_he", 11, 11, (11, 12), "O", "left", 0, 0, "Phụ lục I, mục III.4"),
    # A table's own title ("Biểu 01: …") bold, centred and kept with its table; its unit line italic at the right.
    ("bang_tieu_de", 13, 14, (12, 14), "BKO", "center", 6, 0, "practice"),
    ("bang_don_vi", 12, 13, (11, 14), "IKO", "right", 6, 0, "practice"),
    # The note under the chức vụ on the signature line of a form given as an appendix, italic.
    ("ky_phu_luc_ghi_chu", 13, 14, (13, 14), "IO", "center", 0, 0, "practice"),
    # An appendix's trích yếu under its title, bold, lowercase, kept with what follows.
    ("phu_luc_trich_yeu", 13, 14, (13, 14), "BKO", "center", 0, 0, "Phụ lục I, mục III.1 (practice)"),
]


@pytest.mark.parametrize("name, size13, size14, allowed, style, align, before, after, clause", ROLES,
                         ids=[r[0] for r in ROLES])
def test_each_later_element_looks_as_the_decree_says(name, size13, size14, allowed, style, align, before, after,
                                                     clause):
    role = decree.ROLES[name]
    assert role.name == name and role.clause == clause
    assert (role.size(13), role.size(14)) == (size13, size14)
    assert role.allowed == allowed
    assert allowed[0] <= size13 <= allowed[1] and allowed[0] <= size14 <= allowed[1]
    flags = {"B": role.bold, "I": role.italic, "C": role.caps, "F": role.first_line_indent, "K": role.keep_next,
             "O": role.on_demand}
    assert "".join(letter for letter, on in flags.items() if on) == style
    assert role.align == align
    assert (role.space_before_pt, role.space_after_pt) == (before, after)


def test_every_role_of_the_decree_has_its_look_stated_in_a_test():
    """A role added to decree.py without its numbers written down in a test is a number nobody pins."""
    from tests.test_decree import ROLES as FIRST_ROLES

    stated = {r[0] for r in FIRST_ROLES} | {r[0] for r in ROLES}
    assert set(decree.ROLES) == stated


def test_urgency_stamps_have_the_sizes_of_clause_III2b():
    # III.2.b: "HỎA TỐC 30 mm × 8 mm, THƯỢNG KHẨN 40 mm × 8 mm, KHẨN 20 mm × 8 mm"
    assert dict(decree.URGENCY_MARKS) == {"KHẨN": 20, "THƯỢNG KHẨN": 40, "HỎA TỐC": 30}
    assert decree.MARK_HEIGHT_MM == 8


def test_secrecy_stamps_have_the_sizes_of_the_state_secrets_rules():
    # III.2.a sends độ mật to the state-secrets law; Thông tư 24/2020/TT-BCA engraves the three
    # stamps 20, 30 and 40 mm wide, all 8 mm high, in the same frame as the urgency stamps.
    assert dict(decree.SECRECY_MARKS) == {"MẬT": 20, "TỐI MẬT": 30, "TUYỆT MẬT": 40}
    assert decree.MARK_COLOR == "FF0000"  # "màu đỏ tươi"
    assert decree.DRAFT_LABEL == "DỰ THẢO"
    assert decree.CONTACT_RULE_WEIGHT_EIGHTHS == 6  # ô 13's solid line, 0.75 pt like the short lines


def test_a_form_given_as_an_appendix_keeps_its_signature_line_on_one_page_with_the_text_above():
    sign = decree.KEEP_TOGETHER["ky_phu_luc"]
    assert (sign.cant_split, sign.with_previous) == (True, True)  # placed like the signer's block (II.7)
    assert sign.clause == "Phụ lục I, mục II.7 (thực tiễn)"
    assert decree.KEEP_TOGETHER["chu_ky"].clause == "Phụ lục I, mục II.7, II.9 (thực tiễn)"


def test_the_heading_looks_a_plan_may_choose():
    # (bold, italic, IN HOA). Mục V (6b): the Roman level IN HOA bold, level 2 bold; practice below.
    assert decree.HEADING_STYLES == ("in_hoa_dam", "dam", "dam_nghieng", "nghieng", "thuong")
    assert dict(decree.HEADING_LOOK) == {
        "in_hoa_dam": (True, False, True),
        "dam": (True, False, False),
        "dam_nghieng": (True, True, False),
        "nghieng": (False, True, False),
        "thuong": (False, False, False),
    }


def test_a_blank_result_of_a_bao_cao_is_a_line_of_twenty_ellipses_to_fill_by_hand():
    assert decree.BLANK_RESULT == "…" * 20
    assert len(decree.BLANK_RESULT) == 20 and set(decree.BLANK_RESULT) == {"…"}


@pytest.mark.parametrize("side, low, high", [("tren", 20, 25), ("duoi", 20, 25), ("trai", 30, 35),
                                             ("phai", 15, 20)])
def test_a_plan_may_set_each_margin_to_either_end_of_clause_I3_and_no_further(side, low, high):
    """The loader reads the ranges with no tolerance: both ends are the decree's, a tenth past either is not."""
    assert model.Le(**{side: low}).model_dump()[side] == low
    assert model.Le(**{side: high}).model_dump()[side] == high
    margin = decree.MARGINS[side]
    assert margin.contains(low, tolerance=0) and margin.contains(high, tolerance=0)
    assert not margin.contains(low - 0.1, tolerance=0) and not margin.contains(high + 0.1, tolerance=0)
    for outside in (low - 0.1, high + 0.1):
        with pytest.raises(ValueError, match=f"{low}–{high} mm, Phụ lục I, mục I.3"):
            model.Le(**{side: outside})
