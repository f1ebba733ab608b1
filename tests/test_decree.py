"""The decree's numbers, as the decree states them.

Each value below is written out as the promise kehoach makes to a clerk, with
the clause of Decree 30/2020/NĐ-CP, Phụ lục I it comes from (see
../shared/nd30.md), never read back from ``decree.py``: a change to the
module that the decree did not make fails here, whatever the writer and the
checker would make of it (they both read the module, so they would agree on
the wrong number).
"""

from __future__ import annotations

import dataclasses

import pytest

from kehoach import decree

I3 = "Phụ lục I, mục I.3"


def test_paper_is_a4_only():  # I.1
    assert decree.PAPER_MM == (210, 297)


@pytest.mark.parametrize("side, low, high, preferred", [
    ("tren", 20, 25, 20),  # I.3: lề trên 20–25 mm
    ("duoi", 20, 25, 20),  # lề dưới 20–25 mm
    ("trai", 30, 35, 30),  # lề trái 30–35 mm
    ("phai", 15, 20, 15),  # lề phải 15–20 mm
])
def test_margins_are_the_ranges_of_clause_I3(side, low, high, preferred):
    margin = decree.MARGINS[side]
    assert (margin.low, margin.high, margin.preferred, margin.clause) == (low, high, preferred, I3)


def test_a_margin_range_holds_its_ends_and_a_twentieth_of_a_millimetre_of_rounding():
    right = decree.MARGINS["phai"]  # 15–20 mm
    assert right.contains(15) and right.contains(20) and right.contains(17.5)
    assert right.contains(14.96) and right.contains(20.04)  # Word stores twips: 15 mm may read 14.99
    assert not right.contains(14.9) and not right.contains(20.1) and not right.contains(14)
    assert right.contains(14.5, tolerance=0.6) and not right.contains(14.5, tolerance=0.4)


def test_header_and_footer_sit_10_mm_from_the_edge():  # the official Phụ lục files' sectPr
    assert (decree.HEADER_DISTANCE_MM, decree.FOOTER_DISTANCE_MM) == (10, 10)


def test_body_paragraph_rules_of_clause_II6e():
    assert decree.FIRST_LINE_INDENTS_CM == (1.0, 1.27)  # "lùi đầu dòng 1 cm hoặc 1,27 cm"
    spacing = decree.LINE_SPACING  # "tối thiểu là dòng đơn, tối đa là 1,5 lines"
    assert (spacing.low, spacing.high, spacing.preferred, spacing.clause) == (1.0, 1.5, 1.0, "Phụ lục I, mục II.6.e")
    assert decree.PARAGRAPH_SPACING_MIN_PT == 6  # "khoảng cách giữa các đoạn văn tối thiểu là 6pt"
    assert decree.PARAGRAPH_SPACING_PT == 6  # Mẫu 1.4: 6 pt before, 0 after


def test_font_is_black_times_new_roman_in_vietnamese():  # I.4
    assert (decree.FONT_NAME, decree.FONT_COLOR, decree.LANGUAGE) == ("Times New Roman", "000000", "vi-VN")


def test_two_size_sets_and_14_pt_by_default():  # V, footnote 1; Mẫu 1.4 uses 14 pt body text
    assert decree.SIZE_SETS == (13, 14)
    assert decree.DEFAULT_SIZE_SET == 14


