"""import(render(plan)) == plan: what kehoach writes, kehoach reads back.

"The same plan" is judged on what the plan means for the document: the
imported plan composes into the same blocks as the original (every
paragraph's role, its words, its bold and italic; the header, the signer;
appendix tables cell by cell) and the same page layout. The file itself may
differ: variables are read back as the words they printed, a reporting duty
as the sentence it made, and so on.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from kehoach import decree
from kehoach.api import load_plan, load_plan_text, prepare_loaded, render_bytes
from kehoach.compose.blocks import Cell, DataTable, LayoutTable, Para, SectionBreak, ShortLine
from kehoach.importing import read_plan_data
from kehoach.importing.yaml_out import dump
from tests.compose.test_kinds import INLINE as INLINE_DECISION
from tests.conftest import DATA
from tests.plans import MINIMAL, every_key_plans, plans


def _runs(para: Para) -> tuple:
    role = decree.ROLES[para.role]
    merged: list[list] = []
    for run in para.runs:
        bold = role.bold if run.bold is None else run.bold
        italic = role.italic if run.italic is None else run.italic
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += run.text
        else:
            merged.append([run.text, bold, italic])
    return tuple((" ".join(t.split()), b, i) for t, b, i in merged if t.strip())


def _cell_text(cell: Cell) -> str:
    return "\n".join("".join(r.text for r in b.runs) for b in cell.blocks if isinstance(b, Para))


def normalized(document) -> list:
    """The composed document as the reader of the printed page sees it."""
    out: list = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, Para):
                # A căn cứ is a body paragraph in italics (decree.ROLES): the page cannot tell an italic
                # opening paragraph from one, so the runs' italics are compared, not the role's name.
                out.append(("noi_dung" if block.role == "can_cu" else block.role, _runs(block)))
            elif isinstance(block, ShortLine):  # its length follows the words, not the footnote marks
                out.append(("line", block.kind, tuple(re.sub(r"\[\^\w+\]", "", r) for r in block.reference)))
            elif isinstance(block, LayoutTable):
                for row in block.rows:
                    for cell in row:
                        walk(cell.blocks)
            elif isinstance(block, DataTable):
                out.append(("table", tuple(tuple((_cell_text(c), c.span) for c in row) for row in block.header),
                            tuple(tuple((_cell_text(c), c.span) for c in row) for row in block.rows)))
            elif isinstance(block, SectionBreak):
                out.append(("section", block.landscape))
    walk(document.blocks)
    return out


def imported_text(docx_bytes: bytes, tmp_path: Path) -> str:
    path = tmp_path / "ban-goc.docx"
    path.write_bytes(docx_bytes)
    data, notes, _ = read_plan_data(path, str(path))
    text, _ = dump(data, notes, ["thử"])
    assert yaml.safe_load(text) == data  # the file says what the reader found
    return text


def assert_round_trip(original, tmp_path: Path) -> None:
    first = prepare_loaded(original).document
    text = imported_text(render_bytes(original), tmp_path)
    again = prepare_loaded(load_plan_text(text, "nhap.yaml")).document
    assert again.layout == first.layout
    before, after = normalized(first), normalized(again)
    for i, (a, b) in enumerate(zip(before, after)):
        assert a == b, f"khối {i} khác:\n{a}\n{b}\n--- tệp nhập:\n{text}"
    assert len(before) == len(after)


# Every sample of every kind: a new example in data/ is imported back as soon as it lands.
EVERY_SAMPLE = sorted([*DATA.glob("*.yaml"), *(DATA / "examples").glob("*.yaml")])


def test_the_samples_include_every_kind():
    kinds = {yaml.safe_load(p.read_text(encoding="utf-8")).get("loai", "ke-hoach") for p in EVERY_SAMPLE}
    assert {"ke-hoach", "quyet-dinh", "cong-van", "bao-cao"} <= kinds


@pytest.mark.parametrize("sample", EVERY_SAMPLE, ids=lambda p: p.name)
def test_every_sample_comes_back(sample, tmp_path):
    assert_round_trip(load_plan(sample), tmp_path)


@settings(max_examples=int(__import__("os").environ.get("KEHOACH_ROUND_TRIP_EXAMPLES", 40)), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans())
def test_generated_plans_come_back(tmp_path, plan):
    assert_round_trip(load_plan_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)


def test_a_decision_comes_back_with_the_plan_it_issues_written_in_place(tmp_path):
    """The usual three articles are what kehoach writes itself: read back as who carries it out."""
    sample = DATA / "dong-tuyen-2024.quyet-dinh.yaml"
    data = yaml.safe_load(imported_text(render_bytes(load_plan(sample)), tmp_path))
    assert data["loai"] == "quyet-dinh" and "dieu" not in data and "ky_hieu" not in data  # QĐ-UBND: the default
    assert data["thi_hanh"].startswith("Văn phòng HĐND và UBND xã") and data["de_nghi"].startswith("Theo đề nghị")
    plan = data["ke_hoach"]
    assert plan["trich_yeu"].startswith("Thực hiện công tác bình đẳng giới") and len(plan["phan"]) == 5
    assert not {"co_quan", "nam", "noi_nhan", "nguoi_ky", "kem_theo", "dia_danh"} & set(plan)  # the decision's


@settings(max_examples=int(__import__("os").environ.get("KEHOACH_ROUND_TRIP_EXAMPLES", 30)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(every_key_plans())
def test_generated_plans_of_every_kind_and_key_come_back(tmp_path, plan):
    assert_round_trip(load_plan_text(yaml.safe_dump(plan, allow_unicode=True)), tmp_path)


LISTS_AND_OPENING = MINIMAL.replace("trich_yeu:", """mo_dau:
  - {doan: Một đoạn nghiêng mở đầu., nghieng: true}
  - thuc_hien: Thực hiện Kế hoạch số 5/KH-UBND của UBND huyện
  - {thuc_hien: Thực hiện Công văn số 7/UBND, nghieng: true}
