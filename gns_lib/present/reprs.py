"""Jupyter's rich display of gns values: a compact, escaped Swedish HTML summary per value.

The values live in data/engine/allocation and know nothing of HTML. `gns_lib/__init__.py`
registers `html` with IPython's HTML formatter by class name when a kernel imports
gns_lib, so this module (and pandas' Styler, itables) is imported only when a value is shown.
"""

from __future__ import annotations

import html as _html
from functools import singledispatch
from typing import Any

from gns_lib.allocation.statements import BalanceCheck, PartyStatement
from gns_lib.allocation.year import YearAllocation
from gns_lib.data.model import Dataset
from gns_lib.data.money import ore_to_kr
from gns_lib.engine.analysis import YearAnalysis
from gns_lib.engine.drilldown import Drilldown, VoucherList
from gns_lib.engine.forecast import ForecastReport
from gns_lib.engine.netcost import AccumulatedComparison, Contributions, NetCostYear
from gns_lib.engine.reserve import ReserveRollForward
from gns_lib.engine.results import BudgetLine, BudgetReport, MonthlyOutcome, ObjectResult
from gns_lib.present import fmt
from gns_lib.present.allocation_tables import balance_messages, statement_table
from gns_lib.present.dataset_summary import ledger_totals
from gns_lib.present.render import as_html
from gns_lib.present.tables import BUDGET_COLUMNS, LINE, SUBTOTAL, TEXT, Column, Row, Table

def _e(value: Any) -> str:
    return _html.escape(str(value), quote=True)


def _box(title: str, body: str, hint: str = "") -> str:
    tip = f'<p class="gns-tips" style="color:#555;font-size:90%">{_e(hint)}</p>' if hint else ""
    return f'<div class="gns-varde"><p><strong>{_e(title)}</strong></p>{body}{tip}</div>'


@singledispatch
def html(value: Any) -> str:
    """The Swedish HTML summary of a gns value (every data string escaped)."""
    return f"<pre>{_e(repr(value))}</pre>"


@html.register
def _(table: Table) -> str:
    return str(as_html(table))


@html.register
def _(ds: Dataset) -> str:
    c = ds.committee
    years = ds.years()
    facts = [
        ("Nämnd", f"{c.namn} ({c.kortnamn}), värdorganisation {c.vardorganisation}"),
        ("Datamapp", str(ds.data_dir)),
        ("Parter", f"{len(ds.parties)}: " + ", ".join(p.part for p in ds.parties)),
        ("Objekt", f"{len(ds.objects)}: " + ", ".join(f"{o.objekt} {o.namn}" for o in ds.objects)),
        ("År", f"{years[0]}–{years[-1]}" if years else "inga"),
    ]
    rows = "".join(f'<tr><th style="text-align:left">{_e(k)}</th><td style="text-align:left">{_e(v)}</td></tr>'
                   for k, v in facts)
    files = Table("Filer", (Column("Fil", TEXT), Column("Kodning", TEXT), Column("Rader", TEXT)),
                  tuple(Row((f.name, f.encoding or "", str(f.rows) if f.rows else "")) for f in ds.files))
    kr = lambda ore: fmt.kr(ore_to_kr(ore), 2)  # noqa: E731
    per_year = Table(
        "Utfall per år, kr i bokföringens tecken (kostnader positiva)",
        (Column("År", TEXT), Column("Rader", TEXT), Column("Intäkter", TEXT), Column("Kostnader", TEXT),
         Column("Bidrag och finansiella poster", TEXT)),
        tuple(Row((str(y), str(n), kr(r), kr(k), kr(o))) for y, n, r, k, o in ledger_totals(ds)),
    )
    body = f'<table class="gns-tabell">{rows}</table>{as_html(files)}{as_html(per_year)}'
    return _box("Data (Dataset)", body, "Tabellerna finns som ds.ledger (utfall), ds.budget och ds.forecast; "
                "ledger_rows(ds, år, objekt=…) visar raderna bakom en siffra.")


