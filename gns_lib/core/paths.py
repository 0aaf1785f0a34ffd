"""Where output may go: never into the input data folder (nor around it).

`gns report`, `gns allocate` and `gns mail` write under `<out>/<år>/` and a report run
replaces that folder whole; if it lay inside the data folder the code would write into
the input, and if the data folder lay inside it a swap would remove the input.
"""

from __future__ import annotations

import os
from pathlib import Path


def _inside(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def output_overlap(out_dir: str | os.PathLike, data_dir: str | os.PathLike, year: int | str | None = None) -> str | None:
    """Why `out_dir` (or `<out>/<år>`, `<out>/plan-<år>`) may not be used with `data_dir`, in Swedish; None when apart."""
    out = Path(out_dir).resolve()
    data = Path(data_dir).resolve()
    target = out / str(year) if year is not None else out
    if _inside(out, data):
        return (f"utmappen {out_dir} ligger i datamappen {data_dir}; gns skriver aldrig i indata. "
                "Ange en utmapp utanför datamappen, t.ex. --out outputs")
    if _inside(data, target):
        return (f"datamappen {data_dir} ligger i {target}, som rapporten skriver och ersätter; "
                "ange en annan --out")
    return None