trich_yeu:""").replace("""    y:
      - Một ý
""", """    khoi:
      - danh_dau: a
        y:
          - noi_dung: Việc thứ nhất
            y: [Ý con của việc thứ nhất]
          - Việc thứ hai
      - y: [Một ý gạch đầu dòng sau danh sách chữ]
      - Một đoạn.
      - danh_dau: a
        y: [Danh sách chữ thứ hai]
  - tieu_de: Tổ chức thực hiện
    muc:
      - tieu_de: Công an xã
        y: [Giữ an ninh]
""")


def test_italic_bases_then_an_italic_paragraph_come_back(tmp_path):
    """Found by the generator: căn cứ not worded "Căn cứ …", then an italic paragraph (nghieng): the list of
    bases ends at the last one's ".", and the paragraph after it is no căn cứ."""
    text = MINIMAL.replace("trich_yeu:", "can_cu: [Luật Phòng chống thiên tai., Nghị định số 66.]\n"
                           "mo_dau:\n  - {doan: Một đoạn nghiêng sau căn cứ., nghieng: true}\ntrich_yeu:")
    assert_round_trip(load_plan_text(text, "can-cu.yaml"), tmp_path)


def test_a_decision_whose_plan_has_an_appendix_with_its_own_label_comes_back(tmp_path):
    """Found by the generator: the plan a Quyết định issues ends where its first appendix begins, whatever
    the appendix's label ("Biểu 01", not only "Phụ lục …")."""
    text = INLINE_DECISION.replace("      y: [Một ý]\n", "      y: [Một ý, Chi tiết tại Phụ lục kèm theo.]\n"
                                   "  phu_luc:\n    - nhan: Biểu 01\n      tieu_de: Danh mục nhiệm vụ\n"
                                   "      bang: {cot: [TT, Nội dung], dong: [['1', Tuyên truyền]]}\n")
    assert "nhan: Biểu 01" in text
    assert_round_trip(load_plan_text(text, "qd.yaml"), tmp_path)


def test_lettered_lists_dashes_after_them_and_an_italic_opening_come_back(tmp_path):
    """Found by the generator: dashes after a lettered list are a list of their own (kehoach prints the
    items under a letter with "+"); an italic opening paragraph ending "." before the bases is no căn cứ."""
    assert_round_trip(load_plan_text(LISTS_AND_OPENING, "danh-sach.yaml"), tmp_path)


