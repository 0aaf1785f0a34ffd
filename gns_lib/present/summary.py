"""Long tables and charts made readable: the largest deviations first, the rest summed exactly as "Övriga".

A committee with hundreds of objects or parties would otherwise give tables of thousands of lines
and charts nobody can read (docs/regler.md, "Stora nämnder"). Pure functions on report values; the
thresholds are the documented ones, and a table or chart at or under them is returned unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Mapping, Sequence

from gns_lib.present.fmt import NBSP
from gns_lib.present.tables import AMOUNT, DEVIATION, LINE, SUBTOTAL, TEXT, TOTAL, Row, Table

LONG = 25  # a table with more lines (objects in a grouped table), or a chart with more bars, is summarised
SHOWN = 15  # how many of the largest are shown before "Övriga"
FULL_LINES = 400  # a summarised table's (or commentary's) full lines still put in the page, collapsed; beyond, the CSV file
MONEY = (AMOUNT, DEVIATION)


def others_label(count: int) -> str:
    """The summed line's label: "Övriga (285 st.)"."""
    return f"Övriga ({count}{NBSP}st.)"


def _grouped(table: Table) -> bool:
    return any(r.role == SUBTOTAL for r in table.rows)


def items(table: Table) -> list[list[int]]:
    """The table's items as row indices: one line each, or in a grouped table each group's lines and subtotal."""
    if not _grouped(table):
        return [[i] for i, r in enumerate(table.rows) if r.role == LINE]
    groups: dict[Any, list[int]] = {}
    for i, r in enumerate(table.rows):
        if r.role != TOTAL:
            groups.setdefault(r.group, []).append(i)
    return list(groups.values())


def extent(table: Table) -> str:
    """How many items the table has, in words: "300 objekt" (a grouped table) or "290 rader"."""
    return f"{len(items(table))} {'objekt' if _grouped(table) else 'rader'}"


def is_long(table: Table, limit: int = LONG) -> bool:
    """More items than `limit`: the table is shown summarised."""
    return len(items(table)) > limit


def rank_column(table: Table) -> int | None:
    """The column whose size orders the lines: the last deviation column, else the last amount column."""
    for kind in (DEVIATION, AMOUNT):
        found = [c for c, col in enumerate(table.columns) if col.kind == kind]
        if found:
            return found[-1]
    return None


def _head(table: Table, item: list[int]) -> Row:
    """The row that stands for an item: the line itself, or the group's subtotal."""
    rows = [table.rows[i] for i in item]
    return next((r for r in rows if r.role == SUBTOTAL), rows[-1])


def _size(value: Any) -> Decimal:
    return Decimal(-1) if value is None else abs(Decimal(value))


def _exact_sum(values: Sequence[Any]) -> Decimal | None:
    """The exact sum, or None when some value is missing (a missing amount is not zero)."""
    if any(v is None for v in values):
        return None
    return sum((Decimal(v) for v in values), Decimal("0.00"))


def others_row(table: Table, heads: Sequence[Row]) -> Row:
    """One line summing `heads` exactly in every money column; text and percentages left empty."""
    first_text = next((c for c, col in enumerate(table.columns) if col.kind == TEXT), None)
    cells = []
    for c, col in enumerate(table.columns):
        if c == first_text:
            cells.append(others_label(len(heads)))
        elif col.kind == TEXT:
            cells.append("")
        elif col.kind in MONEY:
            cells.append(_exact_sum([h.cells[c] for h in heads]))
        else:
            cells.append(None)
    return Row(tuple(cells), LINE)


def summarise(table: Table, limit: int = LONG, keep: int = SHOWN) -> Table:
    """The table itself when it has at most `limit` items; else its `keep` largest, "Övriga" and the totals.

    Items are ordered by the size of their deviation (else amount), largest first; "Övriga" sums the
    rest exactly, so the total rows stay as they were. A table without amounts keeps its first lines.
    """
    all_items = items(table)
    if len(all_items) <= limit:
        return table
    rank = rank_column(table)
    if rank is None:
        shown, rest = all_items[:keep], all_items[keep:]
    else:
        order = sorted(range(len(all_items)), key=lambda k: -_size(_head(table, all_items[k]).cells[rank]))
        shown, rest = [all_items[k] for k in order[:keep]], [all_items[k] for k in order[keep:]]
    rows = [table.rows[i] for item in shown for i in item]
    if rank is not None:
        rows.append(others_row(table, [_head(table, item) for item in rest]))
    rows += [r for r in table.rows if r.role == TOTAL]
    if rank is None:
        note = f"Tabellen har {extent(table)}; de första {keep} visas här."
    else:
        note = (f"Tabellen har {extent(table)}; här visas de {keep} med störst belopp i kolumnen "
                f"”{table.columns[rank].title}” (oavsett tecken), störst först. Övriga {len(rest)} är summerade "
                f"på raden ”Övriga”; summan gäller alla.")
    return replace(table, rows=tuple(rows), notes=(*table.notes, note))


def top_items(categories: Sequence[Any], series: Mapping[str, Sequence[Any]], rank: Sequence[Any],
              limit: int = LONG, keep: int = SHOWN) -> tuple[list[Any], dict[str, list[Any]]]:
    """A chart's bars: all when at most `limit`; else the `keep` largest by `rank` (size, sign ignored)
    and one "Övriga" bar per series with the exact sum of the rest (missing values add nothing)."""
    cats = list(categories)
    if len(cats) <= limit:
        return cats, {name: list(values) for name, values in series.items()}
    order = sorted(range(len(cats)), key=lambda k: -_size(rank[k]))
    shown, rest = order[:keep], order[keep:]
    out: dict[str, list[Any]] = {}
    for name, values in series.items():
        values = list(values)
        known = [values[k] for k in rest if values[k] is not None]
        other = sum((Decimal(v) for v in known), Decimal("0.00")) if known else None
        out[name] = [values[k] for k in shown] + [other]
    return [cats[k] for k in shown] + [others_label(len(rest))], out
