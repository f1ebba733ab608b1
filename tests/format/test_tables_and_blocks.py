"""Content in any order (``khoi``) and tables in the body: alignment, size, bold rows, unit line, notes,
totals computed or checked, the amount in words."""

from __future__ import annotations

import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH

from kehoach.api import load_plan_text, render_bytes
from kehoach.check.audit import audit
from kehoach.errors import InvalidInput

from tests.conftest import open_docx
from tests.plans import MINIMAL

TABLE = {
    "tieu_de": "Bảng 1: Dự toán kinh phí thực hiện kế hoạch năm 2025 của Ủy ban nhân dân xã Hòa Bình",
    "don_vi_tinh": "Đơn vị: đồng",
    "co_chu": 12,
    "bang_chu": True,
    "cot": [{"ten": "TT", "rong": 1, "can_le": "giua"}, {"ten": "Nội dung", "rong": 5},
            {"ten": "Thành tiền", "rong": 2, "kieu": "tien"}],
    "dong": [
        {"o": ["I", "Chi thường xuyên", ""], "tong": "nhom", "dam": True},
        [1, "Tuyên truyền", 1000000000],
        [2, "Hội nghị", "300.000.000"],
        {"o": ["II", "Chi khác", ""], "tong": "nhom", "dam": True},
        [1, "In ấn", 200000000],
        {"o": ["", "Tổng cộng (I + II)", "1.500.000.000"], "tong": "tat_ca", "dam": True},
    ],
    "ghi_chu": ["Số liệu theo dự toán được giao đầu năm của Ủy ban nhân dân huyện và các nguồn hợp pháp khác."],
}


def _plan(khoi: list) -> str:
    data = yaml.safe_load(MINIMAL)
    data["phan"][0] = {"tieu_de": "Kinh phí", "khoi": khoi}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _render(khoi: list):
    return open_docx(render_bytes(load_plan_text(_plan(khoi))))


def test_blocks_keep_their_written_order_and_repeat():
    doc = _render(["Lưu ý:", {"y": ["Một", "Hai"]}, "Đoạn thứ hai.", {"y": ["Ba"], "danh_dau": "+"},
                   {"y": ["Bốn", "Năm"], "danh_dau": "a"}])
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Lưu ý:")
    assert texts[start:start + 7] == ["Lưu ý:", "- Một", "- Hai", "Đoạn thứ hai.", "+ Ba", "a) Bốn", "b) Năm"]


def test_points_lettered_with_a_dot_carry_their_own_dashes_then_pluses(tmp_path):
    """Đắk Lắk 0134/KH-UBND, II.1.1.1: "a. …", "b. …" upright, each with "-" items and "+" under them."""
    points = [{"noi_dung": "Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm."},
              {"noi_dung": "Địa điểm, số điểm quan trắc",
               "y": [{"noi_dung": "Mẫu nước nguồn cấp:", "y": ["Thủy lý, thủy hóa.", "Kim loại nặng."]},
                     "Mẫu trầm tích."]},
              "Thông số quan trắc."]
    doc = _render(["Đoạn mở.", {"danh_dau": "a.", "y": points}])
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Đoạn mở.")
    assert texts[start + 1:start + 8] == [
        "a. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.", "b. Địa điểm, số điểm quan trắc",
        "- Mẫu nước nguồn cấp:", "+ Thủy lý, thủy hóa.", "+ Kim loại nặng.", "- Mẫu trầm tích.",
        "c. Thông số quan trắc."]
    point = doc.paragraphs[start + 1]
    assert not any(r.bold or r.italic for r in point.runs)  # a point, not a heading: printed upright
    # The same as the key of a part; the old markers print as before.
    data = yaml.safe_load(MINIMAL)
    data["phan"][0] = {"tieu_de": "Nội dung", "danh_dau": "a.", "y": ["Một", {"noi_dung": "Hai", "y": ["Con"]}]}
    part = open_docx(render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True))))
    texts = [p.text for p in part.paragraphs]
    assert texts[texts.index("a. Một"):texts.index("a. Một") + 3] == ["a. Một", "b. Hai", "- Con"]
    path = tmp_path / "x.docx"
    path.write_bytes(render_bytes(load_plan_text(_plan(["Đoạn mở.", {"danh_dau": "a.", "y": points}]))))
    assert audit(path) == []


