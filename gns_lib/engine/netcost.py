"""Nettokostnadsutveckling: the year's net cost against the year before, and whether they compare.

Net cost = kostnader + avskrivningar − verksamhetens intäkter over all objects, leaving out
`Bidrag från parter` and `Finansiella poster`: the ledger's sign already shows it as a cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal

from gns_lib.data.model import RESULT_ROWS, ROW_CONTRIBUTIONS, ROW_FINANCIAL, Dataset
from gns_lib.engine.results import has_outcome, sums
from gns_lib.engine.variance import HUNDRED, percent_of

NET_COST_ROWS = tuple(r for r in RESULT_ROWS if r not in (ROW_CONTRIBUTIONS, ROW_FINANCIAL))
_WIDE = Context(prec=60)  # the fixed-price quotient is exact far beyond what is shown


def _cost(ore: int) -> Decimal:
    """Integer öre in the ledger's sign to Decimal kronor; the net cost keeps that sign."""
    return Decimal(int(ore)).scaleb(-2)


def _by(ds: Dataset, year: int, key: str) -> dict[str, Decimal] | None:
    """Net cost of `year` per `key` ("rad", "objekt" or "manad"); None without outcome."""
    if not has_outcome(ds, year):
        return None
    where = ds.ledger["rad"].isin(NET_COST_ROWS)
    return {k[0]: _cost(v) for k, v in sums(ds.ledger, year, (key,), where).items()}


def net_cost(ds: Dataset, year: int) -> Decimal | None:
    """The year's net cost (positive = cost), None where the year has no outcome."""
    parts = _by(ds, year, "rad")
    return None if parts is None else sum(parts.values(), Decimal("0.00"))


@dataclass(frozen=True)
class Incomparable:
    """Why a year's net cost cannot be compared with the year before: a code and the year it concerns.

    Codes: "no_outcome" (no outcome in `year`), "startup" (`year` is a start-up year), and the
    same for the year before: "previous_startup", "previous_no_outcome", "previous_zero" (net cost 0).
    """

    code: str
    year: int


def comparability(ds: Dataset, year: int) -> Incomparable | None:
    """Why `year` cannot be compared with the year before, or None if it can."""
    startup = ds.committee.uppstartsar
    if not has_outcome(ds, year):
        return Incomparable("no_outcome", year)
    if year in startup:
        return Incomparable("startup", year)
    if year - 1 in startup:
        return Incomparable("previous_startup", year - 1)
    if not has_outcome(ds, year - 1):
        return Incomparable("previous_no_outcome", year - 1)
    if net_cost(ds, year - 1) == 0:
        return Incomparable("previous_zero", year - 1)
    return None


@dataclass(frozen=True)
class NetCostYear:
    """Net cost of a year, the change against the year before and, given a price index, in fixed prices."""

    year: int
    net_cost: Decimal | None
    previous: Decimal | None
    reason: Incomparable | None  # why not comparable; None when comparable
    price_index: Decimal | None  # per cent, from [prisindex]

    @property
    def comparable(self) -> bool:
        return self.reason is None

    @property
    def change(self) -> Decimal | None:
        if not self.comparable:
            return None
        return self.net_cost - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        return percent_of(self.change, self.previous)

    @property
    def fixed_price_change_pct(self) -> Decimal | None:
        """(1 + g) / (1 + π) − 1 in per cent, g the change and π the price index of the year."""
        g = self.change_pct
        if g is None or self.price_index is None:
            return None
        ratio = _WIDE.divide(HUNDRED + g, HUNDRED + self.price_index)
        return _WIDE.multiply(ratio - 1, HUNDRED)


def net_cost_year(ds: Dataset, year: int) -> NetCostYear:
    """Net cost, change and comparability of `year`."""
    return NetCostYear(
        year,
        net_cost(ds, year),
        net_cost(ds, year - 1),
        comparability(ds, year),
        ds.committee.prisindex.get(year),
    )


def net_cost_trend(ds: Dataset, through: int | None = None) -> tuple[NetCostYear, ...]:
    """Every year with outcome up to `through` (default: all), oldest first."""
    years = sorted(ds.booked_months)
    return tuple(net_cost_year(ds, y) for y in years if through is None or y <= through)


@dataclass(frozen=True)
class Contribution:
    """One row's (or object's) net cost in both years and its share of the change, kronor."""

    key: str
    current: Decimal | None
    previous: Decimal | None
    contribution: Decimal | None  # current − previous; None when the years do not compare


@dataclass(frozen=True, repr=False)
class Contributions:
    """Each row's contribution to the change; the contributions add up to `change` exactly."""

    year: int
    by: str
    lines: tuple[Contribution, ...]
    change: Decimal | None
    reason: Incomparable | None

    def __repr__(self) -> str:
        return f"<Contributions {self.year} per {self.by}: {len(self.lines)} rader, förändring {self.change} kr>"


def contributions(ds: Dataset, year: int, by: str = "rad") -> Contributions:
    """The net-cost change of `year` split by "rad" (result row) or "objekt"."""
    if by not in ("rad", "objekt"):
        raise ValueError(f"by must be 'rad' or 'objekt', not {by!r}")
    head = net_cost_year(ds, year)
    now, before = _by(ds, year, by), _by(ds, year - 1, by)
    order = NET_COST_ROWS if by == "rad" else tuple(o.objekt for o in ds.objects)
    keys = [k for k in order if k in (now or {}) or k in (before or {})]
    zero = Decimal("0.00")
    lines = []
    for k in keys:
        cur = None if now is None else now.get(k, zero)
        prev = None if before is None else before.get(k, zero)
        lines.append(Contribution(k, cur, prev, cur - prev if head.comparable else None))
    return Contributions(year, by, tuple(lines), head.change, head.reason)


@dataclass(frozen=True)
class AccumulatedMonth:
    """Net cost January..month of this year against the same months of last year."""

    month: int
    current: Decimal | None
    previous: Decimal | None
    comparable: bool

    @property
    def difference(self) -> Decimal | None:
        if not self.comparable or self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_pct(self) -> Decimal | None:
        return percent_of(self.difference, self.previous)


@dataclass(frozen=True, repr=False)
class AccumulatedComparison:
    """Every month with bookings this year, January to that month; `reason` as for the year's change."""

    year: int
    months: tuple[AccumulatedMonth, ...]
    reason: Incomparable | None

    def __repr__(self) -> str:
        return f"<AccumulatedComparison {self.year}: {len(self.months)} månader>"


def accumulated_comparison(ds: Dataset, year: int) -> AccumulatedComparison:
    """Accumulated net cost per month of `year` against the same months of the year before."""
    reason = comparability(ds, year)
    now, before = _by(ds, year, "manad"), _by(ds, year - 1, "manad")
    booked = ds.booked_months.get(year, ())
    months, cur, prev = [], Decimal("0.00"), Decimal("0.00")
    for m in range(1, max(booked, default=0) + 1):
        cur += (now or {}).get(str(m), Decimal(0))
        if before is not None:
            prev += before.get(str(m), Decimal(0))
        if m in booked:  # only months with bookings this year are listed; the sums run over every month
            months.append(AccumulatedMonth(m, cur, prev if before is not None else None, reason is None))
    return AccumulatedComparison(year, tuple(months), reason)
