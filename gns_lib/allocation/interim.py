"""The allocation seen during the year: before the year has ended there is no final split.

The final split divides the year's outcome; through month M < 12 that outcome is a part of a
year, so a delår shows the base contributions and the preliminary split only (nothing to settle).
"""

from __future__ import annotations

from dataclasses import replace

from gns_lib.allocation.year import YearAllocation, allocate_year
from gns_lib.data.model import Dataset
from gns_lib.engine.periods import Period, period_of


def before_year_end(ds: Dataset, period: Period | None) -> Dataset:
    """`ds` for the allocation of `period`: in a delår without the year's outcome, else unchanged."""
    if period is None or period.whole_year or not len(ds.ledger):
        return ds
    return replace(ds, ledger=ds.ledger.loc[ds.ledger["ar"] != period.year])


def allocate_through(ds: Dataset, year: int, through: str | None = None) -> YearAllocation:
    """`allocate_year` as of `through` ("2018-08"; default: the last booked month, rule 1 of the delår)."""
    return allocate_year(before_year_end(ds, period_of(ds, year, through)), year)

