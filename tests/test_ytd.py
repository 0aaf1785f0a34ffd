"""Tests for gns_lib.engine.ytd and the delår analysis: budget and outcome through M, last year's same months,
the forecast known by then, the reserve during the year; never a part of a year against a whole year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from conftest import namnd_toml
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.engine.netcost import Incomparable

BUDGET = """
    ar;objekt;konto;belopp;version
    2018;N;3810;-240000;fastställd
    2018;N;5010;120000;fastställd
    2018;N;5010;24000;ändring
    2018;U;3010;-60000;fastställd
    2018;U;6010;60000;fastställd
    2019;N;3810;-240000;fastställd
    2019;N;5010;120000;fastställd
    2019;U;3010;-120000;fastställd
    2019;U;6010;120000;fastställd
"""
LEDGER = """
    period;konto;objekt;belopp
    201801;3810;N;-240000
    201802;5010;N;10000
    201803;5010;N;10000
    201807;5010;N;50000
    201803;3010;U;-60000
    201803;6010;U;15000
    201812;6010;U;45000
    201901;3810;N;-240000
    201902;5010;N;12000
    201903;5010;N;12000
    201903;3010;U;-30000
    201903;6010;U;40000
"""
FORECAST = """
    ar;prognos;datum;objekt;konto;belopp
    2019;Delår mars;2019-03-31;U;3010;-120000
    2019;Delår mars;2019-03-31;U;6010;150000
    2019;Delår mars;2019-03-31;N;3810;-240000
    2019;Delår mars;2019-03-31;N;5010;130000
    2019;Delår april;2019-04-30;U;3010;-120000
    2019;Delår april;2019-04-30;U;6010;100000
