"""Tests for gns_lib.engine.netcost: change, comparability, row contributions, fixed prices, accumulation."""

from __future__ import annotations

from decimal import Decimal as D

from gns_lib.present.fmt import json_pct
from gns_lib.data.loader import load_dataset
from gns_lib.engine.netcost import (
    Incomparable, accumulated_comparison, contributions, net_cost, net_cost_trend, net_cost_year,
)
from conftest import namnd_toml
from gns_lib.present.render import as_dataframe


def toml(startup: str = "[]", index: str = "") -> str:
    # Every year with rows on the committee object N needs its grundfinansiering.
    return namnd_toml(uppstartsar=startup, extra=index, grundfinansiering="2017 = 100000\n2018 = 100000\n2019 = 100000")


# Net cost 2017: 100 000 + 20 000 − 40 000 = 80 000 (contributions and financial items left out).
# Net cost 2018: 110 000 + 30 000 + 5 000 − 57 000 = 88 000: +8 000, +10 %.
LEDGER = """
    period;konto;objekt;belopp
    201701;3810;N;-500000
    201702;5010;N;100000
    201703;6010;U;20000
    201703;3010;U;-40000
    201704;8010;N;9999
    201801;3810;N;-500000
    201801;5010;N;60000
    201802;5010;N;50000
    201803;6010;U;30000
    201803;7810;U;5000
    201803;3010;U;-57000
    201803;8010;U;123
"""


def test_change_and_per_cent(make_data):
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": LEDGER}))
    assert net_cost(ds, 2017) == D("80000.00")
    y = net_cost_year(ds, 2018)
    assert (y.net_cost, y.previous, y.change, y.change_pct) == (D("88000.00"), D("80000.00"), D("8000.00"), D("10"))
    assert y.comparable and y.reason is None
    assert y.fixed_price_change_pct is None  # no [prisindex]


def test_startup_year_is_not_comparable(make_data):
    ds = load_dataset(make_data({"namnd.toml": toml("[2017]"), "utfall.csv": LEDGER}))
    first, second = net_cost_trend(ds)
    assert (first.year, first.comparable, first.reason) == (2017, False, Incomparable("startup", 2017))
    assert (second.year, second.comparable, second.reason) == (2018, False, Incomparable("previous_startup", 2017))
    assert second.net_cost == D("88000.00") and second.change is None and second.change_pct is None
    c = contributions(ds, 2018)
    assert c.change is None and all(x.contribution is None for x in c.lines)
    assert c.reason == Incomparable("previous_startup", 2017)


def test_missing_previous_year_is_not_comparable(make_data):
    ledger = "\n".join(line for line in LEDGER.splitlines() if not line.strip().startswith("2017"))
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": ledger.replace("2018", "2019")}))
    y = net_cost_year(ds, 2019)
    assert y.reason == Incomparable("previous_no_outcome", 2018) and y.previous is None and y.change is None
    assert accumulated_comparison(ds, 2019).months[0].previous is None


def test_zero_previous_net_cost_is_not_comparable(make_data):
    ledger = LEDGER.replace("201703;3010;U;-40000", "201703;3010;U;-120000")
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": ledger}))
    assert net_cost(ds, 2017) == D("0.00")
    assert net_cost_year(ds, 2018).reason == Incomparable("previous_zero", 2017)


def test_row_contributions_add_up_to_the_change_exactly(make_data):
    ledger = LEDGER + "    201811;6990;N;0,01\n    201812;3010;U;-0,03\n"
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": ledger}))
    change = net_cost_year(ds, 2018).change
    assert change == D("7999.98")
    by_row = contributions(ds, 2018, "rad")
    assert [(x.key, x.previous, x.current, x.contribution) for x in by_row.lines] == [
        ("Verksamhetens intäkter", D("-40000.00"), D("-57000.03"), D("-17000.03")),
        ("Personalkostnader", D("100000.00"), D("110000.00"), D("10000.00")),
        ("Övriga kostnader", D("20000.00"), D("30000.01"), D("10000.01")),
        ("Avskrivningar", D("0.00"), D("5000.00"), D("5000.00")),
    ]
    assert sum(x.contribution for x in by_row.lines) == change == by_row.change
    by_object = contributions(ds, 2018, "objekt")
    assert [(x.key, x.contribution) for x in by_object.lines] == [("N", D("10000.01")), ("U", D("-2000.03"))]
    assert sum(x.contribution for x in by_object.lines) == change
    shown = as_dataframe(by_row)
    assert list(shown["Bidrag till förändringen, tkr"]) == ["\u221217", "+10", "+10", "+5", "+8"]


def test_fixed_prices(make_data):
    ds = load_dataset(make_data({"namnd.toml": toml(index='[prisindex]\n2018 = "2,0"'), "utfall.csv": LEDGER}))
    y = net_cost_year(ds, 2018)
    assert y.price_index == D("2.0") and y.change_pct == D("10")
    # (1 + 0.10) / (1 + 0.02) − 1 = 0.0784313725…
    assert y.fixed_price_change_pct.quantize(D("0.0000000001")) == D("7.8431372549")
    assert json_pct(y.fixed_price_change_pct) == "7.8"


def test_accumulated_month_by_month(make_data):
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": LEDGER}))
    acc = accumulated_comparison(ds, 2018)
    assert acc.reason is None
    assert [(m.month, m.current, m.previous, m.difference) for m in acc.months] == [
        (1, D("60000.00"), D("0.00"), D("60000.00")),
        (2, D("110000.00"), D("100000.00"), D("10000.00")),
        (3, D("88000.00"), D("80000.00"), D("8000.00")),
    ]
    assert acc.months[0].change_pct is None  # previous 0: no per cent
    assert acc.months[2].change_pct == D("10")


def test_accumulated_lists_only_months_with_bookings_but_sums_every_month(make_data):
    # 2018 is booked in January and March only; February 2017 still counts in March's comparison.
    ledger = "\n".join(line for line in LEDGER.splitlines() if "201802" not in line)
    ds = load_dataset(make_data({"namnd.toml": toml(), "utfall.csv": ledger}))
    acc = accumulated_comparison(ds, 2018)
    assert [(m.month, m.current, m.previous) for m in acc.months] == [
        (1, D("60000.00"), D("0.00")),
        (3, D("38000.00"), D("80000.00")),
    ]
    assert list(as_dataframe(acc).iloc[:, 0]) == ["jan", "mar"]