def test_an_italic_group_of_items_prints_its_dashes_in_italics_too():
    """Đắk Lắk 0134/KH-UBND, III: "*- Thu và phân tích mẫu: 1.364.329.243 đồng/năm.*", the dash as well."""
    doc = _render(["Trong đó:", {"nghieng": True, "y": ["Thu và phân tích mẫu.", {"noi_dung": "Chi khác:",
                                                                             "y": ["In ấn."]}]},
                   {"y": ["Ý thường."]}])
    items = {p.text: p for p in doc.paragraphs if p.text.startswith(("- ", "+ "))}
    assert list(items) == ["- Thu và phân tích mẫu.", "- Chi khác:", "+ In ấn.", "- Ý thường."]
    assert all(r.italic for p in list(items.values())[:3] for r in p.runs)
    assert not any(r.italic for r in items["- Ý thường."].runs)  # the next group as before
    with pytest.raises(InvalidInput) as caught:
        load_plan_text(_plan([{"nghieng": True, "doan": "Một đoạn."}]), "kh.yaml")
    assert "`nghieng: true` in nghiêng một nhóm ý" in str(caught.value) and "kh.yaml:" in str(caught.value)


def test_an_unknown_marker_is_refused_in_vietnamese_with_its_place():
    with pytest.raises(InvalidInput) as caught:
        load_plan_text(_plan([{"danh_dau": "a)", "y": ["Một"]}]), "kh.yaml")
    message = str(caught.value)
    assert "kh.yaml:" in message and "danh_dau" in message and "a." in message


def test_a_body_table_prints_as_an_office_writes_it(tmp_path):
    data = render_bytes(load_plan_text(_plan(["Dự toán như sau:", {"bang": TABLE}])))
    doc = open_docx(data)
    texts = [p.text for p in doc.paragraphs]
    caption = next(p for p in doc.paragraphs if p.text.startswith("Bảng 1:"))
    unit = next(p for p in doc.paragraphs if p.text == "Đơn vị: đồng")
    assert caption.style.font.bold and caption.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert unit.style.font.italic and unit.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.tables[1]  # 0 is the header block
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[1] == ["I", "Chi thường xuyên", "1.300.000.000"]  # a group row with its subtotal
    assert rows[2] == ["1", "Tuyên truyền", "1.000.000.000"]  # grouped the Vietnamese way
    assert rows[4] == ["II", "Chi khác", "200.000.000"]
    assert rows[6] == ["", "Tổng cộng (I + II)", "1.500.000.000"]
    money = table.rows[2].cells[2].paragraphs[0]
    assert money.alignment == WD_ALIGN_PARAGRAPH.RIGHT and money.runs[0].font.size.pt == 12
    assert table.rows[2].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold for r in table.rows[1].cells[1].paragraphs[0].runs)
    assert "(Bằng chữ: Một tỷ năm trăm triệu đồng)" in texts
    note = next(p for p in doc.paragraphs if p.text.startswith("Số liệu theo dự toán"))
    assert all(r.italic for r in note.runs)
    path = tmp_path / "a.docx"
    path.write_bytes(data)
    assert audit(path) == []


@pytest.mark.parametrize("change, message, where", [
    (lambda t: t["dong"][5].update(o=["", "Tổng", "1.400.000.000"]),
     "dòng tổng ghi 1.400.000.000 nhưng cộng các dòng được 1.500.000.000", "phan[0].khoi[0].bang.dong[5].o[2]"),
    (lambda t: t["dong"].__setitem__(2, [2, "Hội nghị", "3OO.000"]), "không đọc được thành số",
     "phan[0].khoi[0].bang.dong[2].o[2]"),
    (lambda t: t["dong"][0].update(cap=9), "không được vượt quá 6", "phan[0].khoi[0].bang.dong[0].cap"),
    (lambda t: t["cot"][2].update(kieu="so_tien"), "chọn một trong", "phan[0].khoi[0].bang.cot[2].kieu"),
    (lambda t: t["cot"][0].update(can_le="center"), "chọn một trong", "phan[0].khoi[0].bang.cot[0].can_le"),
    (lambda t: t.update(co_chu=9), "chọn một trong", "phan[0].khoi[0].bang.co_chu"),
    (lambda t: t["dong"].pop(5), "dòng `tong: tat_ca`", "phan[0].khoi[0].bang"),
])
def test_table_mistakes_are_refused_with_their_place(change, message, where):
    table = yaml.safe_load(yaml.safe_dump(TABLE, allow_unicode=True))
    change(table)
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(_plan([{"bang": table}])))
    problem = next((p for p in caught.value.problems if message in p.message), None)
    assert problem is not None, [p.message for p in caught.value.problems]
    assert problem.path == where and problem.line is not None


