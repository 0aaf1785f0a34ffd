"""gns_lib.present.charts: each report chart has its Swedish title, its series, and the example data's amounts in tkr.

The amounts are pinned as literal figures worked out from data/ (not recomputed from the
engine), so a wrong engine value or a wrong conversion in the chart both fail.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest

from conftest import DATA
from gns_lib.allocation.statements import party_statements
from gns_lib.allocation.year import allocate_year
from gns_lib.data.loader import load_dataset
from gns_lib.engine.analysis import analyse_year
from gns_lib.present import charts as plots
from gns_lib.present.tables import MONTHS
from gns_lib.present.units import TKR, UNITS

PARTY_NAMES = ["Region Jämtland Härjedalen", "Åre kommun", "Östersunds kommun", "Krokoms kommun", "Bergs kommun",
               "Ragunda kommun", "Strömsunds kommun", "Bräcke kommun", "Härjedalens kommun"]
OBJECTS = ["6660 Gemensam nämnd samverkan", "6663 Serverdrift Åre kommun", "6671 LINK2 införande",
           "6672 Zappa skolobjekt", "6673 Dataskyddsombud"]
ROWS = ["Bidrag från parter", "Verksamhetens intäkter", "Personalkostnader", "Övriga kostnader", "Avskrivningar",
        "Finansiella poster", "Reservering till kommande år"]
NET_COST_ROWS = ["Verksamhetens intäkter", "Personalkostnader", "Övriga kostnader", "Avskrivningar"]
ACCUMULATED_2018 = ["127", "206", "285", "364", "443", "527.95", "-569.45", "-478.24", "-332.423", "-207.5855",
                    "-86.8585", "136.516"]
ACCUMULATED_2017 = ["121.4", "196.8", "272.2", "347.6", "423", "498.4", "-566.18", "-489.58", "-412.98", "-336.38",
                    "-259.78", "-22.78"]
ACCUMULATED_2019 = ["194.236", "533.466", "794.3654", "1199.97368", "1511.88206", "1735.07984", "694.90262",
                    "873.6554", "1196.54918", "1538.56696", "1820.81194", "2211.71472"]


def exact(values) -> list[D | None]:
    """The plotted floats read back as the shortest decimal that gives the same float."""
    return [None if v is None else D(repr(v)) for v in values]


def tkr(*figures: str | None) -> list[D | None]:
    """Exact tkr figures as the chart plots them: rounded once, half-up, to whole tkr like the tables (None: no bar)."""
    return [None if f is None else D(f).quantize(D(1), rounding=ROUND_HALF_UP) for f in figures]


def kronor(*figures: str | None) -> list[D | None]:
    """Exact tkr figures in kronor: the allocation charts plot kronor, as their tables show them."""
    return [None if f is None else D(f) * 1000 for f in figures]


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
    shown = {2018: OBJECTS[:2], 2019: OBJECTS}[y]
    for t in fig.data:
        assert labels(t) == shown
    assert values(fig.data[0]) == tkr(*["0"] * len(shown))
    assert values(fig.data[1]) == {2018: tkr("0", "13.104"), 2019: tkr("0", "-3.87", "21.7875", "-28.96", "61.6")}[y]
    assert fig.layout.yaxis.title.text == "tkr"
    alt = fig.layout.meta["gns_beskrivning"]
    assert alt.startswith(f"Stapeldiagram: Resultat per objekt {y}, netto. Visar Reviderad budget och Utfall i tkr för ")
    assert alt.endswith(f"Samma siffror finns i tabellen ”Budget och utfall per objekt {y}”.")


def test_variance_by_row(year):
    y, a, _ = year
    fig = plots.variance_by_row(a)
    assert fig.layout.title.text == f"Avvikelse mot budget per rad {y}"
    (trace,) = fig.data
    assert trace.name == "Avvikelse" and trace.orientation == "h"
    assert labels(trace) == ROWS
    assert values(trace) == {
        2018: tkr("0", "62.85", "552.548", "5.002", "9.084", "4.02", "-620.4"),  # adds up to +13,104
        2019: tkr("0", "0", "16.86498", "94.1283", "0.4", "0", "-60.83578"),
    }[y]


def test_reserve_chart(year):
    y, a, _ = year
    fig = plots.reserve_chart(a.reserve)
    assert fig.layout.title.text == "Nämndens reserv (balansering)"
    assert [t.name for t in fig.data] == ["Ingående reserv", "Bidrag från parter", "Nämndens kostnader", "Utgående reserv"]
    assert labels(fig.data[0]) == [str(x) for x in range(2017, y + 1)]
    # 2018: 0 + 914 400 − 169 600 = 744 800 kr; 2019: 744 800 + 914 400 − 989 272,22 = 669 927,78 kr
    opening, contributions, costs, closing = (values(t) for t in fig.data)
    assert opening == tkr("0", "0", "744.8")[: y - 2016]
    assert contributions == tkr("0", "914.4", "914.4")[: y - 2016]
    assert costs == tkr("0", "-169.6", "-989.27222")[: y - 2016]
    assert closing == tkr("0", "744.8", "669.92778")[: y - 2016]


def test_forecast_path(year):
    y, a, _ = year
    fig = plots.forecast_path(a.forecasts)
    assert fig.layout.title.text == f"Prognoser under året {y}"
    (trace,) = fig.data
    assert trace.name == "Netto, totalt"
    assert list(trace.x) == ["Budget", f"Delår april ({y}-04-30)", f"Delår augusti ({y}-08-31)", "Utfall"]
    assert exact(trace.y) == {2018: tkr("0", "-8", "0", "13.104"), 2019: tkr("0", "-12.6", "42.13", "50.5575")}[y]


def test_net_cost_chart(year):
    y, a, _ = year
    fig = plots.net_cost_chart(a.net_cost_trend)
    assert fig.layout.title.text == "Nettokostnad per år"
    (trace,) = fig.data
    assert trace.name == "Nettokostnad"
    assert labels(trace) == [str(x) for x in range(2017, y + 1)]
    assert values(trace) == tkr("-22.78", "136.516", "2211.71472")[: y - 2016]


def test_accumulated_chart(year):
    y, a, _ = year
    fig = plots.accumulated_chart(a.accumulated)
    assert fig.layout.title.text == f"Ackumulerad nettokostnad {y} mot {y - 1}"
    assert [t.name for t in fig.data] == [f"Ackumulerat {y}", f"Ackumulerat {y - 1}"]
    assert list(fig.data[0].x) == list(MONTHS)  # every month of both years is booked
    current, previous = {2018: (ACCUMULATED_2018, ACCUMULATED_2017), 2019: (ACCUMULATED_2019, ACCUMULATED_2018)}[y]
    assert exact(fig.data[0].y) == tkr(*current)
    assert exact(fig.data[1].y) == tkr(*previous)


def test_contributions_chart(year):
    y, a, _ = year
    fig = plots.contributions_chart(a.contributions)
    assert fig.layout.title.text == f"Bidrag till nettokostnadens förändring {y}"
    (trace,) = fig.data
    assert trace.name == "Bidrag till förändringen" and trace.orientation == "h"
    assert labels(trace) == NET_COST_ROWS
    # 2017 was a start-up year, so 2018 has no contributions (missing, not zero); 2019's add up to the change
    assert values(trace) == {2018: [None] * 4, 2019: tkr("26.85", "628.79102", "1413.8737", "5.684")}[y]


def test_allocation_chart(year):
    y, _, statements = year
    fig = plots.allocation_chart(statements)
    assert fig.layout.title.text == f"Vad parterna betalar {y}"
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == {2018: ["Grundbidrag"], 2019: ["Grundbidrag", "Projekt", "Köp/sälj"]}[y]
    for t in fig.data:
        assert labels(t) == PARTY_NAMES
    assert values(fig.data[0]) == kronor(*["101.6"] * 9)
    if y == 2019:
        # a party with no item of the kind gets no bar (None), not a zero bar
        assert values(fig.data[1]) == kronor("261.15", "60.831", "299.121", "76.949", "36.85", "29.026", "56.994",
                                          "33.349", "52.903")
        assert values(fig.data[2]) == kronor(None, None, None, "101.52", "67.68", "50.76", "67.68", "50.76", None)


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
    shown = {2018: [OBJECTS[0]], 2019: [OBJECTS[0], OBJECTS[2], OBJECTS[3]]}[y]
    for t in fig.data:
        assert t.orientation == "h"
        assert labels(t) == shown
    assert values(fig.data[0]) == {2018: kronor("101.6"), 2019: kronor("101.6", "36.552", "22.377")}[y]
    assert values(fig.data[1]) == {2018: kronor("101.6"), 2019: kronor("101.6", "35.345", "25.486")}[y]


def test_hover_labels_and_text_alternative_use_the_reports_unit(ds):
    a = analyse_year(ds, 2019)
    fig = plots.result_by_object(a)
    assert list(fig.data[1].customdata) == ["0\u00a0tkr", "\u22124\u00a0tkr", "22\u00a0tkr", "\u221229\u00a0tkr", "62\u00a0tkr"]
    tenths = plots.result_by_object(a, UNITS["tkr1"])
    assert values(tenths.data[1]) == [D("0"), D("-3.9"), D("21.8"), D("-29"), D("61.6")]
    assert tenths.data[1].customdata[2] == "21,8\u00a0tkr"
    assert fig.layout.meta["gns_beskrivning"].endswith("Samma siffror finns i tabellen ”Budget och utfall per objekt 2019”.")


def test_the_empty_contributions_chart_of_a_start_up_year_says_so(ds):
    fig = plots.contributions_chart(analyse_year(ds, 2018).contributions)
    assert fig.layout.meta["gns_tom"] == "Inga bidrag till förändringen att visa 2018: 2017 var ett uppstartsår."


@pytest.fixture(scope="module")
def big_committee(tmp_path_factory):
    """A generated committee of 40 objects and 30 parties (tests/committee_factory.py)."""
    from committee_factory import Shape, write_committee

    ds = load_dataset(write_committee(tmp_path_factory.mktemp("stor") / "namnd", Shape(parties=30, objects=40, rows=2000)))
    return ds, analyse_year(ds, 2018)


def test_a_chart_of_many_objects_shows_the_15_largest_deviations_and_one_ovriga_bar(big_committee):
    _, analysis = big_committee
    fig = plots.result_by_object(analysis, TKR)
    objs = sorted(analysis.budget.objects, key=lambda o: -abs(o.total.variance))
    rest = objs[15:]
    labels = [f"{o.objekt} {o.namn}" for o in objs[:15]] + ["Övriga (25\u00a0st.)"]
    assert list(fig.data[0].x) == labels and list(fig.data[1].x) == labels
    utfall = sum((o.total.actual for o in rest), D(0))
    assert fig.data[1].customdata[-1] == TKR.text(utfall)  # the exact sum of the rest, rounded once
    assert fig.data[1].customdata[0] == TKR.text(objs[0].total.actual)


def test_a_chart_of_many_parties_sums_the_rest_per_kind_exactly(big_committee):
    ds, _ = big_committee
    statements = party_statements(ds, allocate_year(ds, 2018))

    def paid(st, kind=None) -> int:
        return sum(x.final_ore if x.final_ore is not None else x.preliminary_ore
                   for x in st.lines if kind is None or x.kind == kind)

    ranked = sorted(statements, key=lambda st: -abs(paid(st)))
    fig = plots.allocation_chart(statements)
    assert list(fig.data[0].x) == [st.party.namn for st in ranked[:15]] + ["Övriga (15\u00a0st.)"]
    for trace in fig.data:  # each kind's Övriga bar is the exact sum of the other parties, in kronor
        kind = next(k for k, text in plots.KIND_TEXT.items() if text == trace.name)
        rest = sum(paid(st, kind) for st in ranked[15:])
        assert trace.customdata[-1] == UNITS["kr"].text(D(rest) / 100)
