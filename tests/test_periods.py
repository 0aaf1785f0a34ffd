"""Tests for gns_lib.engine.periods: `through` parsed both ways, rule 1 (the last booked month), names."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import namnd_toml
from gns_lib.core.errors import GnsError
from gns_lib.data.loader import load_dataset
from gns_lib.engine.periods import Period, parse_through, period_of


def test_through_is_written_with_or_without_a_dash():
    assert parse_through("2018-08") == (2018, 8) and parse_through("201808") == (2018, 8)
    with pytest.raises(ValueError, match="ogiltig månad '2018-13'; väntade ÅÅÅÅ-MM"):
        parse_through("2018-13")


def test_names_and_dates():
    p = Period(2018, 8)
    assert (p.label, p.name, p.span, p.last_day) == ("2018-08", "augusti 2018", "januari–augusti 2018", date(2018, 8, 31))
    assert p.first_line == "Utfall till och med augusti 2018" and p.report_title == "Delårsrapport augusti 2018"
    assert Period(2019, 2).last_day == date(2019, 2, 28) and Period(2018, 12).report_title == "Årsbokslut 2018"


def test_without_through_the_last_booked_month(make_data):
    ds = load_dataset(make_data({"namnd.toml": namnd_toml(grundfinansiering="2018 = 100000\n2019 = 100000"),
                                 "utfall.csv": """
        period;konto;objekt;belopp
        201901;3810;N;-200000
        201903;5010;N;30000
    """}))
    assert period_of(ds, 2019) == Period(2019, 3)
    assert period_of(ds, 2018) == Period(2018, 12)  # no bookings at all: the whole year
    assert period_of(ds, 2019, "2019-12") == Period(2019, 12)  # forces the whole year
    assert period_of(ds, 2019, "201902") == Period(2019, 2)


def test_a_month_of_another_year_is_refused(make_data):
    with pytest.raises(GnsError, match="månaden 2019-03 ligger inte i året 2018"):
        period_of(load_dataset(make_data({})), 2018, "2019-03")
