"""What each kind needs and refuses (lint), and the plan a Quyết định attaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.api import load_plan, prepare_loaded
from kehoach.errors import InvalidInput
from tests.conftest import DATA
from tests.plans import MINIMAL

QD = (DATA / "dong-tuyen-2024.quyet-dinh.yaml").read_text(encoding="utf-8")


def _problems(text: str, tmp_path: Path, name: str = "x.yaml") -> list:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        return prepare_loaded(load_plan(path)).warnings
    except InvalidInput as exc:
        return exc.problems


def _messages(text: str, tmp_path: Path) -> list[str]:
    return [p.message for p in _problems(text, tmp_path)]


@pytest.mark.parametrize("value, fragment", [
    ("../dong-tuyen-2024.yaml", "không ghi đường dẫn tuyệt đối hay `..`"),
    ("/etc/passwd", "không ghi đường dẫn tuyệt đối"),
    ("ke-hoach.txt", "là một tệp .yaml"),
    ("khong-co.yaml", "không tìm thấy tệp kế hoạch `khong-co.yaml`"),
])
def test_the_attached_file_stays_in_the_folder(tmp_path, value, fragment):
    (tmp_path / "ke-hoach.txt").write_text("x", encoding="utf-8")
    problems = _problems(QD.replace("ke_hoach: dong-tuyen-2024.yaml", f"ke_hoach: {value}"), tmp_path)
    assert any(fragment in p.message and p.line == 11 for p in problems), problems


def test_a_link_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "ra-ngoai.yaml").symlink_to(DATA / "dong-tuyen-2024.yaml")
    problems = _problems(QD.replace("ke_hoach: dong-tuyen-2024.yaml", "ke_hoach: ra-ngoai.yaml"), tmp_path)
    assert any("nằm ngoài thư mục" in p.message for p in problems)


def test_a_problem_of_the_attached_file_is_reported_in_that_file(tmp_path):
    plan = (DATA / "dong-tuyen-2024.yaml").read_text(encoding="utf-8").replace("nam: 2024\n", "nam: hai\n", 1)
    (tmp_path / "dong-tuyen-2024.yaml").write_text(plan, encoding="utf-8")
    problems = _problems(QD, tmp_path)
    assert [(Path(p.file).name, p.path) for p in problems] == [("dong-tuyen-2024.yaml", "nam")]


def test_decision_needs_its_authority_and_refuses_a_body(tmp_path):
    (tmp_path / "dong-tuyen-2024.yaml").write_text((DATA / "dong-tuyen-2024.yaml").read_text(encoding="utf-8"))
    text = QD.replace("tham_quyen: Chủ tịch Ủy ban nhân dân xã {{ ten_xa }}\n", "").replace(
        "ke_hoach: dong-tuyen-2024.yaml\n", "ke_hoach: dong-tuyen-2024.yaml\nphan: [{tieu_de: X}]\n")
    messages = _messages(text, tmp_path)
    assert any(m.startswith("quyết định cần `tham_quyen`") for m in messages)
    assert any(m.startswith("quyết định không dùng `phan`") for m in messages)


def test_keys_of_a_decision_are_refused_in_a_plan(tmp_path):
    problems = _problems(MINIMAL + "dieu: [Một điều]\nde_nghi: Theo đề nghị của A\n", tmp_path)
    assert {(p.path, p.severity) for p in problems} == {("dieu", "loi"), ("de_nghi", "loi")}


def test_official_letter_needs_recipients_and_its_own_symbol(tmp_path):
    text = MINIMAL.replace("so: 5\n", "loai: cong-van\nso: 5\n")
    messages = _messages(text, tmp_path)
    assert any(m.startswith("công văn cần `kinh_gui`") for m in messages)
    assert any(m.startswith("công văn cần `ky_hieu`") for m in messages)


def test_a_plan_without_sections_is_still_refused(tmp_path):
    text = MINIMAL[:MINIMAL.index("phan:")] + MINIMAL[MINIMAL.index("noi_nhan:"):]
    assert "thiếu khóa bắt buộc `phan`." in _messages(text, tmp_path)


def test_a_warning_in_the_plan_written_in_place_names_its_place_and_how_to_silence_it(tmp_path):
    """Found by the writer/checker property over every kind: a lint warning with a silencing code
    inside ``ke_hoach:`` was a crash (exit 3)."""
    from kehoach.api import load_plan_text, prepare_loaded

    text = QD.replace("ke_hoach: dong-tuyen-2024.yaml", "ke_hoach:\n  trich_yeu: Phòng chống thiên tai\n  phan:\n"
                      "    - tieu_de: Nội dung\n      y: [Tuyên truyền cho cho người dân]")
    warnings = prepare_loaded(load_plan_text(text)).warnings
    (warning,) = [w for w in warnings if "lặp lại" in w.message]
    assert warning.path.startswith("ke_hoach.phan[0]") and "kehoach: bo-qua lap-tu" in warning.message


IN_PLACE = """\
loai: quyet-dinh
co_quan: {ten: [ỦY BAN NHÂN DÂN, XÃ HÒA BÌNH]}
so: 5
ky_hieu: QĐ-UBND
dia_danh: Hòa Bình
nam: 2025
ngay_ky: 05/01/2025
trich_yeu: Ban hành Kế hoạch phòng, chống thiên tai năm 2025
tham_quyen: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025]
noi_nhan: [Như Điều 3, Các thôn thôn, "Lưu: VT"]
nguoi_ky: {thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
ke_hoach:
  trich_yeu: Phòng, chống thiên tai năm 2025
  phan:
    - tieu_de: Mục đích
      noi_dung: Chủ động phòng phòng ngừa.
"""


def test_a_warning_in_a_plan_written_in_place_is_said_once_where_it_is(tmp_path):
    """A warning of the plan in place (a doubled word) is reported at its line, with how to
    silence it; one of a key it takes from the Quyết định (noi_nhan) once, where it is written."""
    problems = _problems(IN_PLACE, tmp_path)
    doubled = [(p.line, p.path) for p in problems if "lặp lại liền nhau" in p.message]
    assert sorted(doubled) == [(11, "noi_nhan[1]"), (17, "ke_hoach.phan[0].noi_dung")]
    assert all("bo-qua lap-tu" in p.message for p in problems if "lặp lại liền nhau" in p.message)
