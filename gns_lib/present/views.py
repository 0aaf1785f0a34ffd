"""The tables an ekonom asks for while exploring: one object's accounts, its months, unbudgeted rows.

Each is a `Table` (shown with `as_html`, as numbers with `as_frame`) built from the same
report values as the årsbokslut, in the report sign.
"""

from __future__ import annotations

from dataclasses import replace

from gns_lib.data.model import Dataset
from gns_lib.engine.drilldown import monthly_of
from gns_lib.engine.results import BudgetLine, BudgetReport
from gns_lib.present.tables import BUDGET_COLUMNS, LINE, SUBTOTAL, TEXT, TOTAL, Column, Row, Table, to_table


def _figures(line: BudgetLine) -> tuple:
    return (line.original, line.changes, line.budget, line.actual, line.variance, line.variance_pct)


def accounts(report: BudgetReport, objekt: str, rad: str | None = None) -> Table:
    """Budget against outcome per account for one object (one result row with `rad`), row subtotals."""
    o = report.object(objekt)
    rows: list[Row] = []
    chosen = [r for r in o.rows if rad is None or r.rad == rad]
    for g, r in enumerate(chosen):
        lines = [a for a in o.accounts if a.rad == r.rad and a.konto is not None]
        for a in lines:
            rows.append(Row((r.rad, a.konto, *_figures(a)), LINE, g))
        rows.append(Row((r.rad, "Summa rad" if lines else "", *_figures(r)), SUBTOTAL if lines else LINE, g if lines else None))
    if rad is None:
        rows.append(Row(("Resultat", "", *_figures(o.total)), TOTAL))
    what = f"{o.objekt} {o.namn}" + (f", {rad}" if rad else "")
    notes = ("Kontorader utan budget visas med – i budgetkolumnerna; hela utfallet räknas då som avvikelse.",) if any(
        a.unbudgeted for a in o.accounts) else ()
    return Table(f"Budget och utfall per konto {report.year}: {what}", (Column("Rad", TEXT), Column("Konto", TEXT),
                 *BUDGET_COLUMNS), tuple(rows), notes)


def unbudgeted_rows(report: BudgetReport) -> Table:
    """Result rows of an object that have outcome but no budget at all, each with its accounts."""
    rows: list[Row] = []
    g = 0
    for o in report.objects:
        for r in o.rows:
            if not r.unbudgeted:
                continue
            for a in (a for a in o.accounts if a.rad == r.rad and a.konto is not None):
                rows.append(Row((o.objekt, r.rad, a.konto, *_figures(a)), LINE, g))
            rows.append(Row((o.objekt, f"Summa {r.rad}", "", *_figures(r)), SUBTOTAL, g))
            g += 1
    notes = () if rows else ("Alla resultatrader med utfall har budget.",)
    cols = (Column("Objekt", TEXT), Column("Rad", TEXT), Column("Konto", TEXT), *BUDGET_COLUMNS)
    return Table(f"Resultatrader utan budget {report.year}, med konton", cols, tuple(rows), notes)


def monthly(ds: Dataset, year: int, objekt: str | None = None, rad: str | None = None) -> Table:
    """Outcome per month for one object (per row), one result row (per object) or both (per account)."""
    table = to_table(monthly_of(ds, year, objekt, rad))
    what = ", ".join(x for x in (objekt and f"objekt {objekt}", rad) if x)
    return replace(table, title=f"{table.title}{': ' + what if what else ''}",
                   notes=("Före reservering till kommande år; månader efter den sista bokförda visas med –.",))
