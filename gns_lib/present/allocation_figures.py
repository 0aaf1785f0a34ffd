"""The allocation's part of the key-figures document: base funding and each project's splits as JSON amounts."""

from __future__ import annotations

from gns_lib.allocation.year import ProjectSplit, allocate_year
from gns_lib.data.model import Dataset
from gns_lib.data.money import ore_to_kr
from gns_lib.present.fmt import json_amount


def _kr(ore: int | None) -> str | None:
    return None if ore is None else json_amount(ore_to_kr(ore))


def allocation_key_figures(ds: Dataset, year: int) -> dict:
    """The key-figures JSON part for allocation: kronor strings, positive = the party pays.

    {"base_funding": {"total", "per_party"}, "allocations": {objekt: {"key", "total", "shares",
    "preliminary_total", "preliminary_shares"}}}; a split that does not exist is null.
    """
    alloc = allocate_year(ds, year)
    if alloc.base is None:
        base = {"total": None, "per_party": {}}
    else:
        base = {
            "total": _kr(sum(b.amount_ore for b in alloc.base)),
            "per_party": {b.part: _kr(b.amount_ore) for b in alloc.base},
        }
    allocations = {}
    for pa in alloc.projects:

        def total(split: ProjectSplit | None) -> str | None:
            return None if split is None else _kr(split.amount.rounded_ore)

        def shares(split: ProjectSplit | None) -> dict | None:
            return None if split is None else {s.part: _kr(s.share_ore) for s in split.shares}

        allocations[pa.obj.objekt] = {
            "key": pa.obj.nyckel,
            "total": total(pa.final),
            "shares": shares(pa.final),
            "preliminary_total": total(pa.preliminary),
            "preliminary_shares": shares(pa.preliminary),
        }
    return {"base_funding": base, "allocations": allocations}