# role: size in the 13 set, size in the 14 set, the decree's range, style, alignment, space before/after, clause.
# Style letters: B bold, I italic, C IN HOA, F first-line indent, K kept with the next paragraph,
# O written into the style sheet only on demand (a new role leaves earlier plans' bytes unchanged).
ROLES = [
    ("quoc_hieu", 12, 13, (12, 13), "BC", "center", 0, 0, "Phụ lục I, mục II.1.a"),
    ("tieu_ngu", 13, 14, (13, 14), "B", "center", 0, 0, "Phụ lục I, mục II.1.b"),
    ("co_quan_chu_quan", 12, 13, (12, 13), "C", "center", 0, 0, "Phụ lục I, mục II.2"),
    ("co_quan", 12, 13, (12, 13), "BC", "center", 0, 0, "Phụ lục I, mục II.2.b"),
    ("so_ky_hieu", 13, 13, (13, 13), "", "center", 6, 0, "Phụ lục I, mục II.3.c"),
    ("dia_danh_ngay", 13, 14, (13, 14), "I", "center", 6, 0, "Phụ lục I, mục II.4"),
    ("dia_danh_ngay_dai", 13, 13, (13, 14), "I", "center", 6, 0, "Phụ lục I, mục II.4"),  # the 13 pt of the range
    ("ten_loai", 13, 14, (13, 14), "BCK", "center", 18, 0, "Phụ lục I, mục II.5.b"),
    ("trich_yeu", 13, 14, (13, 14), "BK", "center", 0, 0, "Phụ lục I, mục II.5.b"),
    ("can_cu", 13, 14, (13, 14), "IF", "both", 6, 0, "Phụ lục I, mục II.6.a"),
    ("noi_dung", 13, 14, (13, 14), "F", "both", 6, 0, "Phụ lục I, mục II.6.e"),
    ("tieu_de_1", 13, 14, (13, 14), "BCFK", "both", 6, 0, "Phụ lục I, mục V (6b)"),
    ("tieu_de_2", 13, 14, (13, 14), "BFK", "both", 6, 0, "Phụ lục I, mục V (6b)"),
    ("tieu_de_3", 13, 14, (13, 14), "BIFK", "both", 6, 0, "Phụ lục I, mục V (6b)"),
    ("tieu_de_4", 13, 14, (13, 14), "IFK", "both", 6, 0, "Phụ lục I, mục V (6b)"),
    ("quyen_han", 13, 14, (13, 14), "BC", "center", 0, 0, "Phụ lục I, mục II.7.đ"),
    ("ho_ten", 13, 14, (13, 14), "B", "center", 0, 0, "Phụ lục I, mục II.7.c-đ"),
    ("duoi_ten", 13, 14, (13, 14), "", "center", 0, 0, "practice"),
    ("noi_nhan_nhan", 12, 12, (12, 12), "BI", "left", 0, 0, "Phụ lục I, mục II.9.d"),
    ("noi_nhan", 11, 11, (11, 11), "", "left", 0, 0, "Phụ lục I, mục II.9.d"),
    ("so_trang", 13, 14, (13, 14), "", "center", 0, 0, "Phụ lục I, mục I.7"),
    ("phu_luc_nhan", 14, 14, (14, 14), "BK", "center", 0, 0, "Phụ lục I, mục III.1"),
    ("phu_luc_tieu_de", 13, 14, (13, 14), "BCK", "center", 0, 0, "Phụ lục I, mục III.1"),
    ("kem_theo", 13, 14, (13, 14), "IK", "center", 0, 0, "Phụ lục I, mục III.1"),
    ("bang_dau", 12, 13, (11, 14), "B", "center", 0, 0, "practice"),
    ("bang_so_cot", 12, 13, (11, 14), "I", "center", 0, 0, "practice"),
    ("bang_nhom", 12, 13, (11, 14), "BK", "left", 0, 0, "practice"),  # kept with the row after it (issue 11)
    ("bang_stt", 12, 13, (11, 14), "", "center", 0, 0, "practice"),
    ("bang_o", 12, 13, (11, 14), "", "left", 0, 0, "practice"),
    ("bang_ghi_chu", 12, 13, (11, 14), "I", "both", 6, 0, "practice"),
    ("duong_ke", 4, 4, (1, 14), "", "left", 0, 0, "nd30.md §8"),
    # the other kinds of document (O: written into the style sheet only by a document that uses it)
    ("kinh_gui", 13, 14, (13, 14), "O", "left", 12, 0, "Phụ lục I, mục II.9.b"),  # ô 9a: upright, 13–14 pt
    ("kinh_gui_muc", 13, 14, (13, 14), "O", "left", 0, 0, "Phụ lục I, mục II.9.b"),
    ("kinh_gui_ghi_chu", 13, 14, (13, 14), "O", "left", 0, 0, "Phụ lục I, mục II.9.b"),
    ("tham_quyen", 13, 14, (13, 14), "BCKO", "center", 12, 6, "Phụ lục III, Mẫu 1.3"),
    ("quyet_dinh", 13, 14, (13, 14), "BCKO", "center", 6, 0, "Phụ lục III, Mẫu 1.3"),
    ("trich_yeu_cong_van", 12, 12, (12, 13), "O", "center", 6, 0, "Phụ lục I, mục II.5.b"),  # "V/v": 12–13 pt
    ("chu_thich", 12, 12, (10, 14), "O", "both", 0, 0, "Phụ lục I, mục V, chú thích 1 (practice)"),
]


@pytest.mark.parametrize("name, size13, size14, allowed, style, align, before, after, clause", ROLES,
                         ids=[r[0] for r in ROLES])
def test_each_element_looks_as_the_decree_says(name, size13, size14, allowed, style, align, before, after, clause):
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


def test_a_role_without_a_word_of_its_own_is_plain_justified_text():
    """The defaults of a role are the plain body look: what a new role gets unless the decree says more."""
    plain = decree.Role("x", "c", ((13, 13.0), (14, 14.0)), (13, 14))
    assert (plain.bold, plain.italic, plain.caps, plain.first_line_indent, plain.keep_next,
            plain.on_demand) == (False,) * 6
    assert (plain.align, plain.space_before_pt, plain.space_after_pt) == ("both", 0, 0)


# the short solid lines: a fraction of the text line above, the clause, the air after
SHORT_LINES = [
    ("co_quan", 1 / 3, 1 / 2, 0.42, "Phụ lục I, mục II.2.b", 0),  # "từ 1/3 đến 1/2 độ dài của dòng chữ"
    ("tieu_ngu", 1.0, 1.0, 1.0, "Phụ lục I, mục II.1.b", 0),  # "có độ dài bằng độ dài của dòng chữ"
    ("trich_yeu", 1 / 3, 1 / 2, 0.42, "Phụ lục I, mục II.5.b", 6),
    ("kem_theo", 1 / 3, 1 / 2, 0.35, "Phụ lục III, Mẫu 2.1 (practice)", 12),
]


