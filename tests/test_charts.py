"""gns_lib.present.charts: each report chart has its Swedish title, its series, and the exact amounts in tkr."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.present import charts as plots
from gns_lib.allocation.year import allocate_year
from gns_lib.engine.analysis import analyse_year
from gns_lib.data.loader import load_dataset
from gns_lib.data.money import ore_to_kr
from gns_lib.allocation.statements import party_statements
from gns_lib.present.tables import MONTHS

K = D(1000)
PARTY_NAMES = ["Region Jämtland Härjedalen", "Åre kommun", "Östersunds kommun", "Krokoms kommun", "Bergs kommun",
               "Ragunda kommun", "Strömsunds kommun", "Bräcke kommun", "Härjedalens kommun"]


def exact(values) -> list[D | None]:
    """The plotted floats read back as the shortest decimal that gives the same float."""
    return [None if v is None else D(repr(v)) for v in values]


def tkr(amounts) -> list[D | None]:
    return [None if a is None else a / K for a in amounts]


def values(trace) -> list[D | None]:
    return exact(trace.x if trace.orientation == "h" else trace.y)


def labels(trace) -> list:
    return list(trace.y if trace.orientation == "h" else trace.x)


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.fixture(scope="module", params=[2018, 2019])
def year(request, ds):
    y = request.param
    analysis = analyse_year(ds, y)
    return y, analysis, party_statements(ds, allocate_year(ds, y))


def test_result_by_object(year):
    y, a, _ = year
    fig = plots.result_by_object(a)
    assert fig.layout.title.text == f"Resultat per objekt {y}, netto"
    assert [t.name for t in fig.data] == ["Reviderad budget", "Utfall"]
    objs = a.budget.objects
    for t in fig.data:
        assert labels(t) == [f"{o.objekt} {o.namn}" for o in objs]
    assert values(fig.data[0]) == tkr(o.total.budget for o in objs)
    assert values(fig.data[1]) == tkr(o.total.actual for o in objs)
    assert fig.layout.yaxis.title.text == "tkr"


def test_result_by_object_figures(ds):
    a = analyse_year(ds, 2019)
    fig = plots.result_by_object(a)
    assert values(fig.data[1]) == [D("0"), D("-3.87"), D("21.7875"), D("-28.96"), D("61.6")]


def test_variance_by_row(year):
    y, a, _ = year
    fig = plots.variance_by_row(a)
    assert fig.layout.title.text == f"Avvikelse mot budget per rad {y}"
    (trace,) = fig.data
    assert trace.name == "Avvikelse" and trace.orientation == "h"
    assert labels(trace) == [r.rad for r in a.budget.rows]
    assert values(trace) == tkr(r.variance for r in a.budget.rows)


def test_reserve_chart(year):
    y, a, _ = year
    fig = plots.reserve_chart(a.reserve)
    assert fig.layout.title.text == "Nämndens reserv (balansering)"
    assert [t.name for t in fig.data] == ["Ingående reserv", "Bidrag från parter", "Nämndens kostnader", "Utgående reserv"]
    years = a.reserve.years
    assert labels(fig.data[0]) == [str(r.year) for r in years] == [str(x) for x in range(2017, y + 1)]
    assert values(fig.data[0]) == tkr(r.opening for r in years)
    assert values(fig.data[1]) == tkr(r.contributions for r in years)
    assert values(fig.data[2]) == tkr(-r.costs for r in years)
    assert values(fig.data[3]) == tkr(r.closing for r in years)
    # 2018: 0 + 914 400 − 169 600 = 744 800 kr
    assert values(fig.data[3])[1] == D("744.8")
    assert values(fig.data[2])[1] == D("-169.6")


def test_reserve_chart_2019_figures(ds):
    fig = plots.reserve_chart(analyse_year(ds, 2019).reserve)
    assert values(fig.data[0]) == [D(0), D(0), D("744.8")]
    assert values(fig.data[2]) == [D(0), D("-169.6"), D("-989.27222")]
    assert values(fig.data[3]) == [D(0), D("744.8"), D("669.92778")]  # 744 800 + 914 400 − 989 272,22


def test_forecast_path(year):
    y, a, _ = year
    fig = plots.forecast_path(a.forecasts)
    assert fig.layout.title.text == f"Prognoser under året {y}"
    (trace,) = fig.data
    assert trace.name == "Netto, totalt"
    assert list(trace.x) == ["Budget", f"Delår april ({y}-04-30)", f"Delår augusti ({y}-08-31)", "Utfall"]
    f = a.forecasts.forecasts
    assert exact(trace.y) == tkr([f[0].total.budget, *(x.total.forecast for x in f), f[0].total.actual])
    assert exact(trace.y)[-1] == {2018: D("13.104"), 2019: D("50.5575")}[y]


def test_net_cost_chart(year):
    y, a, _ = year
    fig = plots.net_cost_chart(a.net_cost_trend)
    assert fig.layout.title.text == "Nettokostnad per år"
    (trace,) = fig.data
    assert trace.name == "Nettokostnad"
    assert labels(trace) == [str(n.year) for n in a.net_cost_trend]
    assert values(trace) == tkr(n.net_cost for n in a.net_cost_trend)
    assert values(trace)[:2] == [D("-22.78"), D("136.516")]


def test_accumulated_chart(year):
    y, a, _ = year
    fig = plots.accumulated_chart(a.accumulated)
    assert fig.layout.title.text == f"Ackumulerad nettokostnad {y} mot {y - 1}"
    assert [t.name for t in fig.data] == [f"Ackumulerat {y}", f"Ackumulerat {y - 1}"]
    months = a.accumulated.months
    assert list(fig.data[0].x) == list(MONTHS)
    assert exact(fig.data[0].y) == tkr(m.current for m in months)
    assert exact(fig.data[1].y) == tkr(m.previous for m in months)
    assert exact(fig.data[0].y)[-1] == {2018: D("136.516"), 2019: D("2211.71472")}[y]


def test_contributions_chart(year):
    y, a, _ = year
    fig = plots.contributions_chart(a.contributions)
    assert fig.layout.title.text == f"Bidrag till nettokostnadens förändring {y}"
    (trace,) = fig.data
    assert trace.name == "Bidrag till förändringen" and trace.orientation == "h"
    lines = a.contributions.lines
    assert labels(trace) == [x.key for x in lines]
    assert values(trace) == tkr(x.contribution for x in lines)
    if y == 2018:  # 2017 was a start-up year: missing, not zero
        assert values(trace) == [None] * 4
    else:
        assert values(trace) == [D("26.85"), D("628.79102"), D("1413.8737"), D("5.684")]


def test_allocation_chart(year):
    y, _, statements = year
    fig = plots.allocation_chart(statements)
    assert fig.layout.title.text == f"Vad parterna betalar {y}"
    assert fig.layout.barmode == "stack"
    expected_kinds = {2018: ["Grundbidrag"], 2019: ["Grundbidrag", "Projekt", "Köp/sälj"]}[y]
    assert [t.name for t in fig.data] == expected_kinds
    kind_of = {"Grundbidrag": "grundbidrag", "Projekt": "projekt", "Köp/sälj": "kop_salj"}
    for t in fig.data:
        assert labels(t) == PARTY_NAMES
        lines = [[x.final_ore for x in s.lines if x.kind == kind_of[t.name]] for s in statements]
        # a party with no item of the kind gets no bar (None), not a zero bar
        assert values(t) == [ore_to_kr(sum(o)) / K if o else None for o in lines]
    # every statement line has its final amount, so the stacks are the final totals
    assert [sum(values(t)[i] or 0 for t in fig.data) for i in range(len(statements))] == [
        ore_to_kr(s.final_ore) / K for s in statements]
    if y == 2019:
        assert values(fig.data[1])[0] == D("261.15")  # region's share of LINK2
        assert values(fig.data[2])[3] == D("101.52")  # krokom's purchase of Dataskyddsombud


def test_allocation_chart_without_statements_has_a_plain_title():
    fig = plots.allocation_chart(())
    assert fig.layout.title.text == "Vad parterna betalar"
    assert fig.data == ()


def test_party_chart(year):
    y, _, statements = year
    are = statements[1]
    fig = plots.party_chart(are)
    assert fig.layout.title.text == f"Åre kommun: kostnader {y}"
    assert [t.name for t in fig.data] == ["Preliminärt", "Slutligt"]
    for t in fig.data:
        assert t.orientation == "h"
        assert labels(t) == [f"{x.objekt} {x.objektnamn}" for x in are.lines]
    assert values(fig.data[0]) == [ore_to_kr(x.preliminary_ore) / K for x in are.lines]
    assert values(fig.data[1]) == [ore_to_kr(x.final_ore) / K for x in are.lines]
    if y == 2019:
        assert values(fig.data[0]) == [D("101.6"), D("36.552"), D("22.377")]
        assert values(fig.data[1]) == [D("101.6"), D("35.345"), D("25.486")]
