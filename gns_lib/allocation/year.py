"""What each party pays for year Y: base contributions and the preliminary and final project splits.

Pure functions of a `Dataset` returning immutable values (rules 1–6 of
docs/fordelning.md): amounts are integer öre in the ledger's sign, so a positive
share is paid by the party and a negative one is paid back to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from decimal import Decimal
from fractions import Fraction

from gns_lib.core.lookup import index_by
from gns_lib.core.errors import DataError, Problem
from gns_lib.allocation.keys import FINAL, KEYS, PRELIMINARY, Weight, phase_years, weights_for
from gns_lib.data.model import ROW_CONTRIBUTIONS, CostObject, Dataset
from gns_lib.data.money import kr_to_ore
from gns_lib.allocation.splitting import RoundedAmount, half_up_div, split_amount, unit_ore_of

MONTHS = "manader"


@dataclass(frozen=True)
class BaseContribution:
    """A party's base contribution (grundbidrag) for the year: `annual` × months / 12 or in full."""

    part: str
    annual_ore: int
    months: int  # calendar months of the year with at least one day of membership
    rule: str  # "helar" or "manader"
    amount_ore: int


@dataclass(frozen=True)
class PartyShare:
    """One party's share of one split, with the weight it was computed from."""

    part: str
    weight: Weight
    share_ore: int


@dataclass(frozen=True)
class ProjectSplit:
    """One phase (preliminary or final) of one project's split."""

    objekt: str
    year: int
    phase: str
    key: str
    amount: RoundedAmount
    shares: tuple[PartyShare, ...]  # in parter.csv order

    @cached_property
    def total_weight(self) -> Decimal:
        return sum((s.weight.value for s in self.shares), Decimal(0))

    @cached_property
    def _by_part(self) -> Mapping[str, PartyShare]:
        return index_by(self.shares, "part")

    def share(self, part: str) -> PartyShare | None:
        """The party's share, or None; a dictionary lookup, so statements for n parties cost O(n)."""
        return self._by_part.get(part)

    def andel(self, part: str) -> Fraction | None:
        """The party's exact part of the key: its weight / the sum of weights."""
        s = self.share(part)
        return None if s is None else Fraction(s.weight.value) / Fraction(self.total_weight)


@dataclass(frozen=True)
class Settlement:
    """Slutreglering of one party in one project: final − preliminary (positive: invoice; negative: credit).

    No preliminary split (no budget) means nothing was invoiced in advance, so the
    whole final share is settled; no final split (no outcome yet) means nothing to settle.
    """

    part: str
    preliminary_ore: int | None
    final_ore: int | None

    @property
    def difference_ore(self) -> int | None:
        if self.final_ore is None:
            return None
        return self.final_ore - (self.preliminary_ore or 0)


@dataclass(frozen=True)
class Redistribution:
    """Omfördelning: how a split moved because parties joined during the year.

    `without_ore` is the split of the same amount among the parties that were members
    before, `moved_ore` each party's share with the new parties minus that.
    """

    phase: str
    joined: tuple[tuple[str, date], ...]
    without_ore: tuple[tuple[str, int], ...]
    moved_ore: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ProjectAllocation:
    """A project's preliminary and final split for one year, per party."""

    obj: CostObject
    parts: tuple[str, ...]  # the deltagare of the year, in parter.csv order
    preliminary: ProjectSplit | None  # None: no budget rows for the object that year
    final: ProjectSplit | None  # None: no outcome rows for the object that year
    redistribution: Redistribution | None

    def settlements(self) -> tuple[Settlement, ...]:
        def share(split: ProjectSplit | None, part: str) -> int | None:
            s = split.share(part) if split else None
            return None if s is None else s.share_ore

        return tuple(Settlement(p, share(self.preliminary, p), share(self.final, p)) for p in self.parts)


@dataclass(frozen=True)
class ProvenanceRow:
    """A line of the appendix "Underlag för fördelningsnycklar": one weight used in one split."""

    objekt: str
    objektnamn: str
    phase: str
    key: str
    part: str
    value: Decimal
    unit: str
    basis: str
    kalla: str
    source: str


@dataclass(frozen=True, repr=False)
class YearAllocation:
    """Everything the parties pay for one year."""

    year: int
    unit_ore: int
    base: tuple[BaseContribution, ...] | None  # None: no grundfinansiering for the year in namnd.toml
    projects: tuple[ProjectAllocation, ...]

    def provenance(self, part: str | None = None) -> tuple[ProvenanceRow, ...]:
        """Every weight used, by project and phase (only `part`'s, a lookup per split, when given)."""
        rows = []
        for pa in self.projects:
            for split in (pa.preliminary, pa.final):
                if split is None:
                    continue
                for s in split.shares if part is None else filter(None, [split.share(part)]):
                    w = s.weight
                    rows.append(ProvenanceRow(pa.obj.objekt, pa.obj.namn, split.phase, split.key, s.part, w.value,
                                              KEYS[split.key].unit, w.basis, w.kalla, w.source))
        return tuple(rows)

    def __repr__(self) -> str:
        base = "inget grundbidrag" if self.base is None else f"grundbidrag för {len(self.base)} parter"
        return f"<YearAllocation {self.year}: {base}, {len(self.projects)} projekt>"


