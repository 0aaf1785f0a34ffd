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
import pyarrow.compute as pc

from gns_lib.core.errors import Problem
from gns_lib.data import validation as checks
from gns_lib.data.fields import MAX_PER_COLUMN, shown
from gns_lib.data.model import RESULT_ROWS, AccountRange, SourceFile
from gns_lib.data.sources import NAME, Source, SourceRows, read_source, source_files

_ROW_CATEGORIES = list(RESULT_ROWS) + [""]
_LEADING = {"utfall": ("ar", "period", "manad", "objekt", "konto", "rad", "belopp_ore", "text", "verifikation"),
            "budget": ("ar", "manad", "objekt", "konto", "rad", "belopp_ore", "version", "beslut")}


def read_sources(data_dir: Path, table: str, sources: tuple[Source, ...], cache: dict | None = None
                 ) -> tuple[list[SourceRows], list[SourceFile], list[Problem]]:
    """Every file of every source of `table`, read; a file named by two sources is a problem.

    `cache` keeps the SIE files read for one table for the other (a file often holds both).
    """
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
            rows, more = read_source(path, name, source, cache)
            problems += more
            if rows is not None:
                parts.append(rows)
                files.append(SourceFile(name, rows.encoding, rows.digest, len(rows), table))
    return parts, files, problems


def _arrow(values) -> pa.ChunkedArray:
    """Any column of texts (pyarrow array, Categorical, list) as Arrow strings, without a Python object per row."""
    if isinstance(values, pd.Categorical):
        values = pa.DictionaryArray.from_arrays(pa.array(values.codes, mask=values.codes < 0),
                                                pa.array(np.asarray(values.categories, dtype=object), type=pa.string()))
    elif not isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pa.array(np.asarray(values, dtype=object), type=pa.string())
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode() if isinstance(values, pa.Array) else pc.cast(values, values.type.value_type)
    values = values.cast(pa.string())
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values], type=pa.string())


def _codes(parts: list[SourceRows], key: str) -> tuple[np.ndarray, list[str]]:
    """(index per row, distinct stripped values in first-seen order) of a code column over all parts."""
    chunks = [c for p in parts for c in _arrow(p.columns[key]).chunks]
    if not chunks:
        return np.zeros(0, dtype=np.int32), []
    encoded = pc.dictionary_encode(pc.utf8_trim_whitespace(pa.chunked_array(chunks, type=pa.string())).combine_chunks())
    index = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), dtype=np.int32)
    return index, [str(v) for v in encoded.dictionary.to_pylist()]


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
    src_row = np.concatenate([np.asarray(p.rows, dtype=np.int64) for p in parts]) if parts else np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(parts)), [len(p) for p in parts]).astype(np.int32)
    konto, kontos = _codes(parts, "konto")
    objekt, objekts = _codes(parts, "objekt")
    mapping = checks.account_rows(chart, kontos)

    def report(index: np.ndarray, values: list[str], bad: list[int], column: str, message) -> None:
        for i in np.flatnonzero(np.isin(index, bad)):
            p = parts[owner[i]]
            capped.add(p.name, int(src_row[i]), p.labels[column], message(values[index[i]]))

    report(konto, kontos, [k for k, code in enumerate(kontos) if mapping[code] is None], "konto", checks.account_problem)
    report(objekt, objekts, [k for k, code in enumerate(objekts) if code and code not in known], "objekt",
           lambda code: f"okänt objekt {shown(code)}; väntade ett objekt ur objekt.csv")
    capped.finish()
    lookup = np.array([_ROW_CATEGORIES.index(mapping[c] or "") for c in kontos] + [len(_ROW_CATEGORIES) - 1],
                      dtype=np.int32)
    rad = pd.Categorical.from_codes(lookup[konto], categories=_ROW_CATEGORIES)
    data: dict[str, object] = {}
    join = lambda key, dtype: np.concatenate([np.asarray(p.columns[key], dtype=dtype) for p in parts]) \
        if parts else np.zeros(0, dtype=dtype)  # noqa: E731
    if table == "utfall":
        period = join("period", np.int64)
        data.update(ar=period // 100, period=period, manad=(period % 100).astype(np.int8))
    else:
        data.update(ar=join("ar", np.int64), manad=join("manad", np.int64).astype(np.int8))
    data.update(objekt=pd.Categorical.from_codes(objekt, categories=pd.Index(objekts, dtype=object)),
                konto=pd.Categorical.from_codes(konto, categories=pd.Index(kontos, dtype=object)),
                rad=rad, belopp_ore=join("belopp_ore", np.int64))
    texts = ("text", "verifikation") if table == "utfall" else ()
    extra = list(dict.fromkeys(k for p in parts for k in p.columns if k not in _LEADING[table] and k != "period"))
    for key in (*texts, *extra):
        chunks = [c for p in parts for c in (_arrow(p.columns[key]) if key in p.columns
                                              else _arrow(pa.array([""] * len(p), type=pa.string()))).chunks]
        data[key] = pd.Series(pd.arrays.ArrowExtensionArray(pa.chunked_array(chunks, type=pa.string())))
    if table == "budget":
        data["version"] = join("version", object)
        data["beslut"] = join("beslut", object)
    data["src_row"] = src_row
    data["src_file"] = pd.Categorical.from_codes(owner, categories=[p.name for p in parts])
    return pd.DataFrame(data)
