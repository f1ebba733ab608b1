"""Dates a clerk writes: the year they carry is kept, a day and month take the plan's."""

from __future__ import annotations

import datetime as dt

from kehoach.api import load_plan_text
from kehoach.plan.dates import Ngay, date_words, parse_ngay
from tests.plans import MINIMAL


def test_a_date_keeps_its_own_year_and_a_day_and_month_take_the_plan_year():
    assert Ngay(31, 1, 2026).to_date(2025) == dt.date(2026, 1, 31)
    assert Ngay(5, 6).to_date(2025) == dt.date(2025, 6, 5)
    assert Ngay(29, 2, 2024).exists(2025) and not Ngay(29, 2, 2025).exists(2024)


def test_an_activity_across_the_new_year_is_accepted():
    text = MINIMAL.replace("    y:\n      - Một ý", "    hoat_dong:\n"
                           "      - thoi_gian: {tu_ngay: 01/12/2025, den_ngay: 31/01/2026}")
    period = load_plan_text(text).plan.phan[0].hoat_dong[0].thoi_gian
    assert (str(period.tu_ngay), str(period.den_ngay)) == ("01/12/2025", "31/01/2026")


def test_short_forms_print_with_or_without_their_year():
    assert (Ngay(5, 6).short(), str(Ngay(5, 6, 2025))) == ("05/6", "05/6/2025")
    assert parse_ngay(dt.datetime(2025, 3, 8, 14, 30)) == Ngay(8, 3, 2025)  # a YAML timestamp: its day only
    assert parse_ngay(" 8 . 3 . 2025 ") == Ngay(8, 3, 2025)


def test_the_place_date_words_leave_five_spaces_for_what_is_not_known():
    blank = " " * 5  # room for the văn thư to write by hand
    assert date_words(None, None, None) == f"ngày {blank} tháng {blank} năm {blank}"
    assert date_words(None, 2, 2025) == f"ngày {blank} tháng 02 năm 2025"
    assert date_words(5, 1, 2026) == "ngày 05 tháng 01 năm 2026"
