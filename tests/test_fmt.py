"""Tests for gns_lib.present.fmt: exact Swedish strings, half-up rounding once."""

from __future__ import annotations

from decimal import Decimal as D

import numpy as np
import pytest

from gns_lib.data.money import ore_to_kr
from gns_lib.present import fmt
from gns_lib.present.fmt import (
    MISSING,
    PLOTLY_SEPARATORS,
    json_amount,
    json_pct,
    kr,
    pct,
    signed_pct,
    signed_tkr,
    tkr,
    tkr_text,
)

NB = "\u00a0"
M = "\u2212"


def test_constants():
    assert fmt.NBSP == "\u00a0"
    assert fmt.MINUS == "\u2212"
    assert MISSING == "\u2013"
    assert PLOTLY_SEPARATORS == ",\u00a0"


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        (D("1234567"), 0, f"1{NB}234{NB}567"),
        (1234567, 0, f"1{NB}234{NB}567"),  # int is whole kronor
        (D("-1234567"), 0, f"{M}1{NB}234{NB}567"),
        (0, 0, "0"),
        (D("0.00"), 2, "0,00"),
        (D("999"), 0, "999"),
        (D("1000"), 0, f"1{NB}000"),
        (D("914400.00"), 2, f"914{NB}400,00"),
        (D("0.5"), 0, "1"),  # half-up
        (D("-0.5"), 0, f"{M}1"),  # half away from zero
        (D("2.5"), 0, "3"),  # not banker's rounding
        (D("0.49"), 0, "0"),
        (D("-0.4"), 0, "0"),  # no "−0"
        (D("0.05"), 1, "0,1"),
        (D("-0.05"), 1, f"{M}0,1"),
        (D("0.045"), 2, "0,05"),
        (D("1234.5"), 1, f"1{NB}234,5"),
        (D("123456789012345678901234567890.5"), 0,
         f"123{NB}456{NB}789{NB}012{NB}345{NB}678{NB}901{NB}234{NB}567{NB}891"),
        (D("1E+3"), 0, f"1{NB}000"),
    ],
)
def test_kr(amount, decimals, expected):
    assert kr(amount, decimals) == expected


def test_kr_default_is_whole_kronor():
    assert kr(D("1234567.49")) == f"1{NB}234{NB}567"
    assert kr(D("1234567.50")) == f"1{NB}234{NB}568"


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        (D("914400"), None, "914,4"),
        (D("744800"), None, "744,8"),  # one decimal where needed
        (D("744800"), 0, "745"),  # whole tkr forced ("ca. 745 tkr", tables)
        (D("169600"), 0, "170"),
        (D("13000"), None, "13"),
        (D("12960"), None, "13"),  # rounds to 13,0 at one decimal -> whole
        (D("12949.99"), None, "12,9"),
        (D("12950"), None, "13"),  # 12,95 -> 13,0 half-up -> whole
        (D("-31000"), None, f"{M}31"),
        (D("1500"), 0, "2"),
        (D("-1500"), 0, f"{M}2"),
        (D("1499.99"), 0, "1"),
        (D("50"), None, "0,1"),  # 0,05 tkr half-up
        (D("-50"), None, f"{M}0,1"),
        (D("49.99"), None, "0"),
        (D("-49.99"), None, "0"),  # no "−0"
        (0, None, "0"),
        (0, 1, "0,0"),
        (D("914400"), 1, "914,4"),
        (D("13000"), 1, "13,0"),
        (D("914400"), 2, "914,40"),
        (1234567890, None, f"1{NB}234{NB}567,9"),
        (D("-1234567890"), 0, f"{M}1{NB}234{NB}568"),
        (D("999950"), None, f"1{NB}000"),
    ],
)
def test_tkr(amount, decimals, expected):
    assert tkr(amount, decimals) == expected


def test_tkr_text():
    assert tkr_text(D("914400")) == f"914,4{NB}tkr"
    assert tkr_text(D("744800"), 0) == f"745{NB}tkr"
    assert tkr_text(D("-2500000")) == f"{M}2{NB}500{NB}tkr"
    assert tkr_text(0) == f"0{NB}tkr"
    assert tkr_text(None) == MISSING


@pytest.mark.parametrize(
    ("amount", "decimals", "expected"),
    [
        (D("13000"), None, f"+13{NB}tkr"),
        (D("12600"), None, f"+12,6{NB}tkr"),
        (D("12600"), 0, f"+13{NB}tkr"),
        (D("-31000"), None, f"{M}31{NB}tkr"),
        (D("33000"), None, f"+33{NB}tkr"),
        (0, None, f"\u00b10{NB}tkr"),
        (D("0.00"), 0, f"\u00b10{NB}tkr"),
        (D("49"), None, f"\u00b10{NB}tkr"),  # shown as zero -> ±0
        (D("-49"), None, f"\u00b10{NB}tkr"),
        (D("-499"), 0, f"\u00b10{NB}tkr"),
        (D("-500"), 0, f"{M}1{NB}tkr"),
        (D("1500"), 0, f"+2{NB}tkr"),
        (D("-1500"), 0, f"{M}2{NB}tkr"),
        (D("-1234567"), 0, f"{M}1{NB}235{NB}tkr"),
    ],
)
def test_signed_tkr(amount, decimals, expected):
    assert signed_tkr(amount, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("12.3"), 1, f"12,3{NB}%"),
        (D("12.25"), 1, f"12,3{NB}%"),
        (D("-12.25"), 1, f"{M}12,3{NB}%"),
        (D("0.05"), 1, f"0,1{NB}%"),
        (D("0.04"), 1, f"0,0{NB}%"),
        (D("-0.04"), 1, f"0,0{NB}%"),
        (12, 1, f"12,0{NB}%"),
        (D("12.5"), 0, f"13{NB}%"),
        (D("1234.5"), 1, f"1{NB}234,5{NB}%"),
        (D("100"), 2, f"100,00{NB}%"),
    ],
)
def test_pct(value, decimals, expected):
    assert pct(value, decimals) == expected


