"""Tests for gns_lib.engine.reserve: the roll-forward chained over the years, a deficit flagged."""

from __future__ import annotations

from decimal import Decimal as D

from gns_lib.data.loader import load_dataset
from conftest import namnd_toml
from gns_lib.present.render import as_dataframe
from gns_lib.engine.reserve import reserve_roll_forward

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


def test_a_year_without_outcome_breaks_the_chain(make_data):
    ds = load_dataset(make_data({
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
    y17, y18, y19 = reserve_roll_forward(ds).years
    assert y17.closing == D("210000.50")
    assert y18.opening == D("210000.50") and y18.contributions is None and y18.closing is None
    assert y19.opening is None and y19.contributions == D("200000.00") and y19.closing is None
