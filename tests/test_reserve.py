"""Tests for gns_lib.engine.reserve: the roll-forward chained from its stated first year, a deficit flagged, gaps refused."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from conftest import namnd_toml
from gns_lib.core.errors import DataError
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.engine.reserve import closing_reserve, committee_result, reserve_roll_forward
from gns_lib.present.commentary import commentary
from gns_lib.present.key_figures import key_figures
from gns_lib.present.render import as_dataframe

NB, M = "\u00a0", "\u2212"

TOML = namnd_toml(ingaende_reserv='"10000,50"', grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")

THREE_YEARS = """
    period;konto;objekt;belopp
    201701;3810;N;-200000
    201705;5010;N;150000
    201709;8010;N;1000
    201801;3810;N;-200000
    201806;5010;N;300000
    201806;3010;N;-20000
    201901;3810;N;-200000
    201906;6010;N;125000,25
    201903;3010;U;-50000
"""


def test_chained_over_three_years_with_a_deficit(make_data):
    ds = load_dataset(make_data({"namnd.toml": TOML, "utfall.csv": THREE_YEARS}))
    roll = reserve_roll_forward(ds)
    y17, y18, y19 = roll.years
    assert (y17.year, y17.opening, y17.contributions, y17.costs, y17.closing) == (
        2017, D("10000.50"), D("200000.00"), D("151000.00"), D("59000.50"))
    # 2018: costs 300 000 less own revenue 20 000 = 280 000 against 200 000: a deficit year.
    assert (y18.opening, y18.contributions, y18.costs, y18.result) == (D("59000.50"), D("200000.00"), D("280000.00"), D("-80000.00"))
    assert y18.closing == D("-20999.50") and y18.deficit
    assert (y19.opening, y19.costs, y19.closing) == (D("-20999.50"), D("125000.25"), D("54000.25"))
    assert not y19.deficit
    assert roll.deficits == (y18,)
    assert roll.year(2018) is y18
    table = as_dataframe(roll)
    assert list(table.columns) == ["", "2017, tkr", "2018, tkr", "2019, tkr"]
    assert list(table["2018, tkr"]) == ["59", "200", "\u2212280", "\u221221"]


def test_through_stops_the_chain(make_data):
    ds = load_dataset(make_data({"namnd.toml": TOML, "utfall.csv": THREE_YEARS}))
    assert [y.year for y in reserve_roll_forward(ds, 2018).years] == [2017, 2018]


def test_a_year_without_outcome_inside_the_chain_is_a_validation_problem(make_data):
    with pytest.raises(DataError) as e:
        load_dataset(make_data({
            "namnd.toml": TOML,
            "utfall.csv": """
                period;konto;objekt;belopp
                201701;3810;N;-200000
                201901;3810;N;-200000
            """,
            "budget.csv": """
                ar;objekt;konto;belopp
                2018;N;5010;150000
            """,
        }))
    assert [str(p) for p in e.value.problems] == [
        "utfall.csv::period: utfall för 2018 saknas, så nämndens reserv kan inte räknas för 2018 och åren efter; "
        "väntade bokföring för varje år från 2017 (första året med utfall) till 2019"
    ]


def test_a_stated_gap_after_the_stated_first_year_names_the_ledger(make_data):
    toml = namnd_toml(ingaende_reserv_ar=2017, grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")
    ledger = "\n".join(line for line in THREE_YEARS.splitlines() if "2018" not in line)
    with pytest.raises(DataError) as e:
        load_dataset(make_data({"namnd.toml": toml, "utfall.csv": ledger}))
    assert [str(p) for p in e.value.problems] == [
        "utfall.csv::period: utfall för 2018 saknas, så nämndens reserv kan inte räknas för 2018 och åren efter; "
        "väntade bokföring för varje år från 2017 (ingaende_reserv_ar i namnd.toml) till 2019"
    ]


def test_a_stated_first_year_without_outcome_is_a_validation_problem(make_data):
    toml = namnd_toml(ingaende_reserv_ar=2016, grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")
    with pytest.raises(DataError) as e:
        load_dataset(make_data({"namnd.toml": toml, "utfall.csv": THREE_YEARS}))
    assert [str(p) for p in e.value.problems] == [
        "namnd.toml::ingaende_reserv_ar: ingaende_reserv_ar är 2016, men utfall för 2016 saknas, så nämndens reserv "
        "kan inte räknas för 2016 och åren efter; väntade det första året med utfall (2017) eller bokföring för 2016 i utfall.csv"
    ]


EARLY_BUDGET_ROW = """
    ar;objekt;konto;belopp
    2016;U;6010;1000
    2018;N;5010;150000
    2018;N;3810;-200000