"""


def dataset(make_data, **files):
    return load_dataset(make_data({"budget.csv": BUDGET, "utfall.csv": LEDGER, "prognos.csv": FORECAST,
                                   "namnd.toml": namnd_toml(grundfinansiering="2018 = 120000\n2019 = 120000"), **files}))


def test_a_ledger_cut_after_march_is_analysed_through_march(make_data):
    a = analyse_year(dataset(make_data), 2019)
    assert a.interim and a.period.first_line == "Utfall till och med mars 2019"
    u = a.budget.object("U").total
    # budget −120 000 + 120 000 spread evenly: three months of each; outcome −30 000 + 40 000
    assert (u.budget, u.actual, u.variance) == (D("0.00"), D("-10000.00"), D("-10000.00"))
    n = a.budget.object("N")
    assert [r.rad for r in n.rows] == ["Bidrag från parter", "Personalkostnader"]  # no year-end reservation
    assert (n.total.budget, n.total.actual) == (D("30000.00"), D("216000.00"))  # 60 000 − 30 000; 240 000 − 24 000


def test_budget_change_is_spread_with_the_budget(make_data):
    a = analyse_year(dataset(make_data), 2018, "2018-03")
    row = a.budget.object("N").row("Personalkostnader")
    assert (row.original, row.changes, row.budget, row.actual) == (D("-30000.00"), D("-6000.00"), D("-36000.00"), D("-20000.00"))
    assert row.variance == D("16000.00")


def test_year_to_date_against_the_same_months_last_year(make_data):
    a = analyse_year(dataset(make_data), 2019)
    y = a.ytd
    assert (y.object("U").actual, y.object("U").previous, y.object("U").change) == (D("-10000.00"), D("45000.00"), D("-55000.00"))
    assert y.object("U").change_pct == D("-55000.00") * 100 / D("45000.00")
    assert (y.total.budget, y.total.actual, y.total.variance, y.total.previous) == (
        D("30000.00"), D("206000.00"), D("176000.00"), D("265000.00"))
    assert [(r.rad, r.previous) for r in y.rows] == [
        ("Bidrag från parter", D("240000.00")), ("Verksamhetens intäkter", D("60000.00")),
        ("Personalkostnader", D("-20000.00")), ("Övriga kostnader", D("-15000.00"))]


def test_previous_year_missing_gives_no_previous_outcome(make_data):
    a = analyse_year(dataset(make_data), 2018, "2018-03")
    assert a.ytd.total.previous is None and a.ytd.total.change is None
    assert a.net_cost.reason == Incomparable("previous_no_outcome", 2017)


def test_net_cost_compares_the_same_months(make_data):
    a = analyse_year(dataset(make_data), 2019)
    # Jan–Mar 2019: 24 000 + 40 000 − 30 000 = 34 000; Jan–Mar 2018: 20 000 + 15 000 − 60 000 = −25 000
    assert (a.net_cost.net_cost, a.net_cost.previous, a.net_cost.change) == (D("34000.00"), D("-25000.00"), D("59000.00"))
    assert [(n.year, n.net_cost) for n in a.net_cost_trend] == [(2018, D("-25000.00")), (2019, D("34000.00"))]
    assert [m.month for m in a.accumulated.months][-1] == 3


def test_start_up_year_is_not_compared(make_data):
    a = analyse_year(dataset(make_data, **{"namnd.toml": namnd_toml(uppstartsar="[2018]", grundfinansiering="2018 = 1\n2019 = 1")}), 2019)
    assert a.net_cost.reason == Incomparable("previous_startup", 2018) and a.net_cost.change is None


def test_forecast_is_the_latest_dated_by_the_end_of_the_month(make_data):
    ds = dataset(make_data)
    a = analyse_year(ds, 2019)  # through March: "Delår april" is not known yet
    assert [f.name for f in a.forecasts.forecasts] == ["Delår mars"] and a.forecasts.as_of == date(2019, 3, 31)
    u = a.forecasts.latest.object("U")
    assert (u.budget, u.forecast, u.actual, u.variance, u.forecast_vs_budget) == (
        D("0.00"), D("-30000.00"), None, None, D("-30000.00"))
    later = analyse_year(ds, 2019, "2019-04")
    assert later.forecasts.latest.name == "Delår april"
    assert later.forecasts.latest.object("U").forecast_vs_budget == D("20000.00")


def test_reserve_during_the_year(make_data):
    a = analyse_year(dataset(make_data), 2019)
    r = a.interim_reserve
    # 2018: 240 000 in, 70 000 out: closing 170 000 opens 2019
    assert (r.opening, r.contributions, r.costs, r.result) == (D("170000.00"), D("240000.00"), D("24000.00"), D("216000.00"))
    assert r.with_result == D("386000.00") and not r.deficit
    assert (r.forecast, r.forecast_contributions, r.forecast_costs, r.expected_closing) == (
        "Delår mars", D("240000.00"), D("130000.00"), D("280000.00"))
    assert [y.year for y in a.reserve.years] == [2018]


def test_the_whole_year_is_unchanged(make_data):
    a = analyse_year(dataset(make_data), 2018)
    assert not a.interim and a.ytd is None and a.period.month == 12
    assert a.budget.object("N").row("Reservering till kommande år").actual == D("-170000.00")
    forced = analyse_year(dataset(make_data), 2019, "2019-12")
    assert not forced.interim and forced.budget.object("U").total.budget == D("0.00")


def test_monthly_outcome_and_contributions_follow_the_period(make_data):
    from gns_lib.engine.ytd import contributions_through, monthly_outcome_through

    ds = dataset(make_data)
    m = monthly_outcome_through(ds, 2018, by="objekt", through="2018-03")
    assert m.last_month == 3 and m.total.year_total == D("265000.00")  # the same as the ytd previous of 2019
    c = contributions_through(ds, 2019, by="rad")  # rule 1: through March, against January–March 2018
    assert c.change == D("59000.00") and sum(x.contribution for x in c.lines) == D("59000.00")
    assert [(x.key, x.previous, x.current) for x in c.lines] == [
        ("Verksamhetens intäkter", D("-60000.00"), D("-30000.00")), ("Personalkostnader", D("20000.00"), D("24000.00")),
        ("Övriga kostnader", D("15000.00"), D("40000.00"))]
