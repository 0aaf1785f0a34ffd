"""The report's charts, built from report values (the notebooks only call these and show them).

Amounts are plotted in tkr; the numbers in the tables and text come from the same values.
Styling, escaping and the renderer live in `charts`.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go

from gns_lib.engine.analysis import YearAnalysis
from gns_lib.present.chartkit import bar_chart, line_chart
from gns_lib.engine.forecast import ForecastReport
from gns_lib.data.money import ore_to_kr
from gns_lib.engine.netcost import AccumulatedComparison, Contributions, NetCostYear
from gns_lib.engine.reserve import ReserveRollForward
from gns_lib.allocation.statements import PartyStatement
from gns_lib.present.tables import MONTHS
from gns_lib.present.allocation_tables import KIND_TEXT

THOUSAND = Decimal(1000)


def _tkr(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount / THOUSAND


def _tkr_ore(ore: int | None) -> Decimal | None:
    return None if ore is None else ore_to_kr(ore) / THOUSAND


def result_by_object(analysis: YearAnalysis) -> go.Figure:
    """Revised budget and outcome (netto, after the reservation) per object."""
    objs = analysis.budget.objects
    return bar_chart(
        [f"{o.objekt} {o.namn}" for o in objs],
        {"Reviderad budget": [_tkr(o.total.budget) for o in objs], "Utfall": [_tkr(o.total.actual) for o in objs]},
        title=f"Resultat per objekt {analysis.year}, netto",
        value_title="tkr",
    )


def variance_by_row(analysis: YearAnalysis) -> go.Figure:
    """Avvikelse mot budget per resultaträkningsrad (positive is better than budget)."""
    rows = analysis.budget.rows
    return bar_chart(
        [r.rad for r in rows],
        {"Avvikelse": [_tkr(r.variance) for r in rows]},
        title=f"Avvikelse mot budget per rad {analysis.year}",
        value_title="tkr",
        horizontal=True,
    )


def reserve_chart(roll: ReserveRollForward) -> go.Figure:
    """The committee's reserve: opening, contributions, costs and closing per year."""
    years = roll.years
    return bar_chart(
        [y.year for y in years],
        {
            "Ingående reserv": [_tkr(y.opening) for y in years],
            "Bidrag från parter": [_tkr(y.contributions) for y in years],
            "Nämndens kostnader": [None if y.costs is None else -_tkr(y.costs) for y in years],
            "Utgående reserv": [_tkr(y.closing) for y in years],
        },
        title="Nämndens reserv (balansering)",
        value_title="tkr",
    )


def forecast_path(report: ForecastReport) -> go.Figure:
    """How the full-year forecast of the total moved during the year, against budget and outcome."""
    points = [f"{f.name} ({f.datum.isoformat()})" for f in report.forecasts]
    budget = report.forecasts[0].total.budget if report.forecasts else None
    actual = report.forecasts[0].total.actual if report.forecasts else None
    return line_chart(
        ["Budget", *points, "Utfall"],
        {"Netto, totalt": [_tkr(budget), *(_tkr(f.total.forecast) for f in report.forecasts), _tkr(actual)]},
        title=f"Prognoser under året {report.year}",
        value_title="tkr",
    )


def net_cost_chart(trend: tuple[NetCostYear, ...]) -> go.Figure:
    """Verksamhetens nettokostnad per year."""
    return bar_chart(
        [n.year for n in trend],
        {"Nettokostnad": [_tkr(n.net_cost) for n in trend]},
        title="Nettokostnad per år",
        value_title="tkr",
    )


def accumulated_chart(acc: AccumulatedComparison) -> go.Figure:
    """Accumulated net cost month by month, this year against the year before."""
    months = [MONTHS[m.month - 1] for m in acc.months]
    return line_chart(
        months,
        {
            f"Ackumulerat {acc.year}": [_tkr(m.current) for m in acc.months],
            f"Ackumulerat {acc.year - 1}": [_tkr(m.previous) for m in acc.months],
        },
        title=f"Ackumulerad nettokostnad {acc.year} mot {acc.year - 1}",
        value_title="tkr",
    )


def contributions_chart(c: Contributions) -> go.Figure:
    """Each row's contribution to the change in net cost."""
    return bar_chart(
        [x.key for x in c.lines],
        {"Bidrag till förändringen": [_tkr(x.contribution) for x in c.lines]},
        title=f"Bidrag till nettokostnadens förändring {c.year}",
        value_title="tkr",
        horizontal=True,
    )


def allocation_chart(statements: tuple[PartyStatement, ...]) -> go.Figure:
    """What each party pays, by kind of item (final amounts, else preliminary), stacked."""
    kinds = [k for k in KIND_TEXT if any(x.kind == k for s in statements for x in s.lines)]
    def paid(st: PartyStatement, kind: str) -> int | None:
        amounts = [x.final_ore if x.final_ore is not None else x.preliminary_ore for x in st.lines if x.kind == kind]
        known = [a for a in amounts if a is not None]
        return sum(known) if known else None  # nothing known: no bar, not a zero bar

    series = {KIND_TEXT[kind]: [_tkr_ore(paid(st, kind)) for st in statements] for kind in kinds}
    return bar_chart(
        [s.party.namn for s in statements], series,
        title=f"Vad parterna betalar {statements[0].year if statements else ''}".strip(),
        value_title="tkr", stacked=True,
    )


def party_chart(st: PartyStatement) -> go.Figure:
    """Where the party's money went: each item's final amount (else preliminary)."""
    lines = st.lines
    return bar_chart(
        [f"{x.objekt} {x.objektnamn}" for x in lines],
        {
            "Preliminärt": [_tkr_ore(x.preliminary_ore) for x in lines],
            "Slutligt": [_tkr_ore(x.final_ore) for x in lines],
        },
        title=f"{st.party.namn}: kostnader {st.year}",
        value_title="tkr",
        horizontal=True,
    )
