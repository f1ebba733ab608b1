"""Plan → blocks: numbering, punctuation, signer forms, typed content."""

from __future__ import annotations

import pytest

from kehoach.api import load_plan_text
from kehoach.compose.blocks import LayoutTable, Para
from kehoach.compose.document import compose
from kehoach.compose.wording import agency_in_sentence, inline, letter, roman

from tests.plans import MINIMAL


def blocks_of(text: str):
    result = load_plan_text(text)
    return compose(result.plan, result.loaded).blocks


def texts(text: str) -> list[str]:
    return [b.text for b in blocks_of(text) if isinstance(b, Para)]


def with_body(body: str, extra: str = "") -> str:
    start = MINIMAL.index("phan:")
    end = MINIMAL.index("noi_nhan:")
    return MINIMAL[:start] + body + MINIMAL[end:] + extra


def test_six_levels_of_labels():
    body = """phan:
  - tieu_de: Nội dung
    muc:
      - tieu_de: Tuyên truyền
        muc:
          - tieu_de: Ở thôn
            muc:
              - noi_dung: Họp dân
                y:
                  - noi_dung: Thôn 1
                    y: [Hộ gia đình]
"""
    assert texts(with_body(body))[2:8] == [
        "I. NỘI DUNG", "1. Tuyên truyền", "1.1. Ở thôn", "a) Họp dân", "- Thôn 1", "+ Hộ gia đình"]


def test_numbering_scheme_and_label_override():
    body = """phan:
  - tieu_de: A
    muc:
      - tieu_de: B
        muc: [{noi_dung: x}, {noi_dung: y}, {so: "e)", noi_dung: z}]
  - tieu_de: C
"""
    got = texts(with_body(body, "trinh_bay:\n  danh_so: [I, '1', a]\n"))
    assert got[2:8] == ["I. A", "1. B", "a) x", "b) y", "e) z", "II. C"]


def test_vietnamese_point_letters_skip_f_j_w_z():
    assert [letter(i) for i in range(1, 10)] == ["a", "b", "c", "d", "đ", "e", "g", "h", "i"]
    assert roman(4) == "IV" and roman(9) == "IX" and roman(14) == "XIV"


def test_run_in_text_after_a_heading():
    body = """phan:
  - tieu_de: Kinh phí thực hiện
    noi_dung: Ngân sách xã.
"""
    para = [b for b in blocks_of(with_body(body)) if isinstance(b, Para) and b.text.startswith("I.")][0]
    assert para.text == "I. KINH PHÍ THỰC HIỆN: Ngân sách xã."
    assert para.role == "noi_dung"  # a body paragraph, so it never keeps with the next
    assert para.runs[1].bold and para.runs[-1].bold is False


def test_can_cu_punctuation_is_decided_by_kehoach():
    text = MINIMAL.replace("phan:", "can_cu:\n  - Căn cứ Luật A.\n  - Căn cứ Luật B\n  - Căn cứ Nghị định C;\nphan:")
    got = [t for t in texts(text) if t.startswith("Căn cứ")]
    assert got == ["Căn cứ Luật A;", "Căn cứ Luật B;", "Căn cứ Nghị định C."]
    roles = {b.role for b in blocks_of(text) if isinstance(b, Para) and b.text.startswith("Căn cứ")}
    assert roles == {"can_cu"}


def test_closing_gets_slash_dot_once():
    for closing in ("Đề nghị thực hiện", "Đề nghị thực hiện.", "Đề nghị thực hiện./."):
        got = texts(MINIMAL + f"ket_thuc: [{closing!r}]\n".replace("'", '"'))
        assert "Đề nghị thực hiện./." in got


def test_noi_nhan_dashes_semicolons_and_luu_line():
    text = MINIMAL.replace('  - UBND huyện\n  - "Lưu: VT"', '  - "- UBND huyện;"\n  - Đảng ủy xã.\n  - Lưu VT, VP')
    table = [b for b in blocks_of(text) if isinstance(b, LayoutTable) and b.kind == "chu_ky"][0]
    left = [p.text for p in table.rows[0][0].blocks]
    assert left == ["Nơi nhận:", "- UBND huyện;", "- Đảng ủy xã;", "- Lưu: VT, VP."]


