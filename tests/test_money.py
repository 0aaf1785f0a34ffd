from decimal import Decimal

import pyarrow as pa
import pytest

from gns_lib.money import kr_to_ore, ore_to_kr, parse_amount, parse_amounts_ore

GOOD = {
    "-1234,56": Decimal("-1234.56"),
    "1 234,56": Decimal("1234.56"),
    "\u22121 234,56": Decimal("-1234.56"),
    "1\u00a0234\u00a0567,5": Decimal("1234567.5"),
    "1\u202f234": Decimal("1234"),
    "0,05": Decimal("0.05"),
    "  42 ": Decimal("42"),
    "-0,1": Decimal("-0.1"),
    "999 999 999 999 999,99": Decimal("999999999999999.99"),
}
BAD = ["1.234,56", "1234.56", "1,234.56", "12 34", "1 2345", "1,234", "", "abc", "--5", "5-", "1e3", "12,", ",5", "1 234,567"]


@pytest.mark.parametrize("text,expected", GOOD.items())
def test_parse_amount_accepts_swedish_forms(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", BAD)
def test_parse_amount_refuses_ambiguous_forms(text):
    with pytest.raises(ValueError, match="ogiltigt belopp"):
        parse_amount(text)


def test_vectorised_parser_agrees_with_scalar_parser():
    texts = list(GOOD) + BAD + [None]
    ore, bad = parse_amounts_ore(pa.chunked_array([pa.array(texts, type=pa.string())]))
    for text, o, b in zip(texts, ore.tolist(), bad.tolist()):
        if text in GOOD:
            assert not b and o == kr_to_ore(GOOD[text]), text
        else:
            assert b and o == 0, text


def test_ore_conversions_are_exact():
    assert ore_to_kr(-123456) == Decimal("-1234.56")
    assert str(ore_to_kr(91440000)) == "914400.00"
    assert kr_to_ore(Decimal("0.01")) == 1
    with pytest.raises(ValueError):
        kr_to_ore(Decimal("0.001"))


@pytest.mark.parametrize("text", ["１２３", "١٢٣,٤٥"])  # full-width and Arabic-Indic digits
def test_only_ascii_digits_are_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)
    _, bad = parse_amounts_ore(pa.chunked_array([pa.array([text])]))
    assert bad.tolist() == [True]