def base_contributions(ds: Dataset, year: int) -> tuple[BaseContribution, ...] | None:
    """Rule 1: grundfinansiering[Y] for each member of Y; × months / 12 to öre (half-up) under "manader"."""
    annual = ds.committee.grundfinansiering.get(year)
    if annual is None:
        return None
    annual_ore = kr_to_ore(annual)
    rule = ds.committee.grundfinansiering_pro_rata
    out = []
    for p in ds.members(year):
        months = p.member_months(year)
        amount = half_up_div(annual_ore * months, 12) if rule == MONTHS else annual_ore
        out.append(BaseContribution(p.part, annual_ore, months, rule, amount))
    return tuple(out)


def amount_to_split(ds: Dataset, objekt: str, year: int, phase: str) -> int | None:
    """Rule 2: the object's rows of the year except `Bidrag från parter`, öre in the ledger's sign.

    Preliminary: the revised budget (fastställd + ändring); final: the outcome.
    None when the table has no row at all for the object in that year.
    """
    t = ds.budget if phase == PRELIMINARY else ds.ledger
    if not len(t):
        return None
    rows = t[(t["ar"] == year) & (t["objekt"] == objekt)]
    if not len(rows):
        return None
    return int(rows.loc[rows["rad"] != ROW_CONTRIBUTIONS, "belopp_ore"].sum())


def _split(ds: Dataset, obj: CostObject, year: int, phase: str, unit_ore: int, problems: list[Problem]) -> ProjectSplit | None:
    amount = amount_to_split(ds, obj.objekt, year, phase)
    if amount is None:
        return None
    kw = weights_for(ds, obj, year, phase)
    if kw.problems:
        problems.extend(p for p in kw.problems if p not in problems)
        return None
    ranks = [ds.party(w.part).order for w in kw.weights]
    result = split_amount(amount, [w.value for w in kw.weights], unit_ore, ranks)
    shares = tuple(PartyShare(w.part, w, s) for w, s in zip(kw.weights, result.shares_ore))
    return ProjectSplit(obj.objekt, year, phase, kw.key, result.amount, shares)


def redistribution(ds: Dataset, split: ProjectSplit) -> Redistribution | None:
    """Rule 5: the split without the parties that joined during the year, and how each share moved.

    Only for `alla` projects (`allocate_year` asks no other): a named deltagare list is the
    agreement on who shares, so a listed party that joins mid-year redistributes nothing.
    """
    start = date(split.year, 1, 1)
    joined = tuple((s.part, ds.party(s.part).medlem_fran) for s in split.shares if ds.party(s.part).medlem_fran > start)
    if not joined:
        return None
    new = {p for p, _ in joined}
    before = [s for s in split.shares if s.part not in new]
    if not before or all(s.weight.value == 0 for s in before):
        return None
    result = split_amount(split.amount.exact_ore, [s.weight.value for s in before], split.amount.unit_ore,
                          [ds.party(s.part).order for s in before])
    without = dict(zip((s.part for s in before), result.shares_ore))
    moved = tuple((s.part, s.share_ore - without.get(s.part, 0)) for s in split.shares)
    return Redistribution(split.phase, joined, tuple(without.items()), moved)


def allocate_year(ds: Dataset, year: int) -> YearAllocation:
    """Rules 1–5 for every projekt with budget or outcome rows in `year`; DataError lists every missing weight."""
    unit_ore = unit_ore_of(ds.committee.avrundning_kr)
    problems: list[Problem] = []
    projects = []
    for obj in ds.objects:
        if obj.typ != "projekt":
            continue
        used = phase_years(ds, obj.objekt)
        if year not in used[PRELIMINARY] and year not in used[FINAL]:
            continue
        prelim = _split(ds, obj, year, PRELIMINARY, unit_ore, problems)
        final = _split(ds, obj, year, FINAL, unit_ore, problems)
        latest = final or prelim
        moved = redistribution(ds, latest) if latest and obj.deltagare is None else None  # rule 5: `alla` only
        parts = tuple(p.part for p in ds.participants(obj, year))
        projects.append(ProjectAllocation(obj, parts, prelim, final, moved))
    if problems:
        raise DataError(problems)
    return YearAllocation(year, unit_ore, base_contributions(ds, year), tuple(projects))
