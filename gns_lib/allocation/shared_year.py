"""The batch's data set, analysis and allocation, computed once and read by every notebook kernel.

`gns report` loads and validates the committee folder, analyses and allocates the year before
any notebook runs. It writes them to one file in the build folder named by the input's
fingerprint and tells the kernels where (environment variable GNS_DELAD_DATA). A notebook's
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
from pathlib import Path
from types import MappingProxyType

ENV = "GNS_DELAD_DATA"
FOLDER = ".delad_data"  # inside the build folder; removed before the report is swapped in
_read: dict = {}  # path -> (data_dir, Dataset, {(what, year, through): value}); read once per kernel


def write_shared(folder: Path, ds, results: dict) -> Path:
    """Write `ds` and `results` ({("analys" | "fordelning", year, through): value}) for the kernels."""
    from gns_lib.core.atomic import atomic_write_bytes

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump((_folder_key(ds.data_dir), ds, dict(results)))
    path = Path(folder) / FOLDER / f"{ds.fingerprint()}.pickle"
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
                _read[path] = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
    shared = _read[path]
    return shared if shared[0] == _folder_key(data_dir) else None


def _folder_key(data_dir) -> str:
    return str(Path(data_dir).resolve())


def _reduce_proxy(proxy: MappingProxyType):
    return _proxy, (dict(proxy),)


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)