DOTTED_POINTS = MINIMAL.replace("""    y:
      - Một ý
""", """    khoi:
      - Đoạn mở đầu.
      - danh_dau: a.
        y:
          - "Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm."
          - noi_dung: Địa điểm, số điểm quan trắc
            y:
              - noi_dung: "Mẫu nước nguồn cấp:"
                y: [Thủy lý, Kim loại nặng]
              - Mẫu trầm tích.
          - Thông số quan trắc.
      - Đoạn sau các điểm.
      - nghieng: true
        y: [Thu và phân tích mẫu, Thuê dịch vụ tin nhắn]
      - y: [Một ý đứng]
  - tieu_de: Tổ chức thực hiện
    danh_dau: a.
    y: [Việc một, Việc hai]
    muc:
      - tieu_de: Công an xã
        y: [Giữ an ninh]
""")


def test_points_lettered_with_a_dot_come_back_with_their_dashes_and_pluses(tmp_path):
    """Đắk Lắk 0134/KH-UBND: "a. …", "b. …" upright, each with "-" items and "+" under them, read back as
    ``danh_dau: a.`` (not as a level of headings), where a level is left for them and where it is not.
    (Dashes right after the last point print as its own items: on the page they are.)"""
    assert DOTTED_POINTS != MINIMAL
    assert_round_trip(load_plan_text(DOTTED_POINTS, "diem.yaml"), tmp_path)
    data = yaml.safe_load(imported_text(render_bytes(load_plan_text(DOTTED_POINTS, "diem.yaml")), tmp_path))
    first, second = data["phan"][0], data["phan"][1]
    assert first["khoi"][1]["danh_dau"] == "a." and first["khoi"][1]["y"][1]["y"][0]["y"] == ["Thủy lý", "Kim loại nặng"]
    assert second["danh_dau"] == "a." and second["y"] == ["Việc một", "Việc hai"]
    assert first["khoi"][3] == {"nghieng": True, "y": ["Thu và phân tích mẫu", "Thuê dịch vụ tin nhắn"]}
    assert first["khoi"][4] == {"y": ["Một ý đứng"]}  # an italic group, dashes too, is its own
    assert "trinh_bay" not in data or "danh_so" not in data["trinh_bay"]  # no lettered level was made of them


def test_merged_body_cells_come_back_merged(tmp_path):
    """A cell merged down (one note for several rows) or across (a total's label) is read back as the
    plan writes it, {noi_dung: …, gop_dong / gop_cot}, the cells it covers "" (they were left empty)."""
    from tests.format.test_tables_and_blocks import MERGED, _plan

    text = _plan([{"bang": MERGED}])
    assert_round_trip(load_plan_text(text, "gop.yaml"), tmp_path)
    data = yaml.safe_load(imported_text(render_bytes(load_plan_text(text, "gop.yaml")), tmp_path))
    rows = data["phan"][0]["khoi"][0]["bang"]["dong"]
    assert rows[0][3] == {"noi_dung": "Vùng nuôi từ 10 ha trở lên", "gop_dong": 2} and rows[1][3] == ""
    assert rows[2][:2] == [{"noi_dung": "3", "gop_dong": 2}, {"noi_dung": "Ea Kao", "gop_dong": 2}]
    assert rows[4][:4] == [{"noi_dung": "**Tổng**", "gop_cot": 4}, "", "", ""]


