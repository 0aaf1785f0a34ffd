"""A table written once as an Arrow IPC file and read back memory-mapped: many processes, one copy in memory.

A batch writes the ledger this way, so its notebook kernels share the operating system's pages of
one file instead of each holding its own copy: the numbers, the categories' codes and the texts
stay in the file, and only the pages a kernel reads are loaded. The frame read back has the same
columns and dtypes; its numeric columns are read-only, as the data set's tables are meant to be.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gns_lib.core.atomic import atomic_path


def can_map(frame: pd.DataFrame) -> bool:
    """`frame` comes back exactly from `write_frame` + `read_frame`: a 0..n-1 index, unique text column names,
    no `attrs`, and columns of numbers, categories of texts or Arrow-backed texts."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None):
        return False
    names = list(frame.columns)
    return (not frame.attrs and frame.columns.name is None and all(isinstance(n, str) for n in names)
            and len(set(names)) == len(names) and all(_kind(dtype) is not None for dtype in frame.dtypes))


def write_frame(path: str | os.PathLike, frame: pd.DataFrame, *, durable: bool = False) -> Path:
    """Write `frame` as one Arrow IPC record batch, atomically (core.atomic.atomic_path); ValueError unless `can_map`.

    Not fsynced unless `durable`: the batch's copy is scratch, removed when the run ends.
    """
    if not can_map(frame):
        raise ValueError("tabellen kan inte skrivas som Arrow-fil och läsas tillbaka exakt (se can_map)")
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    with atomic_path(path, durable=durable) as tmp:
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    return Path(path)


def read_frame(path: str | os.PathLike, dtypes: Mapping[str, object]) -> pd.DataFrame:
    """The frame `write_frame` wrote to `path`, memory-mapped, with the columns and `dtypes` it had."""
    table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
    columns = {name: pd.Series(_column(table.column(name), dtype), name=name, copy=False)
               for name, dtype in dtypes.items()}
    frame = pd.concat(columns.values(), axis=1) if columns else pd.DataFrame(index=pd.RangeIndex(table.num_rows))
    return frame


def dtypes_of(frame: pd.DataFrame) -> dict[str, object]:
    """The column -> dtype mapping `read_frame` needs."""
    return dict(frame.dtypes.items())


def _kind(dtype) -> str | None:
    if isinstance(dtype, pd.CategoricalDtype):
        return "category" if dtype.categories.inferred_type in ("string", "empty") else None
    if isinstance(dtype, pd.ArrowDtype) or (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return "arrow"
    if isinstance(dtype, np.dtype) and dtype.kind in "iufb":
        return "numpy"
    return None


def _column(column: pa.ChunkedArray, dtype):
    """One column without copying its buffers where Arrow and pandas share a layout (numbers, codes, texts)."""
    kind = _kind(dtype)
    if kind == "arrow":
        return dtype.__from_arrow__(column)
    array = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()  # write_frame writes one batch
    if kind == "category":
        if len(array) and array.dictionary.to_pylist() != list(dtype.categories):
            raise ValueError("kategorierna i Arrow-filen stämmer inte med tabellens")
        return pd.Categorical.from_codes(pc.fill_null(array.indices, -1).to_numpy(zero_copy_only=False), dtype=dtype)
    if array.null_count == 0 and dtype.kind != "b":
        return array.to_numpy(zero_copy_only=True).view(dtype)
    return array.to_numpy(zero_copy_only=False).astype(dtype, copy=False)  # NaN (null in Arrow), booleans: copied
