"""A column-mapped export (CSV or XLSX, e.g. from Raindance or Unit4) as a source of `utfall` or `budget`.

The file is read and checked as our own CSV files are (docs/dataformat.md); `[kallor.….kolumner]`
says which of its columns is period (or ar), konto, objekt and belopp. Every row is the
committee's; problems name the export's own columns.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gns_lib.core.errors import Problem
from gns_lib.data.fields import Fields, shown
from gns_lib.data.model import BUDGET_VERSIONS
from gns_lib.data.money import parse_amounts_ore
from gns_lib.data.readers import read_table
from gns_lib.data.sources import REVENUE_POSITIVE, Source, SourceRows

POINT_EXPECTED = "ett belopp med decimalpunkt, t.ex. -1234.56 eller 1 234.56"


def column_rows(path, name: str, source: Source) -> tuple[SourceRows | None, list[Problem]]:
    """The rows of one export file for `source`, or the problems that stop it."""
    codes = [c for key in ("period", "konto", "objekt") for c in source.columns.get(key, ())]
    table, problems = read_table(path, name, codes)
    if table is None:
        return None, problems
    f = Fields(table, problems)
    mapped = [c for names in source.columns.values() for c in names] + list(source.keep.values())
    if not f.require(*dict.fromkeys(mapped)):
        return None, problems
    col = source.column
    columns: dict[str, object] = {}
    if source.table == "utfall":
        columns["period"] = f.periods(col("period"))
    elif col("period"):
        period = f.periods(col("period"))
        columns["ar"], columns["manad"] = period // 100, np.where(period > 0, period % 100, 0)
    else:
        columns["ar"], columns["manad"] = f.years(col("ar")), np.zeros(len(table), dtype=np.int64)
    columns["konto"] = f.codes(col("konto"))
    columns["objekt"] = _objects(f, source.columns["objekt"])
    point = source.decimal == "." and not str(path).lower().endswith(".xlsx")  # a sheet's numbers are numbers
    ore = _amounts(f, col("belopp")) if point else f.amounts(col("belopp"))
    columns["belopp_ore"] = -ore if source.sign == REVENUE_POSITIVE else ore
    if source.table == "utfall":
        for key in ("text", "verifikation"):
            columns[key] = _text(f, col(key))
        for key, column in source.keep.items():
            columns[key] = _text(f, column)
    else:
        columns["version"] = (f.choices(col("version"), BUDGET_VERSIONS, default=source.version) if col("version")
                              else [source.version] * len(table))
        columns["beslut"] = (f.texts(col("beslut"), required=False) if col("beslut")
                             else [source.decision] * len(table))
    f.finish()
    labels = {"period": col("period") or col("ar") or "period", "ar": col("ar") or col("period") or "ar",
              "konto": col("konto"), "objekt": source.columns["objekt"][0], "belopp": col("belopp")}
    return SourceRows(name, table.encoding, MappingProxyType(columns), table.rows, MappingProxyType(labels),
                      table.digest), problems


def _text(f: Fields, column: str | None) -> pa.Array:
    """A kept text column as written, or empty texts when the export has none."""
    if column is None:
        return pa.array([""] * len(f.table), type=pa.string())
    return f.raw(column).combine_chunks()


def _objects(f: Fields, columns: tuple[str, ...]) -> pd.Categorical:
    """The objekt column, or per row the first non-empty of several (e.g. PROJ_ID, then KST_ID)."""
    if len(columns) == 1:
        return f.codes(columns[0])
    values = [f.texts(c, required=False) for c in columns]
    out = []
    for i, row in enumerate(zip(*values)):
        chosen = next((v for v in row if v), "")
        if not chosen:
            f.add(i, columns[0], f"värde saknas i alla objektkolumner ({', '.join(columns)}); väntade ett objekt i någon")
        out.append(chosen)
    return pd.Categorical(out)


def _amounts(f: Fields, column: str) -> np.ndarray:
    """Amounts written with a decimal point (`-1234.56`); a comma is refused, never guessed."""
    raw = pc.utf8_trim_whitespace(f.raw(column).combine_chunks())
    comma = np.asarray(pc.fill_null(pc.match_substring(raw, ","), True).to_numpy(zero_copy_only=False), dtype=bool)
    ore, bad = parse_amounts_ore(pc.replace_substring(raw, ".", ","))
    bad |= comma
    if bad.any():
        values = raw.to_pylist()
        f.add_where(bad, column, lambda i: (f"ogiltigt belopp {shown(values[i])}; väntade {POINT_EXPECTED}" if values[i]
                                            else f"belopp saknas; väntade {POINT_EXPECTED}"))
    return np.where(bad, 0, ore)