"""


def test_a_budget_row_before_the_first_year_with_outcome_does_not_start_the_chain(make_data):
    ds = load_dataset(make_data({"namnd.toml": TOML, "utfall.csv": THREE_YEARS, "budget.csv": EARLY_BUDGET_ROW}))
    assert ds.years() == (2016, 2017, 2018, 2019)
    roll = reserve_roll_forward(ds, 2018)
    assert [(y.year, y.opening, y.closing) for y in roll.years] == [
        (2017, D("10000.50"), D("59000.50")), (2018, D("59000.50"), D("-20999.50"))]
    table = as_dataframe(roll)
    assert list(table.columns) == ["", "2017, tkr", "2018, tkr"]
    assert list(table["2018, tkr"]) == ["59", "200", "\u2212280", "\u221221"]
    facts = commentary(ds, 2018, through="2018-12").answers[1].facts
    assert f"Nämndens reserv (balanserat resultat) var 59{NB}tkr vid årets början och är {M}21{NB}tkr vid årets slut, " \
           "som förs över till 2019." in facts


def test_the_chain_starts_in_the_year_the_committee_states(make_data):
    toml = namnd_toml(ingaende_reserv='"10000,50"', ingaende_reserv_ar=2018, grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")
    ds = load_dataset(make_data({"namnd.toml": toml, "utfall.csv": THREE_YEARS}))
    assert ds.committee.ingaende_reserv_ar == 2018
    roll = reserve_roll_forward(ds)
    assert [(y.year, y.opening, y.closing) for y in roll.years] == [
        (2018, D("10000.50"), D("-69999.50")), (2019, D("-69999.50"), D("5000.25"))]


def test_a_year_before_the_chain_has_no_reserve_figures(make_data):
    toml = namnd_toml(ingaende_reserv_ar=2018, grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")
    ds = load_dataset(make_data({"namnd.toml": toml, "utfall.csv": THREE_YEARS}))
    a = analyse_year(ds, 2017)
    assert a.reserve.years == () and a.reserve_year is None
    assert key_figures(ds, 2017, a)["reserve"] == {"opening": None, "contributions": None, "costs": None, "closing": None}
    assert not any("reserv" in f for f in commentary(ds, 2017, a).answers[1].facts)


def test_a_budget_year_after_the_last_outcome_opens_with_the_closing_reserve(make_data):
    budget = "ar;objekt;konto;belopp\n2020;N;5010;150000\n"
    ds = load_dataset(make_data({"namnd.toml": TOML, "utfall.csv": THREE_YEARS, "budget.csv": budget}))
    y20 = reserve_roll_forward(ds).year(2020)
    assert (y20.opening, y20.contributions, y20.closing) == (D("54000.25"), None, None)


def test_without_outcome_or_a_stated_year_there_is_no_chain(make_data):
    ds = load_dataset(make_data())
    unbooked = dataclasses.replace(ds, ledger=ds.ledger.iloc[0:0])
    assert reserve_roll_forward(unbooked).years == ()


def test_the_result_and_the_closing_reserve_are_unknown_when_a_part_is_missing():
    assert committee_result(D("200000.00"), D("151000.00")) == D("49000.00")
    assert committee_result(D("200000.00"), None) is None
    assert closing_reserve(D("10000.50"), D("200000.00"), D("251000.00")) == D("-40999.50")
    assert closing_reserve(None, D("200000.00"), D("151000.00")) is None
    assert closing_reserve(D("10000.50"), None, D("151000.00")) is None
