"""Money: Vietnamese grouping and amounts in words, pinned against readings an office writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kehoach.compose.money import amount_text, amount_words, parse_amount


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (100, "Một trăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (1000, "Một nghìn đồng"),
    (2024, "Hai nghìn không trăm hai mươi tư đồng"),  # num2words: "hai nghìn lẻ hai mươi bốn"
    (2005, "Hai nghìn không trăm linh năm đồng"),
    (10_500, "Mười nghìn năm trăm đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_500_000_000, "Một tỷ năm trăm triệu đồng"),
    (2_000_000_000, "Hai tỷ đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (15_250_000, "Mười lăm triệu hai trăm năm mươi nghìn đồng"),
    (121_000_000, "Một trăm hai mươi mốt triệu đồng"),
])
def test_amount_in_words(amount, words):
    assert amount_words(amount) == words


@pytest.mark.parametrize("text, value", [
    ("1.500.000.000", Decimal(1_500_000_000)), ("1500000", Decimal(1_500_000)), (1200, Decimal(1200)),
    ("2,5", Decimal("2.5")), ("1.234,75", Decimal("1234.75")), (" 12 ", Decimal(12)),
    ("1.5OO", None), ("12.34", None), ("Theo dự toán", None), ("", None), (True, None),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize("value, text", [
    (1_500_000_000, "1.500.000.000"), (999, "999"), (Decimal("1234.50"), "1.234,5"), (-2000, "-2.000"),
])
def test_amount_text(value, text):
    assert amount_text(value) == text


def test_words_refuse_a_fraction():
    with pytest.raises(ValueError):
        amount_words(Decimal("2.5"))
