"""The verksamhetsplan's Ekonomi chapter for year Y as values, and each party's budget basis.

Pure functions of a `Dataset`: the committee's own budget by cost type, the base
contribution, the reserve expected from the current year (Y − 1), and per party the base
contribution plus its preliminary share of each project — taken from `allocate_year`, so
the plan's shares are the fakturaunderlag's preliminary shares to the öre. Amounts are
integer öre in the ledger's sign (a positive share is paid by the party).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from gns_lib.allocation.year import PartyShare, ProjectAllocation, ProjectSplit, YearAllocation, allocate_year
from gns_lib.data.model import RESULT_ROWS, ROW_CONTRIBUTIONS, Dataset
from gns_lib.data.money import kr_to_ore
from gns_lib.engine.reserve import committee_outcome, reserve_roll_forward

BASE = "grundbidrag"
PROJECT = "projekt"
FROM_FORECAST = "prognos"
FROM_OUTCOME = "utfall"


@dataclass(frozen=True)
class CostTypeLine:
    """One cost type of the committee's budget: its heading, the accounts it gathered and the amount."""

    rubrik: str
    accounts: tuple[str, ...]
    amount_ore: int  # ledger sign: a cost is positive
    configured: bool  # True: a heading from [kostnadsslag] in namnd.toml; False: a kontoplan row


@dataclass(frozen=True)
class CommitteeBudget:
    """The budget of the committee's own (nämnd) objects for the year, by cost type."""

    objekt: tuple[str, ...]
    lines: tuple[CostTypeLine, ...]
    contributions_ore: int  # budgeted `Bidrag från parter` (ledger sign: received is negative)
    revised: bool  # the year has `ändring` rows: the amounts include them

    @property
    def total_ore(self) -> int:
        return sum(line.amount_ore for line in self.lines)


@dataclass(frozen=True)
class ReserveOutlook:
    """The reserve the current year (Y − 1) is expected to carry into Y: opening + expected result."""

    year: int
    opening_ore: int | None
    source: str  # FROM_FORECAST (the latest forecast with nämnd rows) or FROM_OUTCOME
    forecast: str | None
    datum: date | None
    result_ore: int  # contributions − costs on the nämnd objects (positive: a surplus to carry)

    @property
    def expected_ore(self) -> int | None:
        return None if self.opening_ore is None else self.opening_ore + self.result_ore


@dataclass(frozen=True)
class BasisLine:
    """One item a party should budget: its base contribution or its preliminary share of a project."""

    kind: str  # BASE or PROJECT
    objekt: str
    objektnamn: str
    key: str  # the allocation key; "" for the base contribution
    share: PartyShare | None  # the weight with its source (projects only)
    andel: Fraction | None  # weight / sum of weights (projects only)
    amount_ore: int


@dataclass(frozen=True)
class PartyBasis:
    """Budgetunderlag: what one party should put into its own budget for the year."""

    part: str
    lines: tuple[BasisLine, ...]

    @property
    def total_ore(self) -> int:
        return sum(line.amount_ore for line in self.lines)

    def amount_of(self, objekt: str) -> int | None:
        return next((line.amount_ore for line in self.lines if line.objekt == objekt), None)


@dataclass(frozen=True)
class BudgetPlan:
    """Everything section 4 "Ekonomi" of the verksamhetsplan for `year` says, as values."""

    year: int
    start: date | None  # the budget covers the year from this day (None: from 1 January)
    budget: CommitteeBudget
    annual_ore: int | None  # the base contribution per party for a full year; None: none set
    allocation: YearAllocation
    reserve: ReserveOutlook | None
    parties: tuple[PartyBasis, ...]  # in parter.csv order

    @property
    def base_total_ore(self) -> int | None:
        base = self.allocation.base
        return None if base is None else sum(b.amount_ore for b in base)

    @property
    def projects(self) -> tuple[ProjectAllocation, ...]:
        """The projects with a budget (a preliminary split) for the year."""
        return tuple(pa for pa in self.allocation.projects if pa.preliminary is not None)

    def party(self, part: str) -> PartyBasis:
        for p in self.parties:
            if p.part == part:
                return p
        raise KeyError(part)


