"""The report's charts, built from report values (the notebooks only call these and show them).

Amounts are plotted in the report's unit, rounded as the tables and text show them (`units`).
Styling, escaping and the renderer live in `charts`.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go

from gns_lib.engine.analysis import YearAnalysis
from gns_lib.present.chartkit import bar_chart, line_chart
from gns_lib.present.fmt import incomparable_text
from gns_lib.present.units import TKR, UNITS, ReportUnit
from gns_lib.engine.forecast import ForecastReport
from gns_lib.data.money import ore_to_kr
from gns_lib.engine.netcost import AccumulatedComparison, Contributions, NetCostYear
from gns_lib.engine.reserve import ReserveRollForward
from gns_lib.allocation.statements import PartyStatement
from gns_lib.present.tables import MONTHS
from gns_lib.present.allocation_tables import KIND_TEXT
from gns_lib.present.summary import top_items

KR = UNITS["kr"]

def _kr_ore(ore: int | None) -> Decimal | None:
    return None if ore is None else ore_to_kr(ore)


def result_by_object(analysis: YearAnalysis, unit: ReportUnit = TKR) -> go.Figure:
    """Revised budget and outcome (netto, after the reservation) per object."""
    objs = analysis.budget.objects
    labels, series = top_items(
        [f"{o.objekt} {o.namn}" for o in objs],
        {"Reviderad budget": [o.total.budget for o in objs], "Utfall": [o.total.actual for o in objs]},
        [o.total.variance for o in objs])
    return bar_chart(
        labels, series,
        title=f"Resultat per objekt {analysis.year}, netto",
        unit=unit, table=f"Budget och utfall per objekt {analysis.year}",
        empty=f"Inga objekt har budget eller utfall {analysis.year}.",
    )


def variance_by_row(analysis: YearAnalysis, unit: ReportUnit = TKR) -> go.Figure:
    """Avvikelse mot budget per resultaträkningsrad (positive is better than budget)."""
    rows = analysis.budget.rows
    return bar_chart(
        *top_items([r.rad for r in rows], {"Avvikelse": [r.variance for r in rows]}, [r.variance for r in rows]),
        title=f"Avvikelse mot budget per rad {analysis.year}",
        unit=unit, table=f"Resultat per rad {analysis.year}", horizontal=True,
        empty=f"Inga avvikelser mot budget att visa {analysis.year}.",
    )


def reserve_chart(roll: ReserveRollForward, unit: ReportUnit = TKR) -> go.Figure:
    """The committee's reserve: opening, contributions, costs and closing per year."""
    years = roll.years
    return bar_chart(
        [y.year for y in years],
        {
            "Ingående reserv": [y.opening for y in years],
            "Bidrag från parter": [y.contributions for y in years],
            "Nämndens kostnader": [None if y.costs is None else -y.costs for y in years],
            "Utgående reserv": [y.closing for y in years],
        },
        title="Nämndens reserv (balansering)",
        unit=unit, table="Nämndens reserv (balansering)",
        empty="Nämnden har ingen reserv att visa.",
    )


def forecast_path(report: ForecastReport, unit: ReportUnit = TKR) -> go.Figure:
    """How the full-year forecast of the total moved during the year, against budget and outcome."""
    points = [f"{f.name} ({f.datum.isoformat()})" for f in report.forecasts]
    budget = report.forecasts[0].total.budget if report.forecasts else None
    actual = report.forecasts[0].total.actual if report.forecasts else None
    return line_chart(
        ["Budget", *points, "Utfall"],
        {"Netto, totalt": [budget, *(f.total.forecast for f in report.forecasts), actual]},
        title=f"Prognoser under året {report.year}",
        unit=unit, table=f"Prognoser {report.year}",
        empty=f"Det finns ingen prognos för {report.year}.",
    )


def net_cost_chart(trend: tuple[NetCostYear, ...], unit: ReportUnit = TKR) -> go.Figure:
    """Verksamhetens nettokostnad per year."""
    return bar_chart(
        [n.year for n in trend],
        {"Nettokostnad": [n.net_cost for n in trend]},
        title="Nettokostnad per år",
        unit=unit, table="Nettokostnadsutveckling",
        empty="Det finns ingen nettokostnad att visa.",
    )


def accumulated_chart(acc: AccumulatedComparison, unit: ReportUnit = TKR) -> go.Figure:
    """Accumulated net cost month by month, this year against the year before."""
    months = [MONTHS[m.month - 1] for m in acc.months]
    title = f"Ackumulerad nettokostnad {acc.year} mot {acc.year - 1}"
    return line_chart(
        months,
        {
            f"Ackumulerat {acc.year}": [m.current for m in acc.months],
            f"Ackumulerat {acc.year - 1}": [m.previous for m in acc.months],
        },
        title=title, unit=unit, table=title,
        empty=f"Jämförelsen kan inte göras: {incomparable_text(acc.reason)}." if acc.reason else f"Inget utfall att jämföra {acc.year}.",
    )


def contributions_chart(c: Contributions, unit: ReportUnit = TKR) -> go.Figure:
    """Each row's contribution to the change in net cost."""
    title = f"Bidrag till nettokostnadens förändring {c.year}"
    return bar_chart(
        *top_items([x.key for x in c.lines], {"Bidrag till förändringen": [x.contribution for x in c.lines]},
                   [x.contribution for x in c.lines]),
        title=title, unit=unit, table=title, horizontal=True,
        empty=f"Inga bidrag till förändringen att visa {c.year}: {incomparable_text(c.reason)}." if c.reason
        else f"Inga bidrag till förändringen att visa {c.year}.",
    )


def allocation_chart(statements: tuple[PartyStatement, ...], unit: ReportUnit = KR) -> go.Figure:
    """What each party pays, by kind of item (final amounts, else preliminary), stacked; in kronor like its table."""
    kinds = [k for k in KIND_TEXT if any(x.kind == k for s in statements for x in s.lines)]
    def paid(st: PartyStatement, kind: str) -> int | None:
        amounts = [x.final_ore if x.final_ore is not None else x.preliminary_ore for x in st.lines if x.kind == kind]
        known = [a for a in amounts if a is not None]
        return sum(known) if known else None  # nothing known: no bar, not a zero bar

    year = statements[0].year if statements else ""
    series = {KIND_TEXT[kind]: [_kr_ore(paid(st, kind)) for st in statements] for kind in kinds}
    totals = [sum((v[i] for v in series.values() if v[i] is not None), Decimal(0)) for i in range(len(statements))]
    return bar_chart(
        *top_items([s.party.namn for s in statements], series, totals),
        title=f"Vad parterna betalar {year}".strip(),
        unit=unit, table=f"Parternas avräkning {year}".strip(), stacked=True,
        empty=f"Parterna betalar inget {year}.".replace("  ", " "),
    )


def party_chart(st: PartyStatement, unit: ReportUnit = KR) -> go.Figure:
    """Where the party's money went: each item's final amount (else preliminary); in kronor like its table."""
    lines = st.lines
    return bar_chart(
        *top_items(
            [f"{x.objekt} {x.objektnamn}" for x in lines],
            {"Preliminärt": [_kr_ore(x.preliminary_ore) for x in lines], "Slutligt": [_kr_ore(x.final_ore) for x in lines]},
            [_kr_ore(x.final_ore if x.final_ore is not None else x.preliminary_ore) for x in lines]),
        title=f"{st.party.namn}: kostnader {st.year}",
        unit=unit, table=f"Partsavräkning {st.year}: {st.party.namn}", horizontal=True,
        empty=f"{st.party.namn} har inga kostnader {st.year}.",
    )
