"""The largest-remainder split of one amount among weighted parties (rule 4), exact on integers.

Pure functions: amounts are integers in units (öre or whole kronor), weights are
`Decimal` or `int`, and the result is the same for the same input whatever the
order of the parties, because ties are broken by an explicit rank (party order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

ORE_PER_KRONA = 100


@dataclass(frozen=True)
class RoundedAmount:
    """An amount in öre rounded to the allocation unit; `avrundning` = rounded − exact."""

    exact_ore: int
    rounded_ore: int
    unit_ore: int

    @property
    def avrundning_ore(self) -> int:
        return self.rounded_ore - self.exact_ore


@dataclass(frozen=True)
class SplitResult:
    """One split: the amount (exact and rounded) and each share in öre, in the order given."""

    amount: RoundedAmount
    shares_ore: tuple[int, ...]


def unit_ore_of(avrundning_kr: Decimal | int) -> int:
    """The allocation unit in öre: 100 for `avrundning_kr = 1`, 1 for 0.01."""
    unit = Decimal(avrundning_kr) * ORE_PER_KRONA
    if unit <= 0 or unit != unit.to_integral_value():
        raise ValueError(f"avrundning_kr must be a positive multiple of 0.01, got {avrundning_kr!r}")
    return int(unit)


def half_up_div(numerator: int, denominator: int) -> int:
    """numerator / denominator (denominator > 0) rounded to an integer, ties away from zero (half-up)."""
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return -q if numerator < 0 else q


def round_half_up(amount_ore: int, unit_ore: int) -> int:
    """`amount_ore` rounded to a multiple of `unit_ore`, ties away from zero (half-up)."""
    _check_int(amount_ore, "amount")
    _check_int(unit_ore, "unit")
    if unit_ore <= 0:
        raise ValueError(f"unit must be positive, got {unit_ore}")
    return half_up_div(amount_ore, unit_ore) * unit_ore


def integer_weights(weights: Sequence[Decimal | int]) -> tuple[int, ...]:
    """The weights scaled by one common power of ten to exact integers (ratios unchanged)."""
    decimals = []
    for w in weights:
        if isinstance(w, bool) or not isinstance(w, (int, Decimal)):
            raise TypeError(f"weights must be Decimal or int, not {type(w).__name__}")
        d = Decimal(w)
        if not d.is_finite():
            raise ValueError(f"weight must be finite, got {w!r}")
        if d < 0:
            raise ValueError(f"weight must not be negative, got {w!r}")
        decimals.append(d)
    scale = max((max(0, -d.as_tuple().exponent) for d in decimals), default=0)
    return tuple(int(d.scaleb(scale)) for d in decimals)


def split_units(amount: int, weights: Sequence[Decimal | int], ranks: Sequence[int] | None = None) -> tuple[int, ...]:
    """Split `amount` units in proportion to `weights` by the largest-remainder method.

    Each exact quota |amount| × w / Σw is rounded down; the units left over go one
    at a time to the largest remainders, ties to the larger weight, then to the
    smaller rank (the party that stands first in parter.csv; default: list order).
    A negative amount is split as its absolute value and negated. The shares sum to
    `amount` exactly and each is within one unit of its quota; a zero weight gets 0.
    ValueError when the weights sum to zero or there are none.
    """
    _check_int(amount, "amount")
    iw = integer_weights(weights)
    n = len(iw)
    if ranks is None:
        ranks = range(n)
    ranks = tuple(ranks)
    if len(ranks) != n:
        raise ValueError("ranks and weights must have the same length")
    if len(set(ranks)) != n:
        raise ValueError("ranks must be distinct (the tie-break must be total)")
    total = sum(iw)
    if total == 0:
        raise ValueError("the weights sum to zero; nothing to split by")
    size = abs(amount)
    quotas = [divmod(size * w, total) for w in iw]  # remainders share the denominator `total`
    shares = [q for q, _ in quotas]
    left = size - sum(shares)  # < number of positive remainders, so a zero weight never gets one
    order = sorted(range(n), key=lambda i: (-quotas[i][1], -iw[i], ranks[i]))
    for i in order[:left]:
        shares[i] += 1
    return tuple(-s for s in shares) if amount < 0 else tuple(shares)


def split_amount(
    amount_ore: int, weights: Sequence[Decimal | int], unit_ore: int, ranks: Sequence[int] | None = None
) -> SplitResult:
    """Round `amount_ore` to the unit (half-up), then split it in whole units; shares in öre."""
    rounded = round_half_up(amount_ore, unit_ore)
    units = split_units(rounded // unit_ore, weights, ranks)
    return SplitResult(RoundedAmount(amount_ore, rounded, unit_ore), tuple(u * unit_ore for u in units))


def _check_int(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int (units), not {type(value).__name__}")