SIGNERS = [
    ("thay_mat: ỦY BAN NHÂN DÂN\n  chuc_vu: CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ("thay_mat: ỦY BAN NHÂN DÂN\n  quyen_han: KT\n  cap_truong: CHỦ TỊCH\n  chuc_vu: PHÓ CHỦ TỊCH",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("quyen_han: KT\n  cap_truong: CHỦ TỊCH\n  chuc_vu: PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("thay_mat: ỦY BAN NHÂN DÂN\n  quyen_han: Q.\n  cap_truong: CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
    ("quyen_han: TL\n  cap_truong: CHỦ TỊCH\n  chuc_vu: CHÁNH VĂN PHÒNG", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
    ("quyen_han: tuq\n  cap_truong: giám đốc\n  chuc_vu: trưởng phòng", ["TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG"]),
    ("chuc_vu: CHỦ TỊCH", ["CHỦ TỊCH"]),
]


@pytest.mark.parametrize("signer, lines", SIGNERS, ids=[s[1][0] for s in SIGNERS])
def test_every_signer_form(signer, lines):
    text = MINIMAL[:MINIMAL.index("nguoi_ky:")] + f"nguoi_ky:\n  {signer}\n  ho_ten: Lê Văn A\n" \
        "  dong_duoi_ten: Đại diện\n"
    table = [b for b in blocks_of(text) if isinstance(b, LayoutTable) and b.kind == "chu_ky"][0]
    right = [p.text for p in table.rows[0][1].blocks]
    assert right[:len(lines)] == lines
    assert right[-2:] == ["Lê Văn A", "Đại diện"]
    assert all(p.role == "quyen_han" for p in table.rows[0][1].blocks[:len(lines)])


def test_inline_emphasis():
    assert inline("a **b** *c* \\* d") == (
        inline("a ")[0], type(inline("a")[0])("b", bold=True), inline(" ")[0],
        type(inline("a")[0])("c", italic=True), inline(" * d")[0])
    assert inline("không có gì") == (type(inline("a")[0])("không có gì"),)


def test_activity_lines_with_labels():
    body = """phan:
  - tieu_de: Tập huấn
    hoat_dong:
      - noi_dung: Tập huấn cán bộ
        chu_tri: [Sở Nội vụ, Sở Tài chính]
        phoi_hop: Công an xã
        thoi_gian: {tu_ngay: 01/3/2025, den_ngay: 05/03/2025}
      - han: 1
        thoi_gian: {han: 30/6/2025}
        trong_noi_dung: true
"""
    body = body.replace("      - han: 1\n", "      - ket_qua: Báo cáo\n")
    got = texts(with_body(body))
    assert "- Nội dung thực hiện: Tập huấn cán bộ." in got
    assert "- Đơn vị chủ trì: Sở Nội vụ, Sở Tài chính." in got
    assert "- Đơn vị phối hợp: Công an xã." in got
    assert "- Thời gian thực hiện: Từ ngày 01/3/2025 đến ngày 05/3/2025." in got
    assert "- Thời gian thực hiện: Trước ngày 30/6/2025." in got


def test_budget_with_amounts_and_total():
    body = """phan:
  - tieu_de: Kinh phí
    kinh_phi:
      - {nguon: Ngân sách xã, so_tien: 15000000}
      - {nguon: Xã hội hóa, so_tien: 5000000}
"""
    got = texts(with_body(body))
    assert got[3:6] == ["- Ngân sách xã: 15.000.000 đồng;", "- Xã hội hóa: 5.000.000 đồng.",
                        "Tổng kinh phí: 20.000.000 đồng."]


def test_report_sentence_runs_in():
    body = """phan:
  - tieu_de: Chế độ báo cáo
    bao_cao:
      don_vi: Các thôn
      ky: [{ten: 6 tháng, han: 05/6}, {ten: năm, han: 05/12}]
      gui_ve: UBND xã
"""
    got = texts(with_body(body))
    assert "I. CHẾ ĐỘ BÁO CÁO: Các thôn báo cáo kết quả thực hiện 6 tháng (trước ngày 05/6) và năm " \
           "(trước ngày 05/12) về UBND xã." in got


def test_unit_with_one_task_runs_in_and_with_several_gets_bullets():
    body = """phan:
  - tieu_de: Tổ chức thực hiện
    muc:
      - don_vi: Công an xã
        nhiem_vu: [Giữ gìn trật tự.]
      - don_vi: Trạm Y tế
        nhiem_vu: [Khám bệnh., Tiêm chủng.]
"""
    got = texts(with_body(body))
    assert got[3:7] == ["1. Công an xã: Giữ gìn trật tự.", "2. Trạm Y tế", "- Khám bệnh.", "- Tiêm chủng."]


def test_content_prints_in_the_order_written():
    body = """phan:
  - tieu_de: A
    y: [ý một]
    doan: [đoạn hai]
  - tieu_de: B
    doan: [đoạn một]
    y: [ý hai]
"""
    got = texts(with_body(body))
    assert got[2:8] == ["I. A", "- ý một", "đoạn hai", "II. B", "đoạn một", "- ý hai"]


def test_agency_name_in_a_sentence():
    assert agency_in_sentence(["ỦY BAN NHÂN DÂN", "XÃ ĐỒNG TUYỀN"]) == "Ủy ban nhân dân xã Đồng Tuyền"
    assert agency_in_sentence(["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]) == "Ủy ban nhân dân thành phố Hồ Chí Minh"


def test_header_blocks_number_and_date():
    header = [b for b in blocks_of(MINIMAL) if isinstance(b, LayoutTable)][0]
    left, right = header.rows[1]
    assert left.blocks[0].text == "Số: 05/KH-UBND"
    assert right.blocks[0].text == "Hòa Bình, ngày 03 tháng 01 năm 2025"
    agency = [b.text for b in header.rows[0][0].blocks if isinstance(b, Para)]
    assert agency == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]


def test_superior_agency_line():
    text = MINIMAL.replace("  ten: [", "  chu_quan: UBND xã Hòa Bình\n  ten: [Trường mầm non Sao Mai]\n  ten_cu: [")
    text = text.replace('  ten_cu: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]\n', "")
    header = [b for b in blocks_of(text) if isinstance(b, LayoutTable)][0]
    paras = [b for b in header.rows[0][0].blocks if isinstance(b, Para)]
    assert [(p.role, p.text) for p in paras] == [("co_quan_chu_quan", "UBND XÃ HÒA BÌNH"),
                                                 ("co_quan", "TRƯỜNG MẦM NON SAO MAI")]
