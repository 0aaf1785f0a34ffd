"""A table written once as an Arrow IPC file and read back memory-mapped: many processes, one copy in memory.

A batch writes the ledger this way, so its notebook kernels share the operating system's pages of
one file instead of each holding its own copy: the numbers, the categories' codes and the texts
stay in the file, and only the pages a kernel reads are loaded. The frame read back has the same
columns and dtypes; its numeric columns are read-only, as the data set's tables are meant to be.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def can_map(frame: pd.DataFrame) -> bool:
    """`frame` comes back exactly from `write_frame` + `read_frame`: a 0..n-1 index, unique text column names,
    and columns of numbers, categories of texts or Arrow-backed texts."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None):
        return False
    names = list(frame.columns)
    return all(isinstance(n, str) for n in names) and len(set(names)) == len(names) and all(
        _kind(dtype) is not None for dtype in frame.dtypes)


def write_frame(path: str | os.PathLike, frame: pd.DataFrame) -> Path:
    """Write `frame` (see `can_map`) as one Arrow IPC record batch, atomically: the old file or the new, never half."""
    table = pa.Table.from_pandas(frame, preserve_index=False).combine_chunks()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


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
    single = column.chunk(0) if column.num_chunks == 1 else None
    if kind == "category":
        if single is None:
            return pd.Categorical([], dtype=dtype) if not len(column) else pd.Categorical(column.to_pandas(), dtype=dtype)
        if single.dictionary.to_pylist() != [str(c) for c in dtype.categories]:
            return pd.Categorical(column.to_pandas(), dtype=dtype)
        codes = pc.fill_null(single.indices, -1).to_numpy(zero_copy_only=single.null_count == 0)
        return pd.Categorical.from_codes(codes, dtype=dtype)
    if single is not None and single.null_count == 0 and dtype.kind != "b":
        return single.to_numpy(zero_copy_only=True).view(dtype)
    return column.to_numpy().astype(dtype, copy=False)