def committee_budget(ds: Dataset, year: int) -> CommitteeBudget:
    """The nämnd objects' budget rows of `year` (fastställd + ändring) grouped by cost type.

    An account goes to the first `[kostnadsslag]` heading that covers it, otherwise to its
    kontoplan row; configured headings come first in file order, then the rows in result order.
    """
    own = tuple(o.objekt for o in ds.objects if o.typ == "nämnd")
    t = ds.budget
    rows = t[(t["ar"] == year) & (t["objekt"].isin(own))] if len(t) else t
    groups: dict[tuple[int, str], dict[str, int]] = {}
    contributions = 0
    for konto, rad, amount in zip(rows.get("konto", ()), rows.get("rad", ()), rows.get("belopp_ore", ())):
        konto, amount = str(konto), int(amount)
        if rad == ROW_CONTRIBUTIONS:
            contributions += amount
            continue
        index = next((i for i, ct in enumerate(ds.committee.kostnadsslag) if ct.covers(konto)), None)
        if index is None:
            rank = len(ds.committee.kostnadsslag) + (RESULT_ROWS.index(rad) if rad in RESULT_ROWS else len(RESULT_ROWS))
            group = (rank, str(rad))
        else:
            group = (index, ds.committee.kostnadsslag[index].rubrik)
        accounts = groups.setdefault(group, {})
        accounts[konto] = accounts.get(konto, 0) + amount
    n = len(ds.committee.kostnadsslag)
    lines = tuple(CostTypeLine(rubrik, tuple(sorted(acc, key=lambda k: (len(k), k))), sum(acc.values()), rank < n)
                  for (rank, rubrik), acc in sorted(groups.items()))
    revised = bool(len(rows)) and "version" in rows and bool((rows["version"] == "ändring").any())
    return CommitteeBudget(own, lines, contributions, revised)


def reserve_outlook(ds: Dataset, year: int) -> ReserveOutlook | None:
    """The reserve expected at the end of `year` − 1: its opening plus the latest forecast's result.

    Without a forecast on the nämnd objects the booked outcome is used; None when the data
    does not reach that year at all.
    """
    current = year - 1
    roll = reserve_roll_forward(ds, through=current)
    try:
        opening = roll.year(current).opening
    except KeyError:
        return None
    opening_ore = None if opening is None else kr_to_ore(opening)
    own = {o.objekt for o in ds.objects if o.typ == "nämnd"}
    f = ds.forecast
    rows = f[(f["ar"] == current) & (f["objekt"].isin(own))] if len(f) else f
    if len(rows):
        datum, name = max(zip(rows["datum"], rows["prognos"]))
        chosen = rows[(rows["datum"] == datum) & (rows["prognos"] == name)]
        return ReserveOutlook(current, opening_ore, FROM_FORECAST, str(name), datum, -int(chosen["belopp_ore"].sum()))
    booked = committee_outcome(ds, current)
    if booked is None:
        return None
    contributions, costs = booked
    return ReserveOutlook(current, opening_ore, FROM_OUTCOME, None, None, kr_to_ore(contributions - costs))


def _project_line(pa: ProjectAllocation, split: ProjectSplit, part: str) -> BasisLine | None:
    share = split.share(part)
    if share is None:
        return None
    return BasisLine(PROJECT, pa.obj.objekt, pa.obj.namn, split.key, share, split.andel(part), share.share_ore)


def party_bases(ds: Dataset, alloc: YearAllocation) -> tuple[PartyBasis, ...]:
    """Per party: the base contribution and the preliminary share of each project with a budget.

    A party is listed when it has at least one item; the items come straight from `alloc`.
    """
    own = next((o for o in ds.objects if o.typ == "nämnd"), None)
    base = {b.part: b for b in alloc.base or ()}
    out = []
    for p in ds.parties:
        lines = []
        if p.part in base:
            lines.append(BasisLine(BASE, own.objekt if own else "", own.namn if own else "", "", None, None,
                                   base[p.part].amount_ore))
        for pa in alloc.projects:
            line = _project_line(pa, pa.preliminary, p.part) if pa.preliminary else None
            if line is not None:
                lines.append(line)
        if lines:
            out.append(PartyBasis(p.part, tuple(lines)))
    return tuple(out)


def budget_plan(ds: Dataset, year: int) -> BudgetPlan:
    """The plan for `year`; DataError (from `allocate_year`) lists every missing weight."""
    alloc = allocate_year(ds, year)
    annual = ds.committee.grundfinansiering.get(year)
    return BudgetPlan(
        year=year,
        start=ds.committee.budget_fran.get(year),
        budget=committee_budget(ds, year),
        annual_ore=None if annual is None else kr_to_ore(annual),
        allocation=alloc,
        reserve=reserve_outlook(ds, year),
        parties=party_bases(ds, alloc),
    )
