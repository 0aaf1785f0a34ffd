"""Report values as pandas DataFrames of numbers, and a Swedish-formatted view of the same frame.

`as_frame` gives exact `Decimal` kronor (percentages as unrounded `Decimal`), codes as text,
one row per table line: subtotal and total rows are left out, so a column's sum is its total.
A missing value is None, never 0. `swedish` shows that frame for people (pandas Styler).
The numbers come from the same `Table` as the HTML report, so display and numbers agree.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pandas as pd

from gns_lib.engine.drilldown import Drilldown
from gns_lib.present import allocation_tables  # noqa: F401  (registers the party statement's table)
from gns_lib.present import fmt
from gns_lib.present.tables import AMOUNT, DEVIATION, LINE, PERCENT, RATE, TEXT, Table, to_table

KINDS = "gns_kinds"  # frame.attrs key: column name -> column kind (text, amount, deviation, percent, rate)
TITLE = "gns_title"
_DRILL_KINDS = {"belopp": AMOUNT, "belopp_bokfort": AMOUNT}


def _unique(titles: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for t in titles:
        seen[t] = seen.get(t, 0) + 1
        out.append(t if seen[t] == 1 else f"{t} ({seen[t]})")
    return out


def table_frame(table: Table) -> pd.DataFrame:
    """The lines of `table` (no subtotal, total or rounding rows) with their exact cells."""
    names = _unique([c.title or "Rad" for c in table.columns])
    lines = [list(r.cells) for r in table.rows if r.role == LINE]
    frame = pd.DataFrame(lines, columns=names, dtype=object)
    for name, col in zip(names, table.columns):
        if col.kind == TEXT:
            frame[name] = frame[name].map(lambda v: "" if v is None else str(v))
    frame.attrs[KINDS] = {name: col.kind for name, col in zip(names, table.columns)}
    frame.attrs[TITLE] = table.title
    return frame


def as_frame(value: Any, **options: Any) -> pd.DataFrame:
    """A report value (or a `Table` or a drill-down) as a DataFrame of exact numbers.

    Options are those of the value's table (e.g. `level="konto"` for a BudgetReport).
    """
    if isinstance(value, Drilldown):
        frame = value.frame.copy()
        frame.attrs[KINDS] = {c: _DRILL_KINDS.get(c, TEXT) for c in frame.columns}
        frame.attrs[TITLE] = value.describe()[:1].upper() + value.describe()[1:]
        return frame
    table = value if isinstance(value, Table) else to_table(value, **options)
    return table_frame(table)


def _kind_of(frame: pd.DataFrame, column: str) -> str:
    kinds = frame.attrs.get(KINDS, {})
    if column in kinds:
        return kinds[column]
    values = [v for v in frame[column] if v is not None and v is not pd.NA]
    return AMOUNT if values and all(isinstance(v, Decimal) for v in values) else TEXT


def _decimals(series: pd.Series) -> int:
    """2 where a value has öre, else 0: kronor are shown exactly."""
    return 2 if any(isinstance(v, Decimal) and v != v.to_integral_value() for v in series) else 0


def cell_text(kind: str, value: Any, decimals: int = 0) -> str:
    """One value as Swedish text: exact kronor, signed deviations and per cent, – for missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return fmt.MISSING if kind != TEXT else ""
    if kind == AMOUNT:
        return fmt.kr(value, decimals)
    if kind == DEVIATION:
        text = fmt.kr(value, decimals)
        return ("+" + text) if value > 0 else (fmt.PLUS_MINUS + text if value == 0 else text)
    if kind == PERCENT:
        return fmt.signed_pct(value)
    if kind == RATE:
        return fmt.pct(value)
    return str(value)


def swedish_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """Per column: a function giving its Swedish text (the same for the Styler and interactive tables)."""
    out = {}
    for column in frame.columns:
        kind = _kind_of(frame, column)
        decimals = _decimals(frame[column]) if kind in (AMOUNT, DEVIATION) else 0
        out[column] = (lambda v, k=kind, d=decimals: cell_text(k, v, d))
    return out


def swedish(frame_or_value: Any, **options: Any):
    """A pandas Styler showing the numeric frame in Swedish (exact kronor, no-break spaces, true minus)."""
    frame = frame_or_value if isinstance(frame_or_value, pd.DataFrame) else as_frame(frame_or_value, **options)
    styler = frame.style.format(swedish_columns(frame), escape="html").format_index(escape="html", axis=1)
    styler = styler.hide(axis="index")
    right = [c for c in frame.columns if _kind_of(frame, c) != TEXT]
    if right:
        styler = styler.set_properties(subset=right, **{"text-align": "right"})
    if frame.attrs.get(TITLE):
        styler = styler.set_caption(html.escape(str(frame.attrs[TITLE])))
    return styler
