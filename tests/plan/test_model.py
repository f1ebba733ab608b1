"""The plan format: what is accepted, what is refused, and where."""

from __future__ import annotations

import pytest

from kehoach.api import load_plan_text, prepare_loaded
from kehoach.errors import InvalidInput

from tests.plans import MINIMAL

def problems_of(text: str):
    with pytest.raises(InvalidInput) as info:
        prepare_loaded(load_plan_text(text, "plan.yaml"))  # as render does: checks and composition
    return info.value.problems


def test_minimal_plan_is_valid():
    result = load_plan_text(MINIMAL)
    assert result.plan.nam == 2025 and result.plan.so == "5"  # the number is text: "0129" keeps its zero


def test_unknown_key_is_reported_with_its_position_and_a_suggestion():
    text = MINIMAL.replace("noi_nhan:", "noi_nhanh:")
    problems = problems_of(text)
    unknown = [p for p in problems if "noi_nhanh" in p.message]
    assert unknown and unknown[0].line == text.splitlines().index("noi_nhanh:") + 1
    assert "noi_nhan" in unknown[0].message and "có phải ý bạn là" in unknown[0].message.lower()
    assert any("thiếu khóa bắt buộc `noi_nhan`" in p.message for p in problems)


def test_all_problems_are_reported_at_once():
    text = MINIMAL.replace("nam: 2025", "nam: hai nghìn").replace("so: 5", "so: -1")
    problems = problems_of(text)
    assert {p.path for p in problems} >= {"nam", "so"}


def test_impossible_date_is_refused_where_it_is():
    text = MINIMAL.replace("ngay_ky: 03/01/2025", "ngay_ky: 31/02/2025")
    (problem,) = problems_of(text)
    assert "31/02/2025 không tồn tại" in problem.message
    assert problem.line == 8 and problem.path == "ngay_ky"


def test_period_ending_before_it_starts_is_refused():
    text = MINIMAL.replace("    y:\n      - Một ý", "    hoat_dong:\n      - thoi_gian: {tu_ngay: 15/12/2025, den_ngay: 15/11/2025}")
    (problem,) = problems_of(text)
    assert "trước ngày bắt đầu" in problem.message


def test_noi_nhan_must_end_with_luu():
    (problem,) = problems_of(MINIMAL.replace('  - "Lưu: VT"\n', ""))
    assert "Lưu" in problem.message and problem.path == "noi_nhan"


def test_kt_needs_the_head_title():
    text = MINIMAL.replace("  chuc_vu: Chủ tịch\n", "  quyen_han: KT\n  chuc_vu: Phó chủ tịch\n")
    (problem,) = problems_of(text)
    assert "cap_truong" in problem.message


@pytest.mark.parametrize("margin, ok", [("trai: 30", True), ("trai: 35", True), ("trai: 25", False),
                                        ("phai: 21", False), ("tren: 25", True), ("duoi: 19", False)])
def test_margins_only_inside_the_decree_ranges(margin, ok):
    text = MINIMAL + f"trinh_bay:\n  le:\n    {margin}\n"
    if ok:
        load_plan_text(text)
    else:
        (problem,) = problems_of(text)
        assert "ngoài khoảng" in problem.message


def test_undefined_variable_names_the_field_and_line():
    text = MINIMAL.replace("Phòng chống thiên tai năm {{ nam }}", "Phòng chống thiên tai {{ ten_huyen }}")
    (problem,) = problems_of(text)
    assert "ten_huyen" in problem.message and problem.path == "trich_yeu" and problem.line == 9


def test_template_injection_is_refused():
    text = MINIMAL.replace("Một ý", "\"{{ ''.__class__.__mro__ }}\"")
    (problem,) = problems_of(text)
    assert "không được phép" in problem.message and problem.path.startswith("phan[0].y[0]")


def test_python_tags_never_construct_objects():
    text = MINIMAL.replace("so: 5", "so: !!python/object/apply:os.system ['echo hi']")
    (problem,) = problems_of(text)
    assert "không được phép" in problem.message and problem.line == 5


def test_duplicate_keys_are_refused():
    text = MINIMAL.replace("so: 5\n", "so: 5\nso: 6\n")
    (problem,) = problems_of(text)
    assert "lặp lại" in problem.message and problem.line == 6


def test_header_lines_may_be_one_text_with_line_breaks():
    text = MINIMAL.replace('  ten: [Ủy ban nhân dân, "Xã {{ ten_xa }}"]', "  ten: |\n    ỦY BAN NHÂN DÂN\n    XÃ HÒA BÌNH")
    assert load_plan_text(text).plan.co_quan.ten == ["ỦY BAN NHÂN DÂN", "XÃ HÒA BÌNH"]


def test_too_deep_nesting_names_the_numbering_setting():
    deep = MINIMAL.replace("    y:\n      - Một ý", "    muc:\n      - tieu_de: A\n        muc:\n          - tieu_de: B\n"
                                                    "            muc:\n              - tieu_de: C\n")
    (problem,) = problems_of(deep + "trinh_bay:\n  danh_so: [I, '1', a]\n")
    assert "danh_so" in problem.message and problem.path == "phan[0].muc[0].muc[0].muc[0]"


def test_unquoted_variable_at_the_start_of_a_value_gets_a_hint():
    (problem,) = problems_of(MINIMAL.replace("      - Một ý", "      - {{ ten_xa }} là xã miền núi"))
    assert "dấu nháy kép" in problem.message and problem.line == 13


def test_model_choices_are_the_rules_choices():
    import typing

    from kehoach import decree
    from kehoach.plan.model import NguoiKy, TrinhBay

    markers = typing.get_args(typing.get_args(NguoiKy.model_fields["quyen_han"].annotation)[0])
    assert set(markers) | {"TM"} == set(decree.SIGNER_MARKERS)
    assert set(typing.get_args(TrinhBay.model_fields["co_chu"].annotation)) == set(decree.SIZE_SETS)
    assert set(typing.get_args(TrinhBay.model_fields["thut_dau_dong"].annotation)) == set(decree.FIRST_LINE_INDENTS_CM)


def test_reading_and_validation_problems_are_reported_together():
    text = MINIMAL.replace("so: 5\n", "so: 5\nso: 6\n").replace("nam: 2025", "nam: abc")
    problems = problems_of(text)
    assert [p.line for p in problems] == [6, 8]
    assert "lặp lại" in problems[0].message and "số nguyên" in problems[1].message
