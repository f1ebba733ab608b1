"""Plans for tests: the smallest valid plan, and a generator of valid plans for
the properties that must hold for every input (render, check, roll)."""

from __future__ import annotations

from hypothesis import strategies as st

MINIMAL = """\
bien:
  ten_xa: Hòa Bình
co_quan:
  ten: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]
so: 5
dia_danh: "{{ ten_xa }}"
nam: 2025
ngay_ky: 03/01/2025
trich_yeu: Phòng chống thiên tai năm {{ nam }}
phan:
  - tieu_de: Mục đích
    y:
      - Một ý
noi_nhan:
  - UBND huyện
  - "Lưu: VT"
nguoi_ky:
  thay_mat: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn A
"""


words = st.sampled_from("kế hoạch tuyên truyền phòng chống thiên tai năm xã thôn hội nghị triển khai bảo đảm "
                        "an toàn giao thông nông thôn mới văn hóa giáo dục y tế dân số".split())
sentence = st.lists(words, min_size=3, max_size=18).map(lambda ws: " ".join(ws).capitalize() + ".")
title = st.lists(words, min_size=1, max_size=6).map(lambda ws: " ".join(ws).capitalize())


@st.composite
def plans(draw) -> dict:
    def muc(depth: int) -> dict:
        node: dict = {"tieu_de": draw(title)}
        if draw(st.booleans()):
            node["doan"] = draw(st.lists(sentence, min_size=1, max_size=2))
        if draw(st.booleans()):
            node["y"] = draw(st.lists(sentence, min_size=1, max_size=3))
        if depth < 3 and draw(st.booleans()):
            node["muc"] = [muc(depth + 1) for _ in range(draw(st.integers(1, 3)))]
        if draw(st.integers(0, 4)) == 0:
            node["hoat_dong"] = [{"noi_dung": draw(sentence), "chu_tri": "UBND xã",
                                  "thoi_gian": {"tu_ngay": "01/3/2025", "den_ngay": "30/6/2025"}}]
        return node

    signer = draw(st.sampled_from([
        {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"},
        {"thay_mat": "ỦY BAN NHÂN DÂN", "quyen_han": "KT", "cap_truong": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"},
        {"quyen_han": "KT", "cap_truong": "CHỦ TỊCH", "chuc_vu": "PHÓ CHỦ TỊCH"},
        {"quyen_han": "TL", "cap_truong": "CHỦ TỊCH", "chuc_vu": "CHÁNH VĂN PHÒNG"},
    ]))
    plan = {
        "co_quan": {"ten": draw(st.sampled_from([["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"], ["ỦY BAN NHÂN DÂN",
                                                   "THÀNH PHỐ HỒ CHÍ MINH"], ["SỞ CÔNG THƯƠNG"]]))},
        "so": draw(st.one_of(st.none(), st.integers(1, 999))),
        "dia_danh": draw(st.sampled_from(["Hòa Bình", "Đồng Tuyền", "Tả Phìn"])),
        "nam": 2025,
        "ngay_ky": draw(st.sampled_from(["05/01/2025", "20/02/2025", "18/11/2025", {"thang": 3, "nam": 2025}, None])),
        "trich_yeu": draw(st.lists(words, min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize())),
        "can_cu": draw(st.lists(sentence, max_size=3)),
        "phan": [muc(1) for _ in range(draw(st.integers(1, 5)))],
        "ket_thuc": [draw(sentence)],
        "noi_nhan": draw(st.lists(title, min_size=1, max_size=5)) + ["Lưu: VT"],
        "nguoi_ky": {**signer, "ho_ten": "Nguyễn Văn An"},
        "trinh_bay": {"co_chu": draw(st.sampled_from([13, 14])),
                      "le": {"tren": draw(st.sampled_from([20, 25])), "trai": draw(st.sampled_from([30, 35])),
                             "phai": draw(st.sampled_from([15, 20]))},
                      "thut_dau_dong": draw(st.sampled_from([1.0, 1.27])),
                      "gian_dong": draw(st.sampled_from([1.0, 1.15, 1.5]))},
    }
    if plan["ngay_ky"] is None:
        del plan["ngay_ky"]
    if draw(st.booleans()):
        plan["phan"][0].setdefault("doan", []).append("Chi tiết tại Phụ lục kèm theo.")
        plan["phu_luc"] = [{"tieu_de": "Danh mục nhiệm vụ", "ngang": draw(st.booleans()),
                            "bang": {"cot": ["TT", "Nội dung", "Thời gian"],
                                     "dong": [["1", draw(sentence), "Quý I"]]}}]
    return plan
