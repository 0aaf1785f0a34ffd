"""What the allocation needs from the data: a known key on every projekt and every weight its splits call for.

Loading a folder does not compute allocations; `gns validate`, `gns report` and `gns allocate`
run this check after loading, so every problem still comes with its file and row.
"""

from __future__ import annotations

from gns_lib.allocation.keys import KEYS, phase_years, weights_for
from gns_lib.core.errors import DataError, Problem
from gns_lib.data.model import Dataset


def allocation_problems(ds: Dataset) -> list[Problem]:
    """Unknown or missing keys on projekt, and missing or all-zero weights (file, party and year or date)."""
    problems: dict[Problem, None] = {}
    known = ", ".join(KEYS)
    parties = {p.part for p in ds.parties}
    for obj in ds.objects:
        if obj.typ != "projekt":
            continue
        if not obj.nyckel:
            continue  # loading reported it
        if obj.nyckel not in KEYS:
            problems[Problem("objekt.csv", obj.src_row, "nyckel", f"okänd nyckel {obj.nyckel!r}; väntade {known}")] = None
            continue
        if not parties or (obj.deltagare is not None and not set(obj.deltagare) <= parties):
            continue  # parter.csv or the deltagare are broken; loading reported that
        for phase, years in phase_years(ds, obj.objekt).items():
            for year in years:
                problems.update(dict.fromkeys(weights_for(ds, obj, year, phase).problems))
    return list(problems)


def check_allocation_data(ds: Dataset) -> Dataset:
    """`ds` itself when the allocation has all it needs; else DataError listing every problem."""
    problems = allocation_problems(ds)
    if problems:
        raise DataError(problems)  # in objekt.csv order, parties in parter.csv order
    return ds
