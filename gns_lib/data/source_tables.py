"""The `utfall` or `budget` table built from the exports named in `[kallor]`, checked like our own CSV files.

The table has the same columns and types as one read from `utfall.csv` or `budget.csv`, plus
`src_file`: the file each row came from (`src_row` is its line there), so that every figure
keeps its provenance whichever export it came from.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from gns_lib.core.errors import Problem
from gns_lib.data import validation as checks
from gns_lib.data.fields import MAX_PER_COLUMN, shown
from gns_lib.data.model import RESULT_ROWS, AccountRange, SourceFile
from gns_lib.data.sources import NAME, Source, SourceRows, read_source, source_files

_ROW_CATEGORIES = list(RESULT_ROWS) + [""]
_LEADING = {"utfall": ("ar", "period", "manad", "objekt", "konto", "rad", "belopp_ore", "text", "verifikation"),
            "budget": ("ar", "manad", "objekt", "konto", "rad", "belopp_ore", "version", "beslut")}


def read_sources(data_dir: Path, table: str, sources: tuple[Source, ...]
                 ) -> tuple[list[SourceRows], list[SourceFile], list[Problem]]:
    """Every file of every source of `table`, read; a file named by two sources is a problem."""
    parts, files, problems, seen = [], [], [], {}
    for source in sources:
        found, more = source_files(data_dir, source)
        problems += more
        for path, name in found:
            if name in seen:
                problems.append(Problem(NAME, source.line, f"{source.label}.filer",
                                        f"{name} är redan en källa för {table} (rad {seen[name]}); varje fil räknas en gång"))
                continue
            seen[name] = source.line
            rows, more = read_source(path, name, source)
            problems += more
            if rows is not None:
                parts.append(rows)
                files.append(SourceFile(name, rows.encoding, rows.digest, len(rows), table))
    return parts, files, problems


def _strings(values) -> np.ndarray:
    """Any column of texts (pyarrow array, Categorical, list) as a numpy array of str."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return np.asarray(values.to_pylist(), dtype=object)
    return np.asarray(values, dtype=object).astype(str)


def _categorical(values: np.ndarray) -> pd.Categorical:
    """Codes as a Categorical with categories in first-seen order, as `Fields.codes` makes them."""
    uniques, first = np.unique(values, return_index=True) if len(values) else (np.array([], dtype=object), [])
    categories = [str(u) for _, u in sorted(zip(first, uniques))]
    return pd.Categorical(values, categories=pd.Index(categories, dtype=object))


class _Capped:
    """Problems per (file, column) up to the cap, then one line with the rest, as `Fields` does."""

    def __init__(self, problems: list[Problem]):
        self.problems, self.counts = problems, {}

    def add(self, name: str, row: int, column: str, message: str) -> None:
        n = self.counts.get((name, column), 0) + 1
        self.counts[(name, column)] = n
        if n <= MAX_PER_COLUMN:
            self.problems.append(Problem(name, row, column, message))

    def finish(self) -> None:
        for (name, column), n in self.counts.items():
            if n > MAX_PER_COLUMN:
                self.problems.append(Problem(name, None, column, f"ytterligare {n - MAX_PER_COLUMN} fel i kolumnen visas inte"))


def source_table(table: str, parts: list[SourceRows], chart: tuple[AccountRange, ...], known: set[str],
                 problems: list[Problem]) -> pd.DataFrame:
    """One DataFrame of all parts, every account mapped to its result row and every objekt checked."""
    capped = _Capped(problems)
    konto = np.concatenate([_strings(p.columns["konto"]) for p in parts]) if parts else np.array([], dtype=object)
    objekt = np.concatenate([_strings(p.columns["objekt"]) for p in parts]) if parts else np.array([], dtype=object)
    src_row = np.concatenate([np.asarray(p.rows, dtype=np.int64) for p in parts]) if parts else np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
    konto = np.char.strip(konto.astype(str)).astype(object) if len(konto) else konto
    objekt = np.char.strip(objekt.astype(str)).astype(object) if len(objekt) else objekt
    mapping = checks.account_rows(chart, sorted(set(konto.tolist())))
    for i in np.flatnonzero([mapping[k] is None for k in konto.tolist()]) if len(konto) else []:
        p = parts[owner[i]]
        capped.add(p.name, int(src_row[i]), p.labels["konto"], checks.account_problem(konto[i]))
    for i in np.flatnonzero([o not in known for o in objekt.tolist()]) if len(objekt) else []:
        p = parts[owner[i]]
        if objekt[i]:
            capped.add(p.name, int(src_row[i]), p.labels["objekt"],
                       f"okänt objekt {shown(objekt[i])}; väntade ett objekt ur objekt.csv")
    capped.finish()
    rad = pd.Categorical([mapping[k] or "" for k in konto.tolist()], categories=_ROW_CATEGORIES)
    data: dict[str, object] = {}
    join = lambda key, dtype: np.concatenate([np.asarray(p.columns[key], dtype=dtype) for p in parts]) \
        if parts else np.zeros(0, dtype=dtype)  # noqa: E731
    if table == "utfall":
        period = join("period", np.int64)
        data.update(ar=period // 100, period=period, manad=(period % 100).astype(np.int8))
    else:
        data.update(ar=join("ar", np.int64), manad=join("manad", np.int64).astype(np.int8))
    data.update(objekt=_categorical(objekt), konto=_categorical(konto), rad=rad, belopp_ore=join("belopp_ore", np.int64))
    texts = ("text", "verifikation") if table == "utfall" else ()
    extra = list(dict.fromkeys(k for p in parts for k in p.columns if k not in _LEADING[table] and k != "period"))
    for key in (*texts, *extra):
        values = [pa.array(_strings(p.columns[key]) if key in p.columns else [""] * len(p), type=pa.string())
                  for p in parts]
        data[key] = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(values, type=pa.string())))
    if table == "budget":
        data["version"] = join("version", object)
        data["beslut"] = join("beslut", object)
    data["src_row"] = src_row
    data["src_file"] = pd.Categorical.from_codes(owner.astype(np.int32), categories=[p.name for p in parts]) \
        if parts else pd.Categorical([])
    return pd.DataFrame(data)