@html.register
def _(a: YearAnalysis) -> str:
    return _box(f"Årets analys {a.year}", str(as_html(a)),
                "Delarna: .budget, .forecasts, .reserve, .net_cost_trend, .contributions, .accumulated; "
                "as_frame(värde) ger siffrorna som DataFrame.")


@html.register
def _(report: BudgetReport) -> str:
    return _box(f"Budget och utfall {report.year}", str(as_html(report, level="objekt")),
                "Fler nivåer: as_html(värde, level=\"rad\"), \"konto\" eller \"nämnd\"; "
                "report.object(\"objekt\") visar ett objekt.")


def _lines_table(title: str, lead: tuple[Column, ...], lines: list[tuple[tuple, BudgetLine, str]]) -> Table:
    rows = tuple(Row((*cells, x.original, x.changes, x.budget, x.actual, x.variance, x.variance_pct), role)
                 for cells, x, role in lines)
    return Table(title, (*lead, *BUDGET_COLUMNS), rows)


@html.register
def _(o: ObjectResult) -> str:
    lines = [((x.rad, x.konto or ""), x, LINE) for x in o.accounts]
    lines += [(("Resultat", ""), o.total, SUBTOTAL)]
    table = _lines_table(f"{o.objekt} {o.namn} ({o.typ}) per konto", (Column("Rad", TEXT), Column("Konto", TEXT)), lines)
    return _box(f"Objekt {o.objekt} {o.namn}", str(as_html(table)),
                f"Raderna bakom en siffra: ledger_rows(ds, år, objekt=\"{o.objekt}\", rad=…, konto=…).")


@html.register
def _(x: BudgetLine) -> str:
    what = " · ".join(v for v in (x.objekt, x.rad, x.konto) if v) or "Nämnden totalt"
    table = _lines_table(what, (Column("Avser", TEXT),), [((what,), x, LINE)])
    return str(as_html(table))


@html.register(MonthlyOutcome)
@html.register(ForecastReport)
@html.register(ReserveRollForward)
@html.register(Contributions)
@html.register(AccumulatedComparison)
def _(value) -> str:
    return str(as_html(value))


@html.register
def _(n: NetCostYear) -> str:
    return str(as_html((n,)))


@html.register
def _(d: Drilldown) -> str:
    from gns_lib.present.interactive import drilldown_html  # lazy: itables only when rows are shown

    return drilldown_html(d)


@html.register
def _(v: VoucherList) -> str:
    from gns_lib.present.interactive import vouchers_html

    return vouchers_html(v)


@html.register
def _(alloc: YearAllocation) -> str:
    base = "inget grundbidrag i namnd.toml" if alloc.base is None else (
        f"{len(alloc.base)} parter, " + fmt.kr(ore_to_kr(sum(b.amount_ore for b in alloc.base)), 2) + " kr")
    projects = ", ".join(f"{p.obj.objekt} {p.obj.namn}" for p in alloc.projects) or "inga"
    body = f"<p>Grundbidrag: {_e(base)}</p><p>Projekt: {_e(projects)}</p>"
    return _box(f"Fördelning {alloc.year}", body,
                "allocation_tables.base_table(ds, värde) och project_tables(ds, värde) visar tabellerna.")


@html.register
def _(st: PartyStatement) -> str:
    return _box(f"Partsavräkning {st.year}: {st.party.namn}", str(as_html(statement_table(st))),
                "as_frame(värde) ger siffrorna; Slutligt saknas så länge ett projekt saknar utfall.")


@html.register
def _(check: BalanceCheck) -> str:
    if check.ok:
        return _box("Avstämning", "<p>Parternas avräkningar summerar till nämndens totaler, på öret.</p>")
    items = "".join(f"<li>{_e(m)}</li>" for m in balance_messages(check))
    return _box("Avstämning", f"<p>Avräkningarna stämmer inte med nämndens totaler:</p><ul>{items}</ul>")
