"""Dates as Decree 30 writes them.

[P1] II.4 and [DL]: in the place-date line, a day under 10 and the months
January and February take a leading zero (``ngày 05 tháng 01``, ``tháng 02``);
months 3 to 12 do not (``tháng 6``). Plans use the same rule in the short form
inside the text (``20/02/2024``, ``05/6``, ``28/6``), as the seed plan does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kehoach.decree import BLANK_DAY, BLANK_NUMBER


def day_text(day: int) -> str:
    return f"{day:02d}"


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


@dataclass(frozen=True, order=True)
class Ngay:
    """A calendar day, or a day and month whose year is the plan's.

    ``15/11/2024`` keeps its year and prints it; ``05/6`` (a reporting
    deadline) prints without one and takes the plan year when it is compared.
    """

    day: int
    month: int
    year: int | None = None

    def short(self) -> str:
        text = f"{day_text(self.day)}/{month_text(self.month)}"
        return f"{text}/{self.year}" if self.year is not None else text

    def to_date(self, plan_year: int) -> dt.date:
        return dt.date(self.year if self.year is not None else plan_year, self.month, self.day)

    def exists(self, plan_year: int) -> bool:
        try:
            self.to_date(plan_year)
        except ValueError:
            return False
        return True

    def __str__(self) -> str:
        return self.short()


_SHORT = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\s*$")


def parse_ngay(value: object) -> Ngay:
    """Accept a YAML date, ``dd/mm/yyyy`` or ``dd/mm``; refuse anything else."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Ngay(value.day, value.month, value.year)
    if isinstance(value, str):
        match = _SHORT.match(value)
        if match:
            day, month = int(match[1]), int(match[2])
            year = int(match[3]) if match[3] else None
            return Ngay(day, month, year)
    raise ValueError("ngay_sai_dang")


def place_date_line(place: str, day: int | None, month: int | None, year: int | None) -> str:
    """``Đồng Tuyền, ngày 05 tháng 01 năm 2026``; blanks where not yet known.

    A plan is often drafted before it is signed: the day (and even the month)
    is left blank for the văn thư to write by hand on the signed copy.
    """
    return f"{place}, {date_words(day, month, year)}"


def date_words(day: int | None, month: int | None, year: int | None) -> str:
    """``ngày 05 tháng 01 năm 2026``, with blanks for what is not yet known."""
    d = day_text(day) if day is not None else BLANK_DAY
    m = month_text(month) if month is not None else BLANK_DAY
    y = str(year) if year is not None else BLANK_DAY
    return f"ngày {d} tháng {m} năm {y}"


def number_text(number: int | str | None) -> str:
    """A document number as written, below 10 with a leading zero ([P1] II.3.c): 5 → 05, "0129" stays."""
    return BLANK_NUMBER if number is None else str(number).zfill(2)


def money_text(amount: int) -> str:
    """Vietnamese grouping: ``10.000.000``."""
    return f"{amount:,}".replace(",", ".")
