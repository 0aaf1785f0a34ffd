"""Partsavräkning: each party's statement for a year, and the check that all of them add up.

A statement has one line per item: the base contribution (invoiced in advance,
so its preliminary and final amounts are equal), each project the party takes
part in, and the köp/sälj projects. Amounts are öre, positive = the party pays.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gns_lib.allocation.keys import KEYS, Weight
from gns_lib.core.lookup import index_by
from gns_lib.allocation.year import BaseContribution, ProjectAllocation, ProjectSplit, YearAllocation
from gns_lib.data.model import Dataset, Party

BASE = "grundbidrag"
PROJECT = "projekt"
PURCHASE = "kop_salj"
BASE_KEY = "grundfinansiering"


@dataclass(frozen=True)
class WeightBasis:
    """The weight behind a project line in one phase: the party's figure and the sum of all weights."""

    phase: str
    key: str
    weight: Weight
    total_weight: Decimal


@dataclass(frozen=True)
class StatementLine:
    """One item of a party's statement: what it pays in advance, in the end, and the difference.

    The basis is kept as values (`base` for the base contribution, `weights` for a project, final
    phase first); `gns_lib.present.allocation_tables.underlag_text` words it for readers.
    """

    kind: str  # "grundbidrag", or the key's `line_kind` ("projekt", "kop_salj")
    objekt: str
    objektnamn: str
    nyckel: str
    base: BaseContribution | None
    weights: tuple[WeightBasis, ...]
    andel: Fraction | None  # the party's part of the key (final split, else preliminary)
    preliminary_ore: int | None  # None: no preliminary split (nothing invoiced in advance)
    final_ore: int | None  # None: no final split yet (no outcome)
    difference_ore: int | None  # final − preliminary: positive to invoice, negative to credit
    omfordelning_ore: int | None  # how the share moved because parties joined during the year


@dataclass(frozen=True, repr=False)
class PartyStatement:
    """A party's partsavräkning for one year."""

    party: Party
    year: int
    lines: tuple[StatementLine, ...]

    def __repr__(self) -> str:
        final = "ej klart" if self.final_ore is None else f"{self.final_ore} öre"
        return (f"<PartyStatement {self.year} {self.party.part}: {len(self.lines)} poster, "
                f"preliminärt {self.preliminary_ore} öre, slutligt {final}>")

    @property
    def preliminary_ore(self) -> int:
        """Invoiced in advance: the base contribution and the preliminary project shares."""
        return sum(line.preliminary_ore or 0 for line in self.lines)

    @property
    def final_ore(self) -> int | None:
        """The party's final cost for the year; None while a project has no outcome."""
        values = [line.final_ore for line in self.lines]
        return None if None in values else sum(values)

    @property
    def difference_ore(self) -> int | None:
        """The total to invoice (positive) or credit (negative) at year end."""
        values = [line.difference_ore for line in self.lines]
        return None if None in values else sum(values)


@dataclass(frozen=True)
class ItemTotal:
    """The committee's total for one item, computed from the amounts split (not from the shares)."""

    kind: str
    objekt: str
    preliminary_ore: int | None
    final_ore: int | None
    difference_ore: int | None


@dataclass(frozen=True)
class Mismatch:
    """Where the statements do not add up: one item (or the sum, objekt None) and column, in öre."""

    kind: str  # BASE, PROJECT, PURCHASE, or "summa" for the sum over all items
    objekt: str | None
    column: str  # "preliminary_ore", "final_ore" or "difference_ore"
    statements_ore: int | None  # None: the statements have a value the committee total lacks
    committee_ore: int | None


@dataclass(frozen=True)
class BalanceCheck:
    """Whether the statements add up to the committee totals, and every place where they do not."""

    mismatches: tuple[Mismatch, ...]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _weight_basis(split: ProjectSplit | None, part: str) -> tuple[WeightBasis, ...]:
    s = split.share(part) if split else None
    return () if s is None else (WeightBasis(split.phase, split.key, s.weight, split.total_weight),)


