"""Report values laid out as tables (columns, lines, subtotals, totals) with exact amounts.

`to_table` turns each report value into a `Table`; `render` formats tables for Swedish
readers. Keeping the layout here keeps render free of report knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import singledispatch
from typing import Any

from gns_lib.engine.analysis import YearAnalysis
from gns_lib.engine.forecast import ForecastReport
from gns_lib.engine.netcost import AccumulatedComparison, Contributions, NetCostYear
from gns_lib.engine.reserve import ReserveRollForward
from gns_lib.engine.periods import Period
from gns_lib.engine.results import BudgetLine, BudgetReport, MonthlyOutcome
from gns_lib.engine.ytd import InterimReserve, YearToDate
from gns_lib.present import fmt

TEXT, AMOUNT, DEVIATION, PERCENT, RATE = "text", "amount", "deviation", "percent", "rate"
LINE, SUBTOTAL, TOTAL = "line", "subtotal", "total"
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


@dataclass(frozen=True)
class Column:
    """A column: its Swedish title and kind (text, amount or deviation in kronor, signed per cent, rate)."""

    title: str
    kind: str


@dataclass(frozen=True)
class Row:
    """Cells in column order; `group` ties lines to their subtotal.

    A `pinned` line shows its own rounding and is never moved to make a column foot: it
    repeats a figure shown elsewhere (the opening reserve is last year's closing reserve).
    """

    cells: tuple[Any, ...]
    role: str = LINE
    group: int | None = None
    pinned: bool = False


@dataclass(frozen=True)
class Table:
    """A report table: amount columns of lines add up exactly to their subtotal and total rows."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    unit: str = "rapport"  # "rapport": the report's unit (`units.ReportUnit`); "kr": exact kronor (invoices)
    empty: str = ""  # what a table without lines says instead (else a general sentence)
    file: str = ""  # its CSV file under tabeller/ when the name depends on the value (`fordelning_6671`)


BUDGET_COLUMNS = (
    Column("Budget", AMOUNT),
    Column("Ändringar", AMOUNT),
    Column("Reviderad budget", AMOUNT),
    Column("Utfall", AMOUNT),
    Column("Avvikelse", DEVIATION),
    Column("Avvikelse %", PERCENT),
)


def _figures(line: BudgetLine) -> tuple:
    return (line.original, line.changes, line.budget, line.actual, line.variance, line.variance_pct)


def _unbudgeted_note(report: BudgetReport) -> tuple[str, ...]:
    if not report.unbudgeted:
        return ()
    return ("Rader utan budget visas med – i budgetkolumnerna; hela utfallet räknas då som avvikelse.",)


def unbudgeted_table(report: BudgetReport) -> Table:
    """Outcome rows whose object and row have no budget: shown, never dropped, with the outcome summed.

    The sums are rounded from exact sums, so they are the same figures the commentary gives.
    """
    cols = (Column("Objekt", TEXT), Column("Rad", TEXT), Column("Konto", TEXT), *BUDGET_COLUMNS)
    objects = list(dict.fromkeys(x.objekt or "" for x in report.unbudgeted))
    rows: list[Row] = []
    for g, objekt in enumerate(objects):
        lines = [x for x in report.unbudgeted if (x.objekt or "") == objekt]
        rows += [Row((x.objekt or "", x.rad or "", x.konto or "", *_figures(x)), LINE, g if len(objects) > 1 else None)
                 for x in lines]
        if len(objects) > 1:
            rows.append(Row((objekt, f"Summa {objekt}", "", *_outcome_only(lines)), SUBTOTAL, g))
    if rows:
        rows.append(Row(("", "Summa", "", *_outcome_only(report.unbudgeted)), TOTAL))
    notes = () if rows else ("Alla rader med utfall har budget.",)
    return Table(f"Utfall utan budget {report.year}", cols, tuple(rows), notes)


def _outcome_only(lines) -> tuple:
    """Budget columns missing, outcome and deviation summed exactly (all the outcome is deviation)."""
    actual = None if any(x.actual is None for x in lines) else sum((x.actual for x in lines), Decimal(0))
    variance = None if any(x.variance is None for x in lines) else sum((x.variance for x in lines), Decimal(0))
    return (None, None, None, actual, variance, None)


@singledispatch
def to_table(value: Any, **options: Any) -> Table:
    """The table of a report value (BudgetReport, ForecastReport, ReserveRollForward, …)."""
    raise TypeError(f"no table layout for {type(value).__name__}")


def _when(year: int, through: int | None) -> str:
    """"2018", or a delår's "januari–augusti 2018"."""
    if through is None or through == 12:
        return str(year)
    return Period(year, through).span


@to_table.register
def _(report: BudgetReport, level: str = "objekt") -> Table:
    """level "objekt": one line per object; "rad": result rows per object; "konto": accounts per object;
    "nämnd": the committee's result rows over all objects. A delår's titles name its months."""
    when = _when(report.year, report.through)
    if level == "nämnd":
        rows = [Row((r.rad, *_figures(r))) for r in report.rows]
        rows.append(Row(("Resultat", *_figures(report.total)), TOTAL))
        cols = (Column("Rad", TEXT), *BUDGET_COLUMNS)
        return Table(f"Resultat per rad {when}", cols, tuple(rows), _unbudgeted_note(report))
    if level == "objekt":
        rows = [Row((o.objekt, o.namn, *_figures(o.total))) for o in report.objects]
        rows.append(Row(("", "Summa", *_figures(report.total)), TOTAL))
        cols = (Column("Objekt", TEXT), Column("Namn", TEXT), *BUDGET_COLUMNS)
        return Table(f"Budget och utfall per objekt {when}", cols, tuple(rows), _unbudgeted_note(report))
    if level not in ("rad", "konto"):
        raise ValueError(f"level must be 'objekt', 'rad', 'konto' or 'nämnd', not {level!r}")
    rows = []
    for g, o in enumerate(report.objects):
        lines = o.rows if level == "rad" else o.accounts
        for x in lines:
            cells = (o.objekt, x.rad) if level == "rad" else (o.objekt, x.rad, x.konto or "")
            rows.append(Row((*cells, *_figures(x)), LINE, g))
        label = (o.objekt, f"Resultat {o.namn}") if level == "rad" else (o.objekt, f"Resultat {o.namn}", "")
        rows.append(Row((*label, *_figures(o.total)), SUBTOTAL, g))
    blank = ("", "Summa") if level == "rad" else ("", "Summa", "")
    rows.append(Row((*blank, *_figures(report.total)), TOTAL))
    head = (Column("Objekt", TEXT), Column("Rad", TEXT)) + ((Column("Konto", TEXT),) if level == "konto" else ())
    title = f"Budget och utfall per {'resultatrad' if level == 'rad' else 'konto'} {when}"
    return Table(title, (*head, *BUDGET_COLUMNS), tuple(rows), _unbudgeted_note(report))


@to_table.register
def _(analysis: YearAnalysis) -> Table:
    """Per object: revised budget, outcome, deviation and the latest forecast with its deviation."""
    latest = analysis.forecasts.latest
    name = latest.name if latest else "prognos"
    cols = (
        Column("Objekt", TEXT),
        Column("Namn", TEXT),
        Column("Budget", AMOUNT),
        Column("Utfall", AMOUNT),
        Column("Avvikelse", DEVIATION),
        Column("Avvikelse %", PERCENT),
        Column(f"Prognos ({name})", AMOUNT),
        Column("Prognosavvikelse", DEVIATION),
    )
    if analysis.interim:  # the full-year forecast meets the annual budget, not the outcome to date
        cols = (*cols[:-2], Column(f"Helårsprognos ({name})", AMOUNT), Column("Helårsprognos mot budget", DEVIATION))

    def against(f):
        return None if f is None else (f.forecast_vs_budget if analysis.interim else f.variance)

    rows = []
    for o in analysis.budget.objects:
        f = latest.object(o.objekt) if latest else None
        t = o.total
        rows.append(Row((o.objekt, o.namn, t.budget, t.actual, t.variance, t.variance_pct, f and f.forecast, against(f))))
    t, f = analysis.budget.total, latest.total if latest else None
    rows.append(Row(("", "Summa", t.budget, t.actual, t.variance, t.variance_pct, f and f.forecast, against(f)), TOTAL))
    when = _when(analysis.year, analysis.budget.through)
    return Table(f"Resultat per objekt {when}", cols, tuple(rows), _unbudgeted_note(analysis.budget))


@to_table.register
def _(report: ForecastReport) -> Table:
    """Objects down, every forecast of the year across (how it moved), then outcome and deviation.

    In a delår (`as_of`) the last columns are the annual budget and the forecast's deviation from it.
    """
    if report.as_of is not None:
        return _interim_forecasts(report)
    latest = report.latest
    cols = [Column("Objekt", TEXT)]
    cols += [Column(f"{f.name} ({f.datum.isoformat()})", AMOUNT) for f in report.forecasts]
    cols += [Column("Utfall", AMOUNT), Column("Prognosavvikelse", DEVIATION), Column("Prognosavvikelse %", PERCENT)]
    rows = []
    if latest is not None:
        for i, line in enumerate(latest.objects):
            values = [f.objects[i].forecast for f in report.forecasts]
            rows.append(Row((line.objekt, *values, line.actual, line.variance, line.variance_pct)))
        t = latest.total
        rows.append(Row(("Summa", *(f.total.forecast for f in report.forecasts), t.actual, t.variance, t.variance_pct), TOTAL))
    notes = (f"Prognosavvikelse = utfall − prognos {latest.name}.",) if latest else (f"Ingen prognos finns för {report.year}.",)
    return Table(f"Prognoser {report.year}", tuple(cols), tuple(rows), notes)


def _interim_forecasts(report: ForecastReport) -> Table:
    latest = report.latest
    cols = [Column("Objekt", TEXT)]
    cols += [Column(f"{f.name} ({f.datum.isoformat()})", AMOUNT) for f in report.forecasts]
    cols += [Column("Budget helår", AMOUNT), Column("Helårsprognos mot budget", DEVIATION),
             Column("Helårsprognos mot budget %", PERCENT)]
    rows = []
    if latest is not None:
        for i, line in enumerate(latest.objects):
            fvb = line.forecast_vs_budget
            rows.append(Row((line.objekt, *(f.objects[i].forecast for f in report.forecasts), line.budget, fvb,
                             line.forecast_vs_budget_pct)))
        t = latest.total
        rows.append(Row(("Summa", *(f.total.forecast for f in report.forecasts), t.budget, t.forecast_vs_budget,
                         t.forecast_vs_budget_pct), TOTAL))
        notes = (f"Helårsprognos mot budget = prognos {latest.name} − årets budget. Prognoserna jämförs inte med "
                 f"utfallet hittills, som bara gäller en del av året.",)
    else:
        notes = (f"Ingen prognos för {report.year} är daterad senast {report.as_of.isoformat()}.",)
    return Table(f"Prognoser {report.year} kända {report.as_of.isoformat()}", tuple(cols), tuple(rows), notes)


@to_table.register
def _(r: InterimReserve) -> Table:
    """The reserve during the year: the result to date and what the latest forecast expects at year end."""
    p = Period(r.year, r.month)
    cols = (Column("", TEXT), Column(p.span, AMOUNT),
            Column(f"Helårsprognos ({r.forecast})" if r.forecast else "Helårsprognos", AMOUNT))

    def neg(v: Decimal | None) -> Decimal | None:
        return None if v is None else -v

    rows = (
        Row(("Ingående reserv", r.opening, r.opening), pinned=True),
        Row(("Bidrag från parter", r.contributions, r.forecast_contributions)),
        Row(("Nämndens kostnader", neg(r.costs), neg(r.forecast_costs))),
        Row(("Reserv med periodens resultat / väntad utgående reserv", r.with_result, r.expected_closing), TOTAL),
    )
    notes = ["Reserveringen till kommande år bokförs först vid årets slut; resultatet hittills är inte reserverat."]
    if r.deficit:
        notes.append("Observera: enligt helårsprognosen blir reserven negativ vid årets slut.")
    return Table(f"Nämndens reserv {r.year}: hittills och enligt helårsprognosen", cols, rows, tuple(notes))


@to_table.register
def _(y: YearToDate) -> Table:
    """Per object and in total: budget and outcome to date, the deviation, the same months last year and the change."""
    p = y.period
    cols = (Column("Objekt", TEXT), Column("Budget", AMOUNT), Column("Utfall", AMOUNT), Column("Avvikelse", DEVIATION),
            Column("Avvikelse %", PERCENT), Column(f"Utfall {Period(p.year - 1, p.month).span}", AMOUNT),
            Column("Förändring", DEVIATION), Column("Förändring %", PERCENT))

    def cells(label, x):
        return (label, x.budget, x.actual, x.variance, x.variance_pct, x.previous, x.change, x.change_pct)

    rows = [Row(cells(o.objekt, o)) for o in y.objects]
    rows.append(Row(cells("Summa", y.total), TOTAL))
    notes = ("Förändring = utfallet i år − samma månader föregående år; positivt är bättre.",)
    return Table(f"Ackumulerat {p.span} mot samma period {p.year - 1}", cols, tuple(rows), notes)


@to_table.register
def _(roll: ReserveRollForward) -> Table:
    """Years across; opening + contributions − costs = closing down each year's column."""
    cols = (Column("", TEXT), *(Column(str(y.year), AMOUNT) for y in roll.years))
    costs = tuple(None if y.costs is None else -y.costs for y in roll.years)
    rows = (
        Row(("Ingående reserv", *(y.opening for y in roll.years)), pinned=True),
        Row(("Bidrag från parter", *(y.contributions for y in roll.years))),
        Row(("Nämndens kostnader", *costs)),
        Row(("Utgående reserv", *(y.closing for y in roll.years)), TOTAL),
    )
    notes = tuple(f"Observera: reserven är negativ vid utgången av {y.year}." for y in roll.deficits)
    return Table("Nämndens reserv (balansering)", cols, rows, notes)


@to_table.register(tuple)
def _(trend: tuple, period: Period | None = None) -> Table:
    """A net-cost trend (tuple of NetCostYear): one line per year (in a delår: months 1..M of each year)."""
    if not all(isinstance(x, NetCostYear) for x in trend):
        raise TypeError("a tuple is shown as a table only when it is a net-cost trend")
    cols = (
        Column("År", TEXT),
        Column("Nettokostnad", AMOUNT),
        Column("Förändring", DEVIATION),
        Column("Förändring %", PERCENT),
        Column("Prisindex %", RATE),
        Column("Förändring i fasta priser %", PERCENT),
        Column("Jämförbarhet", TEXT),
    )
    rows = tuple(
        Row((str(n.year), n.net_cost, n.change, n.change_pct, n.price_index, n.fixed_price_change_pct,
             "jämförbar" if n.comparable else f"ej jämförbar: {fmt.incomparable_text(n.reason)}"))
        for n in trend
    )
    if period is not None and not period.whole_year:
        title = f"Nettokostnad januari–{period.month_name} per år" if period.month > 1 else "Nettokostnad januari per år"
        return Table(title, cols, rows, ("Varje år räknas över samma månader, så att delar av år jämförs med varandra.",))
    return Table("Nettokostnadsutveckling", cols, rows)


@to_table.register
def _(c: Contributions, period: Period | None = None) -> Table:
    """Each row's net cost in both years and its contribution; the contributions add up to the change.

    In a delår (`period` before December) both columns cover January to the period's month.
    """
    part = period is not None and not period.whole_year
    before = Period(c.year - 1, period.month).span if part else str(c.year - 1)
    now = period.span if part else str(c.year)
    cols = (Column("Rad" if c.by == "rad" else "Objekt", TEXT), Column(before, AMOUNT),
            Column(now, AMOUNT), Column("Bidrag till förändringen", DEVIATION))
    rows = [Row((x.key, x.previous, x.current, x.contribution)) for x in c.lines]
    prev = None if any(x.previous is None for x in c.lines) else sum((x.previous for x in c.lines), Decimal("0.00"))
    cur = None if any(x.current is None for x in c.lines) else sum((x.current for x in c.lines), Decimal("0.00"))
    rows.append(Row(("Nettokostnad", prev, cur, c.change), TOTAL))
    notes = (f"Förändringen kan inte beräknas: {fmt.incomparable_text(c.reason)}.",) if c.reason else ()
    return Table(f"Bidrag till nettokostnadens förändring {now}", cols, tuple(rows), notes)


@to_table.register
def _(acc: AccumulatedComparison) -> Table:
    """January to each month of the year against the same months of the year before."""
    cols = (Column("Till och med", TEXT), Column(f"Ackumulerat {acc.year}", AMOUNT),
            Column(f"Ackumulerat {acc.year - 1}", AMOUNT), Column("Skillnad", DEVIATION), Column("Skillnad %", PERCENT))
    rows = tuple(Row((MONTHS[m.month - 1], m.current, m.previous, m.difference, m.change_pct)) for m in acc.months)
    notes = (f"Jämförelsen kan inte göras: {fmt.incomparable_text(acc.reason)}.",) if acc.reason else ()
    return Table(f"Ackumulerad nettokostnad {acc.year} mot {acc.year - 1}", cols, rows, notes)


@to_table.register
def _(m: MonthlyOutcome) -> Table:
    """Outcome per month across, objects or result rows down, year total last."""
    head = {"objekt": "Objekt", "rad": "Rad", "konto": "Konto"}[m.by]
    cols = (Column(head, TEXT), *(Column(x, AMOUNT) for x in MONTHS), Column("År", AMOUNT))
    rows = [Row((line.objekt or line.rad or line.konto, *line.months, line.year_total)) for line in m.lines]
    rows.append(Row(("Summa", *m.total.months, m.total.year_total), TOTAL))
    return Table(f"Utfall per månad {m.year}", cols, tuple(rows))