def test_pct_default_one_decimal():
    assert pct(D("7.449")) == f"7,4{NB}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("12.3"), f"+12,3{NB}%"),
        (D("-4"), f"{M}4,0{NB}%"),
        (0, f"\u00b10,0{NB}%"),
        (D("-0.04"), f"\u00b10,0{NB}%"),
        (D("0.05"), f"+0,1{NB}%"),
        (D("-0.05"), f"{M}0,1{NB}%"),
    ],
)
def test_signed_pct(value, expected):
    assert signed_pct(value) == expected


def test_signed_pct_decimals():
    assert signed_pct(D("2.5"), 0) == f"+3{NB}%"


def test_missing_is_not_zero():
    for f in (kr, tkr, tkr_text, signed_tkr, pct, signed_pct):
        assert f(None) == MISSING
        assert f(None) != f(0)
    assert json_amount(None) is None
    assert json_pct(None) is None


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (D("914400"), "914400.00"),
        (914400, "914400.00"),
        (D("744800.00"), "744800.00"),
        (D("-31000"), "-31000.00"),
        (0, "0.00"),
        (D("-0.004"), "0.00"),
        (D("0.005"), "0.01"),
        (D("-0.005"), "-0.01"),
        (D("1234567.891"), "1234567.89"),
        (D("1E+6"), "1000000.00"),
        (D("12345678901234567890123456789.125"), "12345678901234567890123456789.13"),
    ],
)
def test_json_amount(amount, expected):
    assert json_amount(amount) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("12.3"), "12.3"),
        (D("12.25"), "12.3"),
        (D("-12.25"), "-12.3"),
        (D("-0.04"), "0.0"),
        (7, "7.0"),
    ],
)
def test_json_pct(value, expected):
    assert json_pct(value) == expected


def test_json_pct_decimals():
    assert json_pct(D("12.345"), 2) == "12.35"


def test_ore_to_kr():
    assert ore_to_kr(91440000) == D("914400.00")
    assert str(ore_to_kr(91440000)) == "914400.00"
    assert ore_to_kr(-1) == D("-0.01")
    assert ore_to_kr(np.int64(12345)) == D("123.45")
    assert json_amount(ore_to_kr(74480000)) == "744800.00"
    assert tkr(ore_to_kr(91440000)) == "914,4"
    for bad in (1.0, D("100"), True, "100", None):
        with pytest.raises(TypeError):
            ore_to_kr(bad)


@pytest.mark.parametrize("bad", [1.0, 0.1, np.float64(1.0), True, "1", np.int64(100)])
def test_float_and_other_types_rejected(bad):
    # numpy ints are refused too: table columns hold öre and must go through ore_to_kr
    for f in (kr, tkr, tkr_text, signed_tkr, pct, signed_pct, json_amount, json_pct):
        with pytest.raises(TypeError):
            f(bad)
    with pytest.raises(TypeError):
        fmt.round_units(bad, 1000, 0)


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_non_finite_rejected(bad):
    for f in (kr, tkr, signed_tkr, pct, json_amount, json_pct):
        with pytest.raises(ValueError):
            f(bad)


@pytest.mark.parametrize("bad", [-1, 1.0, True, "1"])
def test_bad_decimals_rejected(bad):
    with pytest.raises(ValueError):
        kr(D(1), bad)
    with pytest.raises(ValueError):
        tkr(D(1), bad)
    with pytest.raises(ValueError):
        pct(D(1), bad)


def test_round_units_and_signed_number():
    assert fmt.round_units(D("914400"), 1000, 0) == D(914)
    assert fmt.round_units(D("-169600"), 1000, 1) == D("-169.6")
    assert fmt.round_units(D("-400"), 1000, 0) == D(0) and str(fmt.round_units(D("-400"), 1000, 0)) == "0"
    assert fmt.round_units(D("1500"), 1000, 0) == D(2)  # half-up
    assert fmt.signed_number(D("13.1"), 1) == "+13,1"
    assert fmt.signed_number(D("-1234"), 0) == "\u22121\u00a0234"
    assert fmt.signed_number(D(0), 0) == "±0"


def test_incomparable_text_words_every_reason_code():
    from gns_lib.engine.netcost import Incomparable

    assert fmt.incomparable_text(None) == ""
    assert [fmt.incomparable_text(Incomparable(code, 2017)) for code in
            ("no_outcome", "startup", "previous_startup", "previous_no_outcome", "previous_zero")] == [
        "utfall för 2017 saknas", "2017 är ett uppstartsår", "2017 var ett uppstartsår", "utfall för 2017 saknas",
        "nettokostnaden 2017 är noll"]


def test_long_date_and_kr_text():
    from datetime import date

    assert fmt.long_date(date(2018, 4, 1)) == "1 april 2018"
    assert fmt.long_date(date(2019, 12, 31)) == "31 december 2019"
    assert fmt.kr_text(D("101600.00")) == "101\u00a0600\u00a0kr"
    assert fmt.kr_text(D("-12.5")) == "\u221212,50\u00a0kr"
    assert fmt.kr_text(None) == fmt.MISSING