ESTIMATE = {  # the shape of Đắk Lắk 0134/KH-UBND, Phụ lục II: six levels, lines of their own, bold amounts
    "cot": [{"ten": "TT", "can_le": "giua"}, {"ten": "Chỉ tiêu", "rong": 4}, {"ten": "Thành tiền", "kieu": "tien"}],
    "dong": [
        {"o": ["**I**", "**Quan trắc** (theo đơn giá)", "**1.300**"], "tong": "nhom", "cap": 1},
        {"o": ["1.1.1", "Mẫu nước nguồn cấp", ""], "tong": "nhom", "cap": 4, "dam": True},
        {"o": ["a", "Thủy lý", "1.300"], "tong": "nhom", "cap": 5, "dam": True},
        {"o": ["*a.1*", "*Ngoài hiện trường*", "**1.300**"], "tong": "nhom", "cap": 6},
        ["-", "Nhiệt độ", "1.000"],
        ["-", "pH", "300"],
        {"o": ["II", "Thuê dịch vụ tin nhắn", "200"], "tong": "nhom", "cap": 1, "dam": True},
        {"o": ["III", "Chi khác", ""], "tong": "nhom", "cap": 1, "dam": True},
        {"o": ["", "Tổng ( I +II +III)", "1.500"], "tong": "tat_ca", "dam": True},
    ],
}


def test_a_deep_estimate_checks_every_subtotal_and_keeps_a_line_of_its_own(tmp_path):
    data = render_bytes(load_plan_text(_plan([{"bang": ESTIMATE}])))
    table = open_docx(data).tables[1]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[2] for r in rows] == ["1.300", "1.300", "1.300", "1.300", "1.000", "300", "200", "0", "1.500"]
    first = table.rows[1].cells[2].paragraphs[0]
    assert all(r.bold for r in first.runs) and first.alignment == WD_ALIGN_PARAGRAPH.RIGHT  # **1.300** kept bold
    label = table.rows[1].cells[1].paragraphs[0].runs
    assert [(r.text, bool(r.bold)) for r in label] == [("Quan trắc", True), (" (theo đơn giá)", False)]
    italic = table.rows[4].cells[1].paragraphs[0].runs
    assert all(r.italic and not r.bold for r in italic) and all(r.bold for r in table.rows[4].cells[2].paragraphs[0].runs)
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    assert audit(path) == []


@pytest.mark.parametrize("row, typed, message", [
    (6, "201", "dòng tổng ghi 1.500 nhưng cộng các dòng được 1.501"),  # a line of its own is added up
    (0, "**1.301**", "dòng tổng ghi 1.301 nhưng cộng các dòng được 1.300"),  # a bold amount is checked too
    (3, "*1.299*", "dòng tổng ghi 1.299 nhưng cộng các dòng được 1.300"),  # the sixth level as well
])
def test_a_wrong_amount_of_a_deep_estimate_is_an_error_at_its_place(row, typed, message):
    table = yaml.safe_load(yaml.safe_dump(ESTIMATE, allow_unicode=True))
    table["dong"][row]["o"][2] = typed
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(_plan([{"bang": table}])))
    problem = next((p for p in caught.value.problems if message in p.message), None)
    assert problem is not None, [p.message for p in caught.value.problems]
    assert problem.line is not None and problem.path.startswith("phan[0].khoi[0].bang.dong[")