RICH = """\
bien:
  ten_xa: Tả Phìn
co_quan:
  chu_quan: [UBND huyện Sa Pa]
  ten: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]
so: "05"
ky_hieu: KH-UBND
dia_danh: "{{ ten_xa }}"
nam: 2026
ngay_ky: 09/02/2026
trich_yeu: Phòng, chống thiên tai[^1] năm {{ nam }}
kem_theo: (Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/02/2026 của UBND xã)
kinh_gui:
  noi: [UBND huyện Sa Pa, Ban Chỉ huy phòng chống thiên tai huyện]
  ghi_chu: (Theo Công văn số 7/UBND ngày 02/02/2026)
can_cu:
  - Căn cứ Luật Phòng, chống thiên tai năm 2013[^2]
  - "*Theo đề nghị* của công chức Địa chính - Xây dựng"
mo_dau:
  - UBND xã xây dựng kế hoạch với các nội dung sau
phan:
  - tieu_de: Mục đích, yêu cầu
    muc:
      - tieu_de: Mục đích
        noi_dung: Chủ động **phòng ngừa**, ứng phó kịp thời.
      - noi_dung: Một đoạn có số thứ tự mà không có tiêu đề, *nghiêng* ở giữa.
  - tieu_de: Nhiệm vụ
    danh_dau: "+"
    y:
      - noi_dung: "Các việc chính:"
        y: [Kiểm tra đê, Diễn tập]
    muc:
      - don_vi: Công an xã
        nhiem_vu: [Giữ gìn an ninh trật tự.]
      - tieu_de: Kinh phí
        kinh_phi:
          - {nguon: Ngân sách xã, so_tien: 15000000}
          - {nguon: Nguồn xã hội hóa, so_tien: 5000000}
      - tieu_de: Lực lượng tại chỗ
        khoi:
          - Mỗi thôn bố trí một tổ xung kích.
          - y: [Tổ trưởng là trưởng thôn, Tổ viên là đoàn viên]
          - Danh sách như sau.
          - bang:
              tieu_de: "Bảng 1: Lực lượng xung kích"
              don_vi_tinh: "Đơn vị: người"
              cot: [Thôn, {ten: Số người, kieu: so}]
              dong: [[Tả Phìn, "12"], [Sín Chải, "9"]]
              ghi_chu: [Số liệu tháng 01/2026.]
          - Các tổ trực theo lịch của xã.
      - tieu_de: Báo cáo
        bao_cao:
          don_vi: Các thôn
          ky: [{ten: quý, han: 25/3}]
          gui_ve: UBND xã
ket_thuc:
  - Trên đây là kế hoạch của UBND xã; đề nghị các đơn vị thực hiện (chi tiết tại Phụ lục kèm theo)
noi_nhan: [UBND huyện, Các thôn, "Lưu: VT"]
nguoi_ky:
  thay_mat: Ủy ban nhân dân
  quyen_han: KT
  cap_truong: Chủ tịch
  chuc_vu: Phó Chủ tịch
  ho_ten: Lò Văn Páo
  dong_duoi_ten: Ủy viên Ban Thường vụ
chu_thich:
  "1": Theo Luật Phòng, chống thiên tai.
  "2": Luật số 33/2013/QH13.
phu_luc:
  - so: I
    tieu_de: Danh sách lực lượng
    ngang: true
    doan: [Danh sách dưới đây cập nhật đến tháng 01/2026.]
    bang:
      cot: [{ten: TT, rong: 1}, {ten: Lực lượng, rong: 4}, {ten: Nam, rong: 2}, {ten: Nữ, rong: 2}]
      dau:
        - [{noi_dung: TT, gop_dong: 2}, {noi_dung: Lực lượng, gop_dong: 2}, {noi_dung: Số người, gop_cot: 2}]
        - [Nam, Nữ]
      so_cot: true
      dong:
        - nhom: I. Thôn Tả Phìn
        - ["1", "Dân quân", "12", "3"]
        - ["2", "Thanh niên xung kích", "20", "8"]
      ghi_chu: [Số liệu do các thôn báo cáo.]
    khoi:
      - Lịch trực cụ thể xem bảng dưới.
      - bang:
          tieu_de: "Biểu 02: Lịch trực ban"
          cot: [Ngày, Người trực]
          dong: [["02/3", "Lò Thị Mai"]]
  - tieu_de: Lịch trực
    ngang: true
    bang:
      cot: [Ngày, Người trực]
      dong: [["01/3", "Lò Văn Páo"]]
trinh_bay:
  co_chu: 13
  danh_so: [I, "1", a]
  thut_dau_dong: 1.27
  khoang_ky: 5
"""


def test_a_plan_using_the_whole_format_comes_back(tmp_path):
    assert_round_trip(load_plan_text(RICH, "day-du.yaml"), tmp_path)
