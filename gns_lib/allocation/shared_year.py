"""The batch's data set, analysis and allocation, computed once and read by every notebook kernel.

`gns report` loads and validates the committee folder, analyses and allocates the year before
any notebook runs. It writes them to one file in the build folder named by the input's
fingerprint, the ledger to an Arrow file beside it that every kernel memory-maps (one copy in
memory however many kernels run), and tells the kernels where (environment variable GNS_DELAD_DATA). A notebook's
`load(data_dir)`, `analyse(ds, year, through)` and `allocate(ds, year, through)` then take them
from that file instead of reading, validating and computing again, so every page of a run
shows the data the run validated. Without the variable (JupyterLab, papermill by hand), for
another folder or another period, they compute as usual.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import sys
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from gns_lib.data.frame_file import can_map, dtypes_of, read_frame, write_frame

ENV = "GNS_DELAD_DATA"
MAPPED_ROWS = 100_000  # a table this long is memory-mapped by the kernels rather than unpickled into each
FOLDER = ".delad_data"  # inside the build folder; removed before the report is swapped in
_read: dict = {}  # path -> (data_dir, Dataset, {(what, year, through): value}), or None: read (or tried) once per kernel


def write_shared(folder: Path, ds, results: dict) -> Path:
    """Write `ds` and `results` ({("analys" | "fordelning", year, through): value}) for the kernels.

    The ledger (and any other table of MAPPED_ROWS rows or more) goes to an Arrow file beside the
    pickle, which every kernel memory-maps: one copy in memory for the whole batch.
    """
    from gns_lib.core.atomic import atomic_write_bytes

    ds.booked_months  # noqa: B018 - computed now, so it is pickled with the data set: no kernel reads the ledger for it
    stem = Path(folder) / FOLDER / ds.fingerprint()
    buffer = io.BytesIO()
    pickler = _Pickler(buffer, stem, always=(ds.ledger,))
    pickler.dump((_folder_key(ds.data_dir), ds, dict(results)))
    path = stem.with_suffix(".pickle")
    atomic_write_bytes(path, buffer.getvalue())
    return path


def load(data_dir="data"):
    """The batch's validated data set when this kernel runs in a batch for `data_dir`, else `load_dataset`."""
    shared = _shared(data_dir)
    if shared is not None:
        return shared[1]
    from gns_lib.data.loader import load_dataset

    return load_dataset(data_dir)


def analyse(ds, year: int, through=None):
    """The batch's analysis of `ds` for that period, else `analyse_year`."""
    from gns_lib.engine.analysis import analyse_year

    return _remembered(ds, ("analys", year, through), lambda: analyse_year(ds, year, through))


def allocate(ds, year: int, through=None):
    """The batch's allocation of `ds` for that period, else `allocate_through`."""
    from gns_lib.allocation.interim import allocate_through

    return _remembered(ds, ("fordelning", year, through), lambda: allocate_through(ds, year, through))


def _remembered(ds, key: tuple, compute):
    shared = _shared(ds.data_dir)
    if shared is not None and shared[1] is ds and key in shared[2]:
        return shared[2][key]
    return compute()


def _shared(data_dir):
    """(data_dir, Dataset, results) from the batch's file when it is for `data_dir`, else None."""
    path = os.environ.get(ENV)
    if not path:
        return None
    if path not in _read:
        try:
            with open(path, "rb") as handle:
                _read[path] = _Unpickler(handle, Path(path).parent).load()
        except (OSError, EOFError, pickle.UnpicklingError, ValueError) as e:  # pyarrow's errors are ValueErrors
            _read[path] = None  # tried once: this kernel reads the folder from now on, and says so once
            print(f"gns: körningens delade data ({path}) kunde inte läsas ({e}); datamappen läses i stället",
                  file=sys.__stderr__, flush=True)  # the kernel's own log, not the page
    shared = _read[path]
    return shared if shared is not None and shared[0] == _folder_key(data_dir) else None


def _folder_key(data_dir) -> str:
    return str(Path(data_dir).resolve())


class _Pickler(pickle.Pickler):
    """Pickles like `pickle`, but tables of MAPPED_ROWS rows or more (and `always`) go to Arrow files beside it."""

    def __init__(self, file, stem: Path, always=()):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
        self._stem, self._always, self._written = stem, {id(t) for t in always}, {}

    def persistent_id(self, obj):
        if not isinstance(obj, pd.DataFrame) or not (id(obj) in self._always or len(obj) >= MAPPED_ROWS):
            return None
        if not can_map(obj):
            return None
        if id(obj) not in self._written:
            name = f"{self._stem.name}.{len(self._written) + 1}.arrow"
            write_frame(self._stem.parent / name, obj)
            self._written[id(obj)] = (obj, name, dtypes_of(obj))  # the frame is kept, so its id is not reused
        return ("arrow",) + self._written[id(obj)][1:]


class _Unpickler(pickle.Unpickler):
    """Reads what `_Pickler` wrote, memory-mapping its Arrow files."""

    def __init__(self, file, folder: Path):
        super().__init__(file)
        self._folder, self._frames = folder, {}

    def persistent_load(self, pid):
        kind, name, dtypes = pid
        if kind != "arrow":
            raise pickle.UnpicklingError(f"okänd delad tabell {kind!r}")
        if name not in self._frames:  # one table referred to twice is one frame, as it was
            self._frames[name] = read_frame(self._folder / name, dtypes)
        return self._frames[name]


def _reduce_proxy(proxy: MappingProxyType):
    return _proxy, (dict(proxy),)


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)
