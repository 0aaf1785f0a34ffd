"""The budget per month: monthly rows as they are, annual rows spread by a periodisation profile.

Each month gets amount × weight / Σ weights rounded toward zero to whole öre; the öre left
over go one at a time to the months with the largest remainders (ties: the earlier month),
so the twelve months always add up to the annual amount exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from gns_lib.data.model import Dataset


def spread(amount_ore: int, weights: Sequence[Decimal | int]) -> tuple[int, ...]:
    """`amount_ore` over the months by `weights` (≥ 0, some > 0), exact to the öre (largest remainder)."""
    ws = [Fraction(w) for w in weights]
    total = sum(ws)
    if any(w < 0 for w in ws) or total <= 0:
        raise ValueError("weights must be non-negative with a positive sum")
    sign = -1 if amount_ore < 0 else 1
    size = abs(int(amount_ore))
    exact = [size * w / total for w in ws]
    parts = [int(x) for x in exact]  # toward zero (all non-negative here)
    left = size - sum(parts)
    order = sorted(range(len(ws)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return tuple(sign * p for p in parts)


_KEYS = ["objekt", "konto", "rad"]


def monthly_budget(ds: Dataset, year: int) -> pd.DataFrame:
    """The revised budget of `year` per month: ar, manad, objekt, konto, rad, version, belopp_ore.

    Per (objekt, konto): monthly rows stay in their month and version; the annual rows are spread
    by the profile of `namnd.toml` — the revised budget (fastställd + ändring) as a whole, the
    fastställd part alone, and the change per month is their difference, so both add up.
    """
    b = ds.budget
    rows = b.loc[b["ar"] == year] if len(b) else b
    out: list[tuple] = []
    if len(rows):
        months = rows["manad"] if "manad" in rows else pd.Series(0, index=rows.index)
        monthly = rows.loc[months > 0]
        for (objekt, konto, rad, version, manad), v in monthly.groupby([*_KEYS, "version", "manad"], observed=True, sort=False)["belopp_ore"].sum().items():
            out.append((year, int(manad), str(objekt), str(konto), str(rad), str(version), int(v)))
        annual = rows.loc[months == 0]
        is_change = annual["version"] == "ändring"
        revised = annual.groupby(_KEYS, observed=True, sort=False)["belopp_ore"].sum()
        original = annual.loc[~is_change].groupby(_KEYS, observed=True, sort=False)["belopp_ore"].sum()
        profiles = ds.committee.periodisering
        for key, total in revised.items():
            objekt, konto, rad = (str(k) for k in key)
            _, weights = profiles.profile_for(objekt, konto)
            whole = spread(int(total), weights)
            first = spread(int(original.get(key, 0)), weights)
            for m in range(12):
                out.append((year, m + 1, objekt, konto, rad, "fastställd", first[m]))
                if whole[m] != first[m]:
                    out.append((year, m + 1, objekt, konto, rad, "ändring", whole[m] - first[m]))
    df = pd.DataFrame(out, columns=["ar", "manad", "objekt", "konto", "rad", "version", "belopp_ore"])
    df["belopp_ore"] = df["belopp_ore"].astype(np.int64)
    df["manad"] = df["manad"].astype(np.int64)
    df["ar"] = df["ar"].astype(np.int64)
    return df


def budget_through(ds: Dataset, year: int, month: int) -> pd.DataFrame:
    """The budget table of `year` for months 1..`month` (monthly rows, same columns as `ds.budget` uses)."""
    m = monthly_budget(ds, year)
    return m.loc[m["manad"] <= month].reset_index(drop=True)