@pytest.mark.parametrize("kind, low, high, preferred, clause, after", SHORT_LINES, ids=[s[0] for s in SHORT_LINES])
def test_short_lines_are_the_decree_fractions(kind, low, high, preferred, clause, after):
    line = decree.SHORT_LINES[kind]
    assert (line.low, line.high, line.preferred) == pytest.approx((low, high, preferred))
    assert line.clause == clause
    assert line.space_after_pt == after
    assert decree.ShortLine(0.1, 0.2, 0.15, "c").space_after_pt == 0


def test_short_line_is_drawn_0_75_pt_thick_in_a_5_pt_paragraph():
    assert decree.SHORT_LINE_WEIGHT_EIGHTHS == 6  # w:sz="6": eighths of a point
    assert decree.SHORT_LINE_HEIGHT_PT == 5


def test_fixed_words_of_the_header():
    assert decree.QUOC_HIEU == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # II.1.a
    assert decree.TIEU_NGU == "Độc lập - Tự do - Hạnh phúc"  # II.1.b: gạch nối (-), có cách chữ
    assert decree.TEN_LOAI == "KẾ HOẠCH"


def test_layout_numbers_of_the_header_and_signature_block():
    assert decree.RIGHT_COLUMN_MIN_MM == 100  # Mẫu 1.4: a 13 pt bold Quốc hiệu (95.7 mm) fits on one line
    assert decree.COLUMN_SPARE_MM == 2  # beside a line measured to fit its column
    assert decree.SIGNATURE_BLOCK_GAP_MM == 4
    assert (decree.SIGNATURE_LINES_MIN, decree.SIGNATURE_LINES) == (3, 4)  # 3–4 empty lines for the signature
    assert decree.BLANK_NUMBER == " " * 6 and decree.BLANK_DAY == " " * 5  # "Số:      /KH-UBND"


def test_numbering_letters_bullets_and_signer_markers():
    # II.6.đ: điểm are Vietnamese letters, which have no f, j, w, z
    assert decree.VIETNAMESE_LETTERS == ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o",
                                         "p", "q", "r", "s", "t", "u", "v", "x", "y"]
    assert decree.DEFAULT_NUMBERING == ("I", "1", "1.1", "a")
    assert decree.BULLETS == ("-", "+")
    assert decree.SIGNER_MARKERS == ("TM", "KT", "Q", "TL", "TUQ")  # II.7.b


def test_the_decree_cannot_be_changed_by_a_running_program():
    """A batch renders thousands of plans in one process: none may alter the rules for the next."""
    for value in (decree.MARGINS["tren"], decree.ROLES["noi_dung"], decree.SHORT_LINES["co_quan"],
                  decree.KEEP_TOGETHER["chu_ky"], decree.KINDS["ke-hoach"]):
        field = dataclasses.fields(value)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, 0)
    with pytest.raises(TypeError):
        decree.ROLES["noi_dung"] = decree.ROLES["can_cu"]  # type: ignore[index]
    with pytest.raises(TypeError):
        decree.MARGINS["tren"] = decree.MARGINS["duoi"]  # type: ignore[index]
    with pytest.raises(TypeError):
        decree.SHORT_LINES["co_quan"] = decree.SHORT_LINES["tieu_ngu"]  # type: ignore[index]


def test_the_header_and_the_signature_block_hold_together():
    header, signature = decree.KEEP_TOGETHER["dau_trang"], decree.KEEP_TOGETHER["chu_ky"]
    assert (header.cant_split, header.with_previous) == (True, False)
    assert (signature.cant_split, signature.with_previous) == (True, True)  # never a signature alone on a page
    assert header.clause == "Phụ lục I, mục IV (sơ đồ bố trí)"


def test_the_kinds_of_document_and_their_symbols():  # Phụ lục III, Bảng chữ viết tắt
    kinds = {k: (v.ten_loai, v.symbol, v.sample) for k, v in decree.KINDS.items()}
    assert kinds == {
        "ke-hoach": ("KẾ HOẠCH", "KH", "Phụ lục III, Mẫu 1.4"),
        "quyet-dinh": ("QUYẾT ĐỊNH", "QĐ", "Phụ lục III, Mẫu 1.3"),
        "bao-cao": ("BÁO CÁO", "BC", "Phụ lục III, Mẫu 1.4"),
        "cong-van": (None, None, "Phụ lục III, Mẫu 1.5"),
    }
    assert decree.DEFAULT_KIND == "ke-hoach"
    assert (decree.KINH_GUI, decree.KINH_GUI_INDENT_MM, decree.TRICH_YEU_CONG_VAN) == ("Kính gửi", 35, "V/v")
    assert (decree.QUYET_DINH_LINE, decree.DIEU, decree.DE_NGHI) == ("QUYẾT ĐỊNH:", "Điều",
                                                                     ("Theo đề nghị", "Xét đề nghị"))
    assert dict(decree.NOI_NHAN_FIRST) == {"quyet-dinh": "Như Điều", "cong-van": "Như trên"}
    assert decree.KEM_THEO_WORDS == "Ban hành kèm theo"
