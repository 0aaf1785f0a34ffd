from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gns_lib.data.money import kr_to_ore, ore_to_kr, parse_amount, parse_amounts_ore

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


def assert_agrees_with_scalar_parser(column: pa.ChunkedArray, texts: list[str]) -> None:
    """Each row: the öre `parse_amount` gives and valid, or 0 and invalid where it refuses."""
    ore, bad = parse_amounts_ore(column)
    assert len(ore) == len(bad) == len(texts)
    for text, o, b in zip(texts, ore.tolist(), bad.tolist()):
        try:
            expected = kr_to_ore(parse_amount(text))
        except ValueError:
            assert b and o == 0, text
        else:
            assert not b and o == expected, text


@pytest.mark.parametrize("texts", [
    ["-1234,56", "0,05", "999999999999999,99", "-999999999999999,99", "12345678,90", "123456789,01", "-0,00"],
    ["1,00"] * 3 + ["1 234,56"],  # one value outside the plain form: the chunk takes the general parser
    ["1-34,56", "12,34"], ["-,12", "1,23"], ["1234,5x", "1,00"], ["1234567890123456,00"],
])
def test_plain_export_form_is_exact_and_strict(texts):
    assert_agrees_with_scalar_parser(pa.chunked_array([pa.array(texts)]), texts)


amount_texts = st.one_of(
    st.builds(lambda neg, kr, ore: f"{'-' if neg else ''}{kr},{ore:02d}", st.booleans(),
              st.integers(0, 10**15 - 1), st.integers(0, 99)),
    st.text(alphabet="0123456789-,. \u00a0\u2212", max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(amount_texts, max_size=30), min_size=1, max_size=4))
def test_vectorised_parser_agrees_with_scalar_parser_on_any_chunking(chunks):
    column = pa.chunked_array([pa.array(c, type=pa.string()) for c in chunks], type=pa.string())
    assert_agrees_with_scalar_parser(column, [t for c in chunks for t in c])


def test_sliced_chunks_are_read_from_their_own_offset():
    whole = pa.array(["9,99", "-1234,56", "123456789012,34", "7,00"])
    column = pa.chunked_array([whole.slice(1, 2), whole.slice(3)])
    assert_agrees_with_scalar_parser(column, ["-1234,56", "123456789012,34", "7,00"])