MERGED = {  # Đắk Lắk 0134/KH-UBND, Phụ lục I: one note for several sites, a site on two rows, a label across
    "cot": [{"ten": "TT", "can_le": "giua"}, "Điểm quan trắc", "Vị trí", "Ghi chú",
            {"ten": "Thành tiền", "kieu": "tien"}],
    "dong": [
        ["1", "Xuân Lộc", "574945.0", {"noi_dung": "Vùng nuôi từ 10 ha trở lên", "gop_dong": 2}, "100"],
        ["2", "Xuân Cảnh", "583593.4", "", "200"],
        [{"noi_dung": "3", "gop_dong": 2}, {"noi_dung": "Ea Kao", "gop_dong": 2}, "449860.65", "", "300"],
        ["", "", "Theo thực tế lấy mẫu", "", "400"],
        {"o": [{"noi_dung": "Tổng", "gop_cot": 4}, "", "", "", ""], "tong": "tat_ca", "dam": True},
    ],
}


def test_a_body_cell_merged_down_or_across_prints_as_one_cell(tmp_path):
    from docx.oxml.ns import qn

    data = render_bytes(load_plan_text(_plan([{"bang": MERGED}])))
    table = open_docx(data).tables[1]
    rows = table._tbl.tr_lst[1:]  # under the header row

    def props(tr):
        out = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = pr.find(qn("w:gridSpan"))
            merge = pr.find(qn("w:vMerge"))
            out.append(("".join(t.text for t in tc.iter(qn("w:t"))),
                        int(span.get(qn("w:val"))) if span is not None else 1,
                        None if merge is None else merge.get(qn("w:val"), "continue")))
        return out

    assert props(rows[0])[3] == ("Vùng nuôi từ 10 ha trở lên", 1, "restart")
    assert props(rows[1])[3] == ("", 1, "continue")  # Word's continuation, no words of its own
    assert [p[2] for p in props(rows[2])[:2]] == ["restart", "restart"]
    assert [p[:3] for p in props(rows[3])[:2]] == [("", 1, "continue"), ("", 1, "continue")]
    assert props(rows[4]) == [("Tổng", 4, None), ("1.000", 1, None)]  # across four columns; the sum under it
    path = tmp_path / "x.docx"
    path.write_bytes(data)
    assert audit(path) == []


@pytest.mark.parametrize("change, message", [
    (lambda t: t["dong"][1].__setitem__(3, "Chữ"), "dòng 2, ô 4 nằm trong ô gộp của dòng 1, ô 4 nên phải để trống"),
    (lambda t: t["dong"][4]["o"].__setitem__(1, "x"), "dòng 5, ô 2 nằm trong ô gộp của dòng 5, ô 1"),
    (lambda t: t["dong"][0].__setitem__(3, {"noi_dung": "Ghi chú", "gop_dong": 9}), "vượt ra ngoài bảng"),
    (lambda t: t["dong"][0].__setitem__(3, {"noi_dung": "Ghi chú", "gop_cot": 3}), "vượt ra ngoài bảng"),
    (lambda t: t["dong"].insert(1, {"nhom": "II. NHÓM"}), "phủ lên dòng nhóm"),
])
def test_a_merged_body_cell_that_does_not_fit_is_refused_in_vietnamese(change, message):
    table = yaml.safe_load(yaml.safe_dump(MERGED, allow_unicode=True))
    change(table)
    with pytest.raises(InvalidInput) as caught:
        load_plan_text(_plan([{"bang": table}]), "kh.yaml")
    assert message in str(caught.value) and "kh.yaml:" in str(caught.value)


def test_a_block_holds_exactly_one_thing():
    with pytest.raises(InvalidInput) as caught:
        render_bytes(load_plan_text(_plan([{"doan": "x", "y": ["y"]}])))
    assert "mỗi khối ghi đúng một trong" in caught.value.problems[0].message


def test_money_filters_in_text():
    data = yaml.safe_load(MINIMAL)
    data["bien"]["tong"] = 2024
    data["phan"][0]["y"] = ["Tổng: {{ tong | tien }} đồng (Bằng chữ: {{ tong | bang_chu }})."]
    doc = open_docx(render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True))))
    assert "- Tổng: 2.024 đồng (Bằng chữ: Hai nghìn không trăm hai mươi tư đồng)." in [p.text for p in doc.paragraphs]
    data["phan"][0]["y"] = ["{{ ten_xa | bang_chu }}"]
    with pytest.raises(InvalidInput):
        render_bytes(load_plan_text(yaml.safe_dump(data, allow_unicode=True)))
