"""The committee's reserve (balansering): what the base contributions leave over, year by year.

closing = opening + contributions − costs, chained: a year opens with the previous year's
closing; the chain opens with `ingaende_reserv` in the year the committee states
(`ingaende_reserv_ar`, else its first year with outcome), whatever earlier budget rows exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gns_lib.data.model import ROW_CONTRIBUTIONS, Dataset
from gns_lib.engine.results import has_outcome, ore, sums
from gns_lib.engine.variance import difference


def committee_result(contributions: Decimal | None, costs: Decimal | None) -> Decimal | None:
    """The surplus (+) or deficit (−) the nämnd objects carry forward: contributions − costs; None when either is missing."""
    return difference(contributions, costs)


def closing_reserve(opening: Decimal | None, contributions: Decimal | None, costs: Decimal | None) -> Decimal | None:
    """opening + contributions − costs: the reserve after the result; None when any part is missing."""
    result = committee_result(contributions, costs)
    if opening is None or result is None:
        return None
    return opening + result


@dataclass(frozen=True)
class ReserveYear:
    """One year of the roll-forward, kronor; None where the year has no outcome (or follows one)."""

    year: int
    opening: Decimal | None
    contributions: Decimal | None
    costs: Decimal | None

    @property
    def closing(self) -> Decimal | None:
        return closing_reserve(self.opening, self.contributions, self.costs)

    @property
    def result(self) -> Decimal | None:
        """The year's surplus (+) or deficit (−) carried forward: contributions − costs."""
        return committee_result(self.contributions, self.costs)

    @property
    def deficit(self) -> bool:
        """The closing reserve is negative: the report flags it."""
        return self.closing is not None and self.closing < 0


@dataclass(frozen=True, repr=False)
class ReserveRollForward:
    """Opening → contributions → costs → closing for each year of the data up to the last asked for."""

    years: tuple[ReserveYear, ...]

    def year(self, year: int) -> ReserveYear:
        for y in self.years:
            if y.year == year:
                return y
        raise KeyError(year)

    @property
    def deficits(self) -> tuple[ReserveYear, ...]:
        return tuple(y for y in self.years if y.deficit)

    def __repr__(self) -> str:
        last = self.years[-1] if self.years else None
        tail = f", utgående {last.year} {last.closing} kr" if last else ""
        return f"<ReserveRollForward {len(self.years)} år{tail}>"


def committee_outcome(ds: Dataset, year: int) -> tuple[Decimal, Decimal] | None:
    """(contributions, costs) booked on the nämnd objects in `year`; None without outcome.

    contributions = booked `Bidrag från parter` (report sign, received is positive);
    costs = the objects' net cost before reservation (a positive figure is a cost).
    """
    if not has_outcome(ds, year):
        return None
    return committee_sums(ds, ds.ledger, year)


def committee_sums(ds: Dataset, table, year: int, where=None) -> tuple[Decimal, Decimal] | None:
    """(contributions, costs) of the nämnd objects in `table` (ledger or forecast) for `year`; None without rows."""
    own = {o.objekt for o in ds.objects if o.typ == "nämnd"}
    booked = sums(table, year, ("objekt", "rad"), where)
    if not booked:
        return None
    contributions = ore(sum(v for (o, rad), v in booked.items() if o in own and rad == ROW_CONTRIBUTIONS))
    net = ore(sum(v for (o, _), v in booked.items() if o in own))
    return contributions, contributions - net


def paying_parties(ds: Dataset, year: int, objekt: str) -> tuple[str, ...] | None:
    """The parties whose booked contributions on `objekt` in `year` add up to a payment, in parter.csv order.

    The party of a booking is its `motpart` (a party id); None when any contribution row
    lacks one, since then who paid cannot be told.
    """
    t = ds.ledger
    if "motpart" not in t.columns or not len(t):
        return None
    rows = t.loc[(t["ar"] == year) & (t["objekt"] == objekt) & (t["rad"] == ROW_CONTRIBUTIONS), ["motpart", "belopp_ore"]]
    known = {p.part for p in ds.parties}
    who = [str(m).strip() for m in rows["motpart"].fillna("").tolist()]
    if any(m not in known for m in who):
        return None
    paid: dict[str, int] = {}
    for m, amount in zip(who, rows["belopp_ore"].tolist()):
        paid[m] = paid.get(m, 0) + int(amount)
    return tuple(p.part for p in ds.parties if paid.get(p.part, 0) < 0)  # received is negative in the ledger


def reserve_roll_forward(ds: Dataset, through: int | None = None) -> ReserveRollForward:
    """The reserve chained from its first year (`Dataset.reserve_start`) through `through` (default: the last year of data).

    Years before the first year are not part of the chain; without outcome and without a
    stated first year there is no chain (nothing has been booked to carry forward).
    """
    start = ds.reserve_start()
    if start is None:
        return ReserveRollForward(())
    years = ds.years()
    end = through if through is not None else max((*years, start))
    out: list[ReserveYear] = []
    opening: Decimal | None = ds.committee.ingaende_reserv
    for year in range(start, end + 1):
        booked = committee_outcome(ds, year)
        row = ReserveYear(year, opening, None, None) if booked is None else ReserveYear(year, opening, *booked)
        out.append(row)
        opening = row.closing
    return ReserveRollForward(tuple(out))
