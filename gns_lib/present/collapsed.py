"""A report table for the page: a long one summarised (`summary`), with all its lines in a collapsed table.

The full table goes under the summary in a `<details>` element (keyboard- and screen-reader-accessible
without script) while it has at most `FULL_LINES` rows; a longer one is left to its CSV file in
`tabeller/`, so the page stays within its size limit whatever the committee's size.
"""

from __future__ import annotations

import html
from dataclasses import replace
from decimal import Decimal
from typing import Any

from gns_lib.present.render import HtmlFragment, as_html
from gns_lib.present.summary import FULL_LINES, LONG, SHOWN, extent, rank_column, summarise
from gns_lib.present.tables import TOTAL, Table, to_table
from gns_lib.present.units import ReportUnit



def _as_table(value: Any, options: dict) -> Table:
    return value if isinstance(value, Table) else to_table(value, **options)


def _where(table: Table, csv: str, collapsed: bool) -> str:
    file = f"filen tabeller/{csv}.csv" if csv else "CSV-filerna i mappen tabeller/"
    if collapsed:
        return f"Alla rader finns i tabellen ”{full_title(table)}” nedan (fäll ut den) och i {file} bredvid rapporten."
    return f"Alla rader finns i {file} bredvid rapporten; de är för många för att visas här."


def full_title(table: Table) -> str:
    """The collapsed full table's title: its own, so that no two tables on a page share a name."""
    return f"{table.title}, alla {extent(table)}"


def largest_tables(tables: list[Table], limit: int = LONG, keep: int = SHOWN) -> tuple[list[Table], int]:
    """(tables to show, how many are left out): all up to `limit`, else the `keep` with the largest total
    in their ranking column (as `summary` ranks lines), in their own order."""
    if len(tables) <= limit:
        return tables, 0

    def size(t: Table) -> Decimal:
        rank, totals = rank_column(t), [r for r in t.rows if r.role == TOTAL]
        value = totals[-1].cells[rank] if rank is not None and totals else None
        return Decimal(-1) if value is None else abs(value)

    chosen = set(sorted(range(len(tables)), key=lambda k: -size(tables[k]))[:keep])
    return [t for k, t in enumerate(tables) if k in chosen], len(tables) - keep


def _tables_html(tables: list[Table], unit, csv: str, limit: int, keep: int) -> HtmlFragment:
    shown, left = largest_tables(tables, limit, keep)
    page = "".join(report_html(t, unit, csv, limit, keep) for t in shown)
    if left:
        file = f"filerna tabeller/{csv}.csv" if csv else "CSV-filerna i mappen tabeller/"
        page += (f'<p class="gns-not">{len(tables)} tabeller: här visas de {keep} med störst belopp i summaraden. '
                 f"Övriga {left} finns i {html.escape(file)} bredvid rapporten.</p>")
    return HtmlFragment(page)


def report_html(value: Any, unit: ReportUnit | None = None, csv: str = "", limit: int = LONG, keep: int = SHOWN,
                **options: Any) -> HtmlFragment:
    """A report value (or list) as HTML tables; one with more than `limit` lines is summarised.

    `csv` names the table's file under `tabeller/` (without `.csv`), which the note points to; a table
    that knows its own file (`Table.file`, e.g. each project's) points to that one.
    A table at or under `limit` is exactly `as_html`'s.
    """
    if isinstance(value, list):
        return _tables_html([_as_table(v, options) for v in value], unit, csv, limit, keep)
    table = _as_table(value, options)
    short = summarise(table, limit, keep)
    if short is table:
        return as_html(table, unit)
    collapsed = len(table.rows) <= FULL_LINES
    page = [as_html(replace(short, notes=(*short.notes, _where(table, table.file or csv, collapsed))), unit)]
    if collapsed:
        title = full_title(table)
        page += ['<details class="gns-alla">', f"<summary>Visa alla: {html.escape(title)}</summary>",
                 as_html(replace(table, title=title), unit), "</details>"]
    return HtmlFragment("".join(page))


def appendix_html(value: Any, unit: ReportUnit | None = None, csv: str = "") -> HtmlFragment:
    """An appendix (a reference list, not ranked by size) in full up to `FULL_LINES` rows; a longer one
    shows its first lines and points to its CSV file."""
    return report_html(value, unit, csv, limit=FULL_LINES)
