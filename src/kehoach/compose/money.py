"""Amounts of money as Vietnamese documents write them.

``1.500.000.000`` (dot between thousands, comma before decimals) and the
amount in words, "một tỷ năm trăm triệu", as a "Bằng chữ: …" line reads it.
Written by hand rather than taken from num2words: its Vietnamese reads 2024
as "hai nghìn lẻ hai mươi bốn", where an official document says "hai nghìn
không trăm hai mươi tư" (the tests pin the readings). Conventions kept:
"linh" for a zero ten after hundreds (105 = một trăm linh năm), "không trăm"
for a zero hundred inside a number (2024, 1.005.000), "mốt" for 1 and "tư"
for 4 after "mươi", "lăm" for 5 after "mười"/"mươi".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ")
MAX_AMOUNT = 10**18  # a trillion of billions: far above any budget, bounded so words stay short
_NUMBER = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")


def parse_amount(text: object) -> Decimal | None:
    """``1.500.000`` / ``1500000`` / ``2,5`` / an int → Decimal; None when not a number."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(str(text))
    if not isinstance(text, str):
        return None
    value = text.strip().replace(" ", "")
    if not _NUMBER.match(value):
        return None
    try:
        amount = Decimal(value.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return amount if abs(amount) < MAX_AMOUNT else None


def amount_text(amount: Decimal | int) -> str:
    """Vietnamese grouping: ``1.500.000.000``; decimals after a comma (``2,5``)."""
    amount = Decimal(amount)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def _three(n: int, full: bool) -> list[str]:
    """Words of 0–999; ``full``: a group after a higher one reads its zero hundreds ("không trăm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(n: int) -> list[str]:
    if n == 0:
        return ["không"]
    billions, rest = divmod(n, 10**9)
    words: list[str] = []
    if billions:
        words += _words(billions) + ["tỷ"]
    groups = [(rest // 10**6) % 1000, (rest // 1000) % 1000, rest % 1000]
    for index, group in enumerate(groups):
        if group == 0:
            continue
        words += _three(group, full=bool(words))
        name = _GROUPS[2 - index]
        if name:
            words.append(name)
    return words


def amount_words(amount: Decimal | int, unit: str = "đồng") -> str:
    """``1500000000`` → "Một tỷ năm trăm triệu đồng" (whole amounts only)."""
    amount = Decimal(amount)
    if amount != amount.to_integral_value() or abs(amount) >= MAX_AMOUNT:
        raise ValueError("chỉ đọc được số tiền chẵn (không có phần lẻ).")
    n = int(amount)
    words = (["âm"] if n < 0 else []) + _words(abs(n))
    text = " ".join(words + ([unit] if unit else []))
    return text[:1].upper() + text[1:]