def base_object(ds: Dataset) -> tuple[str, str]:
    """The objekt the base contributions fund (the first of typ nämnd) and its name."""
    obj = next((o for o in ds.objects if o.typ == "nämnd"), None)
    return (obj.objekt, obj.namn) if obj else ("", "Nämnden")


def party_statements(ds: Dataset, alloc: YearAllocation) -> tuple[PartyStatement, ...]:
    """One statement per party that pays anything for the year, in parter.csv order."""
    base = {b.part: b for b in alloc.base or ()}
    base_total = sum(b.amount_ore for b in alloc.base or ())
    objekt, namn = base_object(ds)
    # per project, once: settlements and moved amounts by party, so n parties cost O(n), not O(n²)
    settled = [index_by(pa.settlements(), "part") for pa in alloc.projects]
    moved_by = [dict(pa.redistribution.moved_ore) if pa.redistribution else None for pa in alloc.projects]
    out = []
    for party in ds.parties:
        lines = []
        if party.part in base:
            b = base[party.part]
            andel = Fraction(b.amount_ore, base_total) if base_total else None
            lines.append(StatementLine(BASE, objekt, namn, BASE_KEY, b, (), andel,
                                       b.amount_ore, b.amount_ore, 0, None))
        for pa, settlements, moved_ore in zip(alloc.projects, settled, moved_by):
            settlement = settlements.get(party.part)
            if settlement is None:
                continue
            latest = pa.final or pa.preliminary
            moved = moved_ore.get(party.part) if moved_ore is not None else None
            key = KEYS.get(pa.obj.nyckel or "")
            lines.append(StatementLine(
                key.line_kind if key else PROJECT,
                pa.obj.objekt, pa.obj.namn, pa.obj.nyckel or "", None,
                _weight_basis(pa.final, party.part) + _weight_basis(pa.preliminary, party.part),
                latest.andel(party.part) if latest else None,
                settlement.preliminary_ore, settlement.final_ore, settlement.difference_ore, moved,
            ))
        if lines:
            out.append(PartyStatement(party, alloc.year, tuple(lines)))
    return tuple(out)


def committee_totals(alloc: YearAllocation) -> tuple[ItemTotal, ...]:
    """The committee's totals per item: base funding and each project's rounded amounts."""
    out = []
    if alloc.base is not None:
        total = sum(b.amount_ore for b in alloc.base)
        out.append(ItemTotal(BASE, "", total, total, 0))
    for pa in alloc.projects:
        prelim = pa.preliminary.amount.rounded_ore if pa.preliminary else None
        final = pa.final.amount.rounded_ore if pa.final else None
        diff = None if final is None else final - (prelim or 0)
        key = KEYS.get(pa.obj.nyckel or "")
        kind = key.line_kind if key else PROJECT
        out.append(ItemTotal(kind, pa.obj.objekt, prelim, final, diff))
    return tuple(out)


def check_balance(statements: tuple[PartyStatement, ...], totals: tuple[ItemTotal, ...]) -> BalanceCheck:
    """Every item's lines, summed over all parties, equal the committee's total exactly, and so do the sums."""
    found = []
    columns = ("preliminary_ore", "final_ore", "difference_ore")
    for item in totals:
        lines = [ln for st in statements for ln in st.lines
                 if ln.kind == item.kind and (item.kind == BASE or ln.objekt == item.objekt)]
        objekt = None if item.kind == BASE else item.objekt
        for attr in columns:
            expected = getattr(item, attr)
            values = [getattr(ln, attr) for ln in lines]
            got = sum(v for v in values if v is not None)
            if expected is None:
                if any(v is not None for v in values):
                    found.append(Mismatch(item.kind, objekt, attr, got, None))
            elif got != expected:
                found.append(Mismatch(item.kind, objekt, attr, got, expected))
    for attr in columns:
        wanted = [getattr(t, attr) for t in totals]
        if attr == "preliminary_ore":  # no preliminary split: nothing was invoiced in advance
            wanted = [w or 0 for w in wanted]
        have = [getattr(st, attr) for st in statements]
        if None in wanted or None in have:
            continue
        if sum(have) != sum(wanted):
            found.append(Mismatch("summa", None, attr, sum(have), sum(wanted)))
    return BalanceCheck(tuple(found))
