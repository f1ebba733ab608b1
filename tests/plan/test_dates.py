import datetime as dt

import pytest

from kehoach.plan.dates import Ngay, day_text, money_text, month_text, number_text, parse_ngay, place_date_line


@pytest.mark.parametrize("day, expected", [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (31, "31")])
def test_day_below_ten_has_a_leading_zero(day, expected):
    assert day_text(day) == expected


@pytest.mark.parametrize("month, expected", [(1, "01"), (2, "02"), (3, "3"), (6, "6"), (10, "10"), (12, "12")])
def test_only_january_and_february_have_a_leading_zero(month, expected):
    assert month_text(month) == expected


def test_place_date_line_full():
    assert place_date_line("Đồng Tuyền", 5, 1, 2026) == "Đồng Tuyền, ngày 05 tháng 01 năm 2026"
    assert place_date_line("Đồng Tuyền", 18, 11, 2025) == "Đồng Tuyền, ngày 18 tháng 11 năm 2025"
    assert place_date_line("Đồng Tuyền", 10, 3, 2024) == "Đồng Tuyền, ngày 10 tháng 3 năm 2024"


def test_place_date_line_blank_day_keeps_month_and_year():
    line = place_date_line("Đồng Tuyền", None, 2, 2024)
    assert line.startswith("Đồng Tuyền, ngày ")
    assert line.endswith(" tháng 02 năm 2024")
    assert "ngày  " in line  # room to write the day by hand


def test_place_date_line_fully_blank():
    line = place_date_line("Đồng Tuyền", None, None, 2024)
    assert "tháng  " in line and line.endswith("năm 2024")


@pytest.mark.parametrize("value, short", [
    ("15/11/2024", "15/11/2024"), ("5/6", "05/6"), ("20/2/2024", "20/02/2024"), ("1/1", "01/01"),
    (dt.date(2024, 6, 28), "28/6/2024"), ("08-03-2024", "08/3/2024"),
])
def test_short_dates_follow_the_same_zero_rule(value, short):
    assert parse_ngay(value).short() == short


@pytest.mark.parametrize("value", ["31/2/2024x", "hôm nay", "2024", "", "1/2/3/4"])
def test_not_a_date(value):
    with pytest.raises(ValueError):
        parse_ngay(value)


def test_day_and_month_take_the_plan_year():
    assert Ngay(29, 2).exists(2024) and not Ngay(29, 2).exists(2025)
    assert not Ngay(31, 4, 2024).exists(2024)


@pytest.mark.parametrize("number, text", [(1, "01"), (9, "09"), (10, "10"), (172, "172")])
def test_document_numbers_below_ten_have_a_leading_zero(number, text):
    assert number_text(number) == text


def test_blank_number_leaves_room():
    assert number_text(None).strip() == "" and len(number_text(None)) >= 4


def test_money_uses_dots_between_thousands():
    assert money_text(10_000_000) == "10.000.000"
    assert money_text(500) == "500"
