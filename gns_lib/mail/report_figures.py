"""The key figures a message shows, taken from the run's `nyckeltal.json` (exact Decimal kronor).

For the årsbokslut: the committee's budget, outcome and variance, and the reserve.
For a party: its base contribution, its share of each project (preliminary, final)
and what is invoiced (positive) or credited (negative) at year end, settled by the
allocation's own rule (`allocation.Settlement`). Missing stays None, never zero.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gns_lib.allocation.year import Settlement
from gns_lib.core.errors import GnsError
from gns_lib.data.money import kr_to_ore, ore_to_kr
from gns_lib.engine.reserve import closing_reserve


@dataclass(frozen=True)
class CommitteeFigures:
    """The committee's year: net budget, outcome, variance (report sign) and the reserve roll-forward."""

    budget_net: Decimal | None
    actual_net: Decimal | None
    variance: Decimal | None
    reserve_opening: Decimal | None
    reserve_contributions: Decimal | None
    reserve_costs: Decimal | None
    reserve_closing: Decimal | None
    through: str | None = None  # a delår's last month ("2018-08"): the figures cover January to it
    reserve_expected_closing: Decimal | None = None  # a delår: the closing reserve the latest forecast expects

    @property
    def reserve_with_result(self) -> Decimal | None:
        """A delår's reserve with the result to date (the report's "Reserv med periodens resultat")."""
        return closing_reserve(self.reserve_opening, self.reserve_contributions, self.reserve_costs)

    @property
    def deficit(self) -> bool:
        """The closing reserve (a delår: the one the forecast expects) is negative."""
        closing = self.reserve_expected_closing if self.through else self.reserve_closing
        return closing is not None and closing < 0


@dataclass(frozen=True)
class ProjectShare:
    """A party's share of one project; positive = the party pays."""

    objekt: str
    name: str
    key: str  # the allocation key's name in `gns_lib.allocation.keys.KEYS`
    preliminary: Decimal | None  # None: not in a preliminary split (nothing invoiced in advance)
    final: Decimal | None  # None: no final split yet
    difference: Decimal | None  # final − preliminary; None while there is no final split


@dataclass(frozen=True)
class PartyFigures:
    """What concerns one party: base contribution, project shares and the year-end settlement."""

    part: str
    base: Decimal | None
    projects: tuple[ProjectShare, ...] | None  # None: the document has no project allocations at all

    @property
    def difference(self) -> Decimal | None:
        """The total to invoice (positive) or credit (negative); None without allocations or a final split."""
        if self.projects is None:
            return None
        values = [p.difference for p in self.projects]
        return None if None in values else sum(values, Decimal(0))


def parse_key_figures(data: bytes, year: int) -> dict[str, Any]:
    """The verified bytes of `nyckeltal.json` as a document checked against the schema and the year."""
    from gns_lib.present.key_figures import validate

    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GnsError(f"oläslig JSON ({e})") from None
    validate(doc)
    if doc["year"] != year:
        raise GnsError(f"gäller år {doc['year']}, inte {year}")
    return doc


def _amount(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _ore(amount: Decimal | None) -> int | None:
    return None if amount is None else kr_to_ore(amount)


def _settled(part: str, preliminary: Decimal | None, final: Decimal | None) -> Decimal | None:
    """final − preliminary by the allocation's rule (no preliminary share: nothing invoiced in advance)."""
    difference = Settlement(part, _ore(preliminary), _ore(final)).difference_ore
    return None if difference is None else ore_to_kr(difference)


def committee_figures(doc: dict[str, Any]) -> CommitteeFigures:
    """The committee's figures from the document's `total` and `reserve` (null stays None)."""
    total, reserve = doc["total"], doc["reserve"]
    return CommitteeFigures(
        _amount(total["budget_net"]), _amount(total["actual_net"]), _amount(total["variance"]),
        _amount(reserve["opening"]), _amount(reserve["contributions"]), _amount(reserve["costs"]),
        _amount(reserve["closing"]), doc.get("through"), _amount(reserve.get("expected_closing")),
    )


def party_figures(doc: dict[str, Any], part: str) -> PartyFigures:
    """The party's figures; a project appears when the party is in its final or preliminary split.

    Without `allocations` in the document the projects (and so the settlement) are None, not empty.
    """
    base_doc = doc.get("base_funding") or {}
    base = _amount((base_doc.get("per_party") or {}).get(part))
    allocations = doc.get("allocations")
    if allocations is None:
        return PartyFigures(part, base, None)
    projects = []
    for objekt, a in allocations.items():
        final_shares, prelim_shares = a["shares"] or {}, a["preliminary_shares"] or {}
        if part not in final_shares and part not in prelim_shares:
            continue
        prelim, final = _amount(prelim_shares.get(part)), _amount(final_shares.get(part))
        name = (doc.get("objects") or {}).get(objekt, {}).get("name", "")
        projects.append(ProjectShare(objekt, name, a["key"], prelim, final, _settled(part, prelim, final)))
    return PartyFigures(part, base, tuple(projects))
