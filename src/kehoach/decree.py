"""Decree 30/2020/NĐ-CP, Phụ lục I, as data: the one place its numbers live.

The writer renders the *preferred* value of each rule; the checker (later)
tests the *allowed* range. Both read this module, so they cannot drift apart.
Every rule cites its clause in Phụ lục I ([P1]) or the official sample file
Mẫu 1.4 of Phụ lục III ([P3]); "practice" marks common usage the decree does
not fix (see ../shared/nd30.md).

Units: lengths in millimetres, font sizes in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# ---------------------------------------------------------------- page ----

PAPER_MM = (210.0, 297.0)  # A4 only, [P1] I.1


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    preferred: float
    clause: str

    def contains(self, value: float, tolerance: float = 0.05) -> bool:
        return self.low - tolerance <= value <= self.high + tolerance


MARGINS = MappingProxyType(
    {
        # [P1] I.3. Preferred values are the common commune practice
        # 20/20/30/15 named by the issue; the official file uses 25/20/35/20.
        "tren": Range(20, 25, 20, "Phụ lục I, mục I.3"),
        "duoi": Range(20, 25, 20, "Phụ lục I, mục I.3"),
        "trai": Range(30, 35, 30, "Phụ lục I, mục I.3"),
        "phai": Range(15, 20, 15, "Phụ lục I, mục I.3"),
    }
)
HEADER_DISTANCE_MM = 10.0  # official Phuluc1/Phuluc3 sectPr
FOOTER_DISTANCE_MM = 10.0

FIRST_LINE_INDENTS_CM = (1.0, 1.27)  # [P1] II.6.e: "1 cm hoặc 1,27 cm"
LINE_SPACING = Range(1.0, 1.5, 1.0, "Phụ lục I, mục II.6.e")  # lines
PARAGRAPH_SPACING_MIN_PT = 6.0  # [P1] II.6.e: "tối thiểu là 6pt"
PARAGRAPH_SPACING_PT = 6.0  # Mẫu 1.4: space-before 6 pt, after 0

FONT_NAME = "Times New Roman"  # [P1] I.4
FONT_COLOR = "000000"  # [P1] I.4: màu đen
LANGUAGE = "vi-VN"

# ------------------------------------------------------------ elements ----


@dataclass(frozen=True)
class Role:
    """How one element of the document looks.

    ``sizes`` maps the document's size set (13 or 14, the body size) to the
    point size of this element, so that the whole document follows one
    consistent set ([P1-V] footnote 1). ``allowed`` is the decree's range.
    """

    name: str
    clause: str
    sizes: tuple[tuple[int, float], ...]
    allowed: tuple[float, float]
    bold: bool = False
    italic: bool = False
    caps: bool = False
    align: str = "both"  # left | center | right | both (justified)
    first_line_indent: bool = False
    space_before_pt: float = 0.0
    space_after_pt: float = 0.0
    keep_next: bool = False
    # Written into the style sheet only by documents that use it: a role added
    # for a new element leaves the bytes of every plan written before unchanged.
    on_demand: bool = False

    def size(self, size_set: int) -> float:
        return dict(self.sizes)[size_set]


def _sizes(for13: float, for14: float) -> tuple[tuple[int, float], ...]:
    return ((13, for13), (14, for14))


SIZE_SETS = (13, 14)  # body size; set 14 = [P1-V] example A, set 13 = example B
DEFAULT_SIZE_SET = 14  # Mẫu 1.4 uses 14 pt body text

_BODY = dict(align="both", first_line_indent=True, space_before_pt=PARAGRAPH_SPACING_PT)

ROLES: MappingProxyType[str, Role] = MappingProxyType(
    {
        r.name: r
        for r in (
            Role("quoc_hieu", "Phụ lục I, mục II.1.a", _sizes(12, 13), (12, 13), bold=True, caps=True, align="center"),
            Role("tieu_ngu", "Phụ lục I, mục II.1.b", _sizes(13, 14), (13, 14), bold=True, align="center"),
            Role("co_quan_chu_quan", "Phụ lục I, mục II.2", _sizes(12, 13), (12, 13), caps=True, align="center"),
            Role("co_quan", "Phụ lục I, mục II.2.b", _sizes(12, 13), (12, 13), bold=True, caps=True, align="center"),
            Role("so_ky_hieu", "Phụ lục I, mục II.3.c", _sizes(13, 13), (13, 13), align="center", space_before_pt=6),
            Role("dia_danh_ngay", "Phụ lục I, mục II.4", _sizes(13, 14), (13, 14), italic=True, align="center", space_before_pt=6),
            # The same line at the decree's smaller size, for a place name too long to fit
            # the column at 14 pt ("Thành phố Hồ Chí Minh, ngày …"): one line, not two.
            Role("dia_danh_ngay_dai", "Phụ lục I, mục II.4", _sizes(13, 13), (13, 14), italic=True, align="center", space_before_pt=6),
            Role("ten_loai", "Phụ lục I, mục II.5.b", _sizes(13, 14), (13, 14), bold=True, caps=True, align="center", space_before_pt=18, keep_next=True),
            Role("trich_yeu", "Phụ lục I, mục II.5.b", _sizes(13, 14), (13, 14), bold=True, align="center", keep_next=True),
            Role("can_cu", "Phụ lục I, mục II.6.a", _sizes(13, 14), (13, 14), italic=True, **_BODY),
            Role("noi_dung", "Phụ lục I, mục II.6.e", _sizes(13, 14), (13, 14), **_BODY),
            # Headings: [P1] II.6.đ and Mục V row 6b. Level 1 (I., II.) is
            # IN HOA bold; level 2 (1., 2.) with a title is bold. The decree
            # does not style deeper levels; practice sets 1.1. bold italic
            # and a) italic, which keeps the four levels apart.
            Role("tieu_de_1", "Phụ lục I, mục V (6b)", _sizes(13, 14), (13, 14), bold=True, caps=True, keep_next=True, **_BODY),
            Role("tieu_de_2", "Phụ lục I, mục V (6b)", _sizes(13, 14), (13, 14), bold=True, keep_next=True, **_BODY),
            Role("tieu_de_3", "Phụ lục I, mục V (6b)", _sizes(13, 14), (13, 14), bold=True, italic=True, keep_next=True, **_BODY),
            Role("tieu_de_4", "Phụ lục I, mục V (6b)", _sizes(13, 14), (13, 14), italic=True, keep_next=True, **_BODY),
            Role("quyen_han", "Phụ lục I, mục II.7.đ", _sizes(13, 14), (13, 14), bold=True, caps=True, align="center"),
            Role("ho_ten", "Phụ lục I, mục II.7.c-đ", _sizes(13, 14), (13, 14), bold=True, align="center"),
            Role("duoi_ten", "practice", _sizes(13, 14), (13, 14), align="center"),
            Role("noi_nhan_nhan", "Phụ lục I, mục II.9.d", _sizes(12, 12), (12, 12), bold=True, italic=True, align="left"),
            Role("noi_nhan", "Phụ lục I, mục II.9.d", _sizes(11, 11), (11, 11), align="left"),
            Role("so_trang", "Phụ lục I, mục I.7", _sizes(13, 14), (13, 14), align="center"),
            Role("phu_luc_nhan", "Phụ lục I, mục III.1", _sizes(14, 14), (14, 14), bold=True, align="center", keep_next=True),
            Role("phu_luc_tieu_de", "Phụ lục I, mục III.1", _sizes(13, 14), (13, 14), bold=True, caps=True, align="center", keep_next=True),
            Role("kem_theo", "Phụ lục I, mục III.1", _sizes(13, 14), (13, 14), italic=True, align="center", keep_next=True),
            # Tables are not sized by the decree; practice is one or two
            # points under the body size.
            Role("bang_dau", "practice", _sizes(12, 13), (11, 14), bold=True, align="center"),
            Role("bang_so_cot", "practice", _sizes(12, 13), (11, 14), italic=True, align="center"),
            # A group row keeps with the row after it: never alone at the foot of a page.
            Role("bang_nhom", "practice", _sizes(12, 13), (11, 14), bold=True, align="left", keep_next=True),
            Role("bang_stt", "practice", _sizes(12, 13), (11, 14), align="center"),
            Role("bang_o", "practice", _sizes(12, 13), (11, 14), align="left"),
            Role("bang_ghi_chu", "practice", _sizes(12, 13), (11, 14), italic=True, align="both", space_before_pt=6),
            # The empty paragraph that carries a short line (nd30.md §8).
            Role("duong_ke", "nd30.md §8", _sizes(4, 4), (1, 14), align="left"),
            # Ô 9a, [P1] II.9.b: "Kính gửi:" and its recipients, lowercase, upright, 13-14 pt.
            # Mẫu 1.5 sets the label 35 mm in (w:firstLine 1982) after a 12 pt gap; the
            # recipients' dashes line up under its colon (KINH_GUI_INDENT_MM, the writer).
            Role("kinh_gui", "Phụ lục I, mục II.9.b", _sizes(13, 14), (13, 14), align="left", space_before_pt=12,
                 on_demand=True),
            Role("kinh_gui_muc", "Phụ lục I, mục II.9.b", _sizes(13, 14), (13, 14), align="left", on_demand=True),
            Role("kinh_gui_ghi_chu", "Phụ lục I, mục II.9.b", _sizes(13, 14), (13, 14), align="left",
                 on_demand=True),
            # Mẫu 1.3: the authority that issues a Quyết định, IN HOA bold centred after an empty
            # line; "QUYẾT ĐỊNH:" bold centred, 6 pt before (w:before 120), before Điều 1.
            Role("tham_quyen", "Phụ lục III, Mẫu 1.3", _sizes(13, 14), (13, 14), bold=True, caps=True,
                 align="center", space_before_pt=12, space_after_pt=6, keep_next=True, on_demand=True),
            Role("quyet_dinh", "Phụ lục III, Mẫu 1.3", _sizes(13, 14), (13, 14), bold=True, caps=True,
                 align="center", space_before_pt=6, keep_next=True, on_demand=True),
            # Ô 5b, [P1] II.5.b: a Công văn's trích yếu after "V/v", lowercase, upright, 12-13 pt,
            # centred under the number, 6 pt from it (Mẫu 1.5 and [P1-V] print 12 pt).
            Role("trich_yeu_cong_van", "Phụ lục I, mục II.5.b", _sizes(12, 12), (12, 13), align="center",
                 space_before_pt=6, on_demand=True),
            # Footnote text: the decree's own footnote (Phụ lục I, Mục V) is
            # justified, single-spaced, the mark in superscript then a space.
            # Its size is not fixed; practice is a little under the body.
            # Ô 10a/10b and the draft box: see SECRECY_MARKS, URGENCY_MARKS, DRAFT_LABEL.
            Role("dau_muc_do", "Phụ lục I, mục III.2", _sizes(13, 14), (13, 14), bold=True, caps=True,
                 align="center", space_before_pt=6, on_demand=True),
            Role("du_thao", "Phụ lục I, mục III.2.c (practice)", _sizes(13, 14), (13, 14), bold=True, caps=True,
                 align="center", on_demand=True),
            Role("lien_he", "Phụ lục I, mục III.4", _sizes(11, 11), (11, 12), align="left", on_demand=True),
            # A table in the body or a second table of an appendix ("Biểu 01: …"):
            # its title bold and centred, its unit line ("Đơn vị: triệu đồng")
            # italic at the right above it, as offices print them (practice).
            Role("bang_tieu_de", "practice", _sizes(13, 14), (12, 14), bold=True, align="center", space_before_pt=6,
                 keep_next=True, on_demand=True),
            Role("bang_don_vi", "practice", _sizes(12, 13), (11, 14), italic=True, align="right", space_before_pt=6,
                 keep_next=True, on_demand=True),
            Role("ky_phu_luc_ghi_chu", "practice", _sizes(13, 14), (13, 14), italic=True, align="center",
                 on_demand=True),
            Role("phu_luc_trich_yeu", "Phụ lục I, mục III.1 (practice)", _sizes(13, 14), (13, 14), bold=True,
                 align="center", keep_next=True, on_demand=True),
            Role("chu_thich", "Phụ lục I, mục V, chú thích 1 (practice)", _sizes(12, 12), (10, 14), align="both",
                 on_demand=True),
        )
    }
)

# ---------------------------------------------------------- short lines ----


@dataclass(frozen=True)
class ShortLine:
    """A solid line under a heading, as a fraction of the line above it."""

    low: float
    high: float
    preferred: float
    clause: str
    space_after_pt: float = 0.0  # air before what follows (a table under the Phụ lục heading)


SHORT_LINES = MappingProxyType(
    {
        "co_quan": ShortLine(1 / 3, 1 / 2, 0.42, "Phụ lục I, mục II.2.b"),
        "tieu_ngu": ShortLine(1.0, 1.0, 1.0, "Phụ lục I, mục II.1.b"),
        "trich_yeu": ShortLine(1 / 3, 1 / 2, 0.42, "Phụ lục I, mục II.5.b", space_after_pt=6),
        "kem_theo": ShortLine(1 / 3, 1 / 2, 0.35, "Phụ lục III, Mẫu 2.1 (practice)", space_after_pt=12),
    }
)
SHORT_LINE_WEIGHT_EIGHTHS = 6  # 0.75 pt, w:sz="6"
SHORT_LINE_HEIGHT_PT = 5.0  # the empty paragraph that carries the line: exactly this high

# ------------------------------------------------------------- layout ----

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # [P1] II.1.a
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"  # [P1] II.1.b
TEN_LOAI = "KẾ HOẠCH"
RIGHT_COLUMN_MIN_MM = 100.0  # Mẫu 1.4 header right column; fits a 13 pt Quốc hiệu
COLUMN_SPARE_MM = 2.0  # room left beside a line measured to fit its column, for renderers' rounding
SIGNATURE_BLOCK_GAP_MM = 4.0  # practice: a little air between the last paragraph and the signature block
SIGNATURE_LINES = 4  # practice: 3-4 empty lines for the wet signature (nd30.md row 15)
SIGNATURE_LINES_MIN = 3
BLANK_NUMBER = "      "  # printed for a number not yet given: "Số:      /KH-UBND"
BLANK_DAY = "     "

# --------------------------------------------------------- keep together ----


@dataclass(frozen=True)
class KeepTogether:
    """How a borderless layout table holds together across pages (Word and
    LibreOffice both honour ``cantSplit`` and ``keepNext``)."""

    cant_split: bool  # its row never splits over two pages
    with_previous: bool  # the paragraph before it keeps with it (keepNext)
    clause: str


KEEP_TOGETHER = MappingProxyType({
    "dau_trang": KeepTogether(True, False, "Phụ lục I, mục IV (sơ đồ bố trí)"),
    # Nơi nhận, quyền hạn, chức vụ and họ tên on one page, with the end of the last
    # paragraph: a signature alone on a page cannot be signed (issue 11).
    "chu_ky": KeepTogether(True, True, "Phụ lục I, mục II.7, II.9 (thực tiễn)"),
    # The signature line of a form given as an appendix ("LÃNH ĐẠO ĐƠN VỊ"), placed like the signer.
    "ky_phu_luc": KeepTogether(True, True, "Phụ lục I, mục II.7 (thực tiễn)"),
})

# Lines that break only between words, never inside one ("ẢNH / HƯỞNG" is one word on two lines).
UNBROKEN_WORDS = ("trich_yeu",)

# Numbering labels, [P1] II.6.đ. Vietnamese điểm letters skip f, j, w, z.
VIETNAMESE_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
DEFAULT_NUMBERING = ("I", "1", "1.1", "a")
BULLETS = ("-", "+")
# How a heading level may print, [P1] Mục V (6b) and practice: (bold, italic, upper case).
# The Roman level (mục) is always IN HOA bold; below it offices differ.
HEADING_STYLES = ("in_hoa_dam", "dam", "dam_nghieng", "nghieng", "thuong")
HEADING_LOOK = MappingProxyType({"in_hoa_dam": (True, False, True), "dam": (True, False, False),
                                 "dam_nghieng": (True, True, False), "nghieng": (False, True, False),
                                 "thuong": (False, False, False)})  # practice below điểm (nd30.md §3c)

# ------------------------------------------------------- other elements ----
# Phụ lục I, mục III.2.a–b: độ mật (ô 10a) and mức độ khẩn (ô 10b), each a
# stamp: the words IN HOA, Times New Roman 13–14 pt, upright, bold, centred in
# a single-bordered rectangle, in bright red ink. Khẩn sizes are the decree's
# own (III.2.b); độ mật follows the state-secrets rules (Thông tư 24/2020/TT-BCA
# engraves them in the same three sizes: MẬT 20, TỐI MẬT 30, TUYỆT MẬT 40 mm × 8 mm).
SECRECY_MARKS = MappingProxyType({"MẬT": 20.0, "TỐI MẬT": 30.0, "TUYỆT MẬT": 40.0})
URGENCY_MARKS = MappingProxyType({"KHẨN": 20.0, "THƯỢNG KHẨN": 40.0, "HỎA TỐC": 30.0})
MARK_HEIGHT_MM = 8.0
MARK_COLOR = "FF0000"  # "màu đỏ tươi"
# A draft's "DỰ THẢO" / "Dự thảo lần 2" box: the decree has no drawing of it;
# practice frames it like the circulation notes of ô 11 (III.2.c: IN HOA
# 13–14 pt bold, single border), black, above the header.
DRAFT_LABEL = "DỰ THẢO"
# Ô 12 ([P1] III.3): the typist's initials IN HOA and the number of copies in
# Arabic digits, 11 pt upright, at the end of the "Lưu:" line, as its sample "PL.(300)".
# Ô 13 ([P1] III.4): address, e-mail, website, phone, fax on page 1 only, lowercase,
# 11–12 pt upright, under a solid line the full width of the text block.
CONTACT_RULE_WEIGHT_EIGHTHS = 6

# Signature authority markers, [P1] II.7.b
SIGNER_MARKERS = ("TM", "KT", "Q", "TL", "TUQ")

# ---------------------------------------------------- document kinds ----


@dataclass(frozen=True)
class Kind:
    """One kind of document kehoach writes, as Phụ lục III draws it.

    ``symbol`` is the abbreviation of the kind that opens the ký hiệu
    ([P3] Bảng chữ viết tắt; [P1] II.3.b): ``76/KH-UBND``. A Công văn has
    neither a tên loại nor a symbol: its ký hiệu is the agency and the
    drafting unit (``12/UBND-VX``) and its trích yếu follows "V/v".
    """

    key: str  # the plan file's ``loai``
    ten_loai: str | None
    symbol: str | None
    sample: str


KINDS = MappingProxyType({k.key: k for k in (
    Kind("ke-hoach", "KẾ HOẠCH", "KH", "Phụ lục III, Mẫu 1.4"),
    Kind("quyet-dinh", "QUYẾT ĐỊNH", "QĐ", "Phụ lục III, Mẫu 1.3"),
    Kind("bao-cao", "BÁO CÁO", "BC", "Phụ lục III, Mẫu 1.4"),
    Kind("cong-van", None, None, "Phụ lục III, Mẫu 1.5"),
)})
DEFAULT_KIND = "ke-hoach"

# The abbreviation of each kind that opens a ký hiệu ([P3] Bảng chữ viết tắt), by tên loại.
TYPE_SYMBOLS = MappingProxyType({
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr", "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC", "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr",
})

BLANK_RESULT = "…" * 20  # a Báo cáo's result not written yet: dots to fill by hand, as the samples show blanks
KINH_GUI = "Kính gửi"  # [P1] II.9.b, followed by ":"
KINH_GUI_INDENT_MM = 35.0  # Mẫu 1.5: w:ind w:firstLine="1982"
TRICH_YEU_CONG_VAN = "V/v"  # [P1] II.5.b
QUYET_DINH_LINE = "QUYẾT ĐỊNH:"  # Mẫu 1.3, before Điều 1
DIEU = "Điều"  # [P1] II.6.đ: "Điều 1." bold, indented like the body, body size
DE_NGHI = ("Theo đề nghị", "Xét đề nghị")  # Mẫu 1.3: the last line of the căn cứ, ending "."
NOI_NHAN_FIRST = MappingProxyType({"quyet-dinh": "Như Điều", "cong-van": "Như trên"})  # Mẫu 1.3, 1.5
# The line under the title of a plan issued by a Quyết định (Mẫu 1.3, the attached
# document): "(Kèm theo Quyết định số …)"; practice, and Điều 1 itself, say "Ban hành kèm theo".
KEM_THEO_WORDS = "Ban hành kèm theo"
