"""The key figures a message shows, taken from the run's `nyckeltal.json` (exact Decimal kronor).

For the årsbokslut: the committee's budget, outcome and variance, and the reserve.
For a party: its base contribution, its share of each project (preliminary, final)
and what is invoiced (positive) or credited (negative) at year end. Missing stays None.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import GnsError

KEY_NAMES = {"lika": "lika delar", "budgetomslutning": "budgetomslutning", "elevantal": "elevantal",
             "kop_salj": "köp/sälj"}


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


@dataclass(frozen=True)
class ProjectShare:
    """A party's share of one project; positive = the party pays."""

    objekt: str
    name: str
    key: str
    preliminary: Decimal | None  # None: not in a preliminary split (nothing invoiced in advance)
    final: Decimal | None  # None: no final split yet
    difference: Decimal | None  # final − preliminary; None while there is no final split


@dataclass(frozen=True)
class PartyFigures:
    """What concerns one party: base contribution, project shares and the year-end settlement."""

    part: str
    base: Decimal | None
    projects: tuple[ProjectShare, ...]

    @property
    def difference(self) -> Decimal | None:
        """The total to invoice (positive) or credit (negative); None while a project has no final split."""
        values = [p.difference for p in self.projects]
        return None if None in values else sum(values, Decimal(0))


def parse_key_figures(data: bytes, year: int) -> dict[str, Any]:
    """The verified bytes of `nyckeltal.json` as a document checked against the schema and the year."""
    from ..figures import validate

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


def committee_figures(doc: dict[str, Any]) -> CommitteeFigures:
    total, reserve = doc["total"], doc["reserve"]
    return CommitteeFigures(
        _amount(total["budget_net"]), _amount(total["actual_net"]), _amount(total["variance"]),
        _amount(reserve["opening"]), _amount(reserve["contributions"]), _amount(reserve["costs"]),
        _amount(reserve["closing"]),
    )


def party_figures(doc: dict[str, Any], part: str) -> PartyFigures:
    """The party's figures; a project appears when the party is in its final or preliminary split."""
    base_doc = doc.get("base_funding") or {}
    base = _amount((base_doc.get("per_party") or {}).get(part))
    projects = []
    for objekt, a in (doc.get("allocations") or {}).items():
        final_shares, prelim_shares = a["shares"] or {}, a["preliminary_shares"] or {}
        if part not in final_shares and part not in prelim_shares:
            continue
        prelim, final = _amount(prelim_shares.get(part)), _amount(final_shares.get(part))
        difference = None if final is None else final - (prelim if prelim is not None else Decimal(0))
        name = (doc.get("objects") or {}).get(objekt, {}).get("name", "")
        projects.append(ProjectShare(objekt, name, a["key"], prelim, final, difference))
    return PartyFigures(part, base, tuple(projects))
