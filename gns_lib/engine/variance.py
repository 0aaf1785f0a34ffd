"""Avvikelse and per cent, the one definition: actual − plan in the report sign, per cent of |plan|.

Missing is not zero: a missing outcome gives no deviation, a missing or zero base no per cent.
"""

from __future__ import annotations

from decimal import Decimal

HUNDRED = Decimal(100)


def deviation(actual: Decimal | None, plan: Decimal | None) -> Decimal | None:
    """actual − plan; a missing plan deviates by the whole outcome; missing outcome gives None."""
    if actual is None:
        return None
    return actual - (plan if plan is not None else Decimal(0))


def percent_of(amount: Decimal | None, base: Decimal | None) -> Decimal | None:
    """amount / |base| in per cent; None (not zero) where either is missing or base is zero."""
    if amount is None or base is None or base == 0:
        return None
    return amount * HUNDRED / abs(base)


def deviation_pct(actual: Decimal | None, plan: Decimal | None) -> Decimal | None:
    """The deviation in per cent of the plan: (actual − plan) / |plan|; None without outcome or plan."""
    return percent_of(deviation(actual, plan), plan)


def difference(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """a − b when both are known, else None (a change from a missing figure is unknown, not a)."""
    if a is None or b is None:
        return None
    return a - b
