"""The validated data of one committee: immutable records and typed tables.

Amounts in the tables are integer öre (`belopp_ore`, int64) in the ledger's
sign (costs positive, revenues negative); scalars are `Decimal` kronor.
Every table row keeps `src_row`, its line in the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import pandas as pd

from gns_lib.core.lookup import index_by
from gns_lib.data.digest import FileDigest

# The result rows of the kontoplan, in the order of the result statement.
RESULT_ROWS = (
    "Bidrag från parter",
    "Verksamhetens intäkter",
    "Personalkostnader",
    "Övriga kostnader",
    "Avskrivningar",
    "Finansiella poster",
)
ROW_CONTRIBUTIONS = "Bidrag från parter"
ROW_REVENUE = "Verksamhetens intäkter"
ROW_FINANCIAL = "Finansiella poster"

OBJECT_TYPES = ("nämnd", "uppdrag", "projekt")
PARTY_TYPES = ("region", "kommun")
BUDGET_VERSIONS = ("fastställd", "ändring")
PRO_RATA_RULES = ("helar", "manader")


@dataclass(frozen=True)
class Party:
    """A member (part) of the committee, in the order of `parter.csv`."""

    part: str
    namn: str
    org_nr: str
    typ: str
    medlem_fran: date
    medlem_till: date | None
    order: int

    def is_member_in_year(self, year: int) -> bool:
        """Member on at least one day of `year`."""
        return self.medlem_fran <= date(year, 12, 31) and (
            self.medlem_till is None or self.medlem_till >= date(year, 1, 1)
        )

    def member_months(self, year: int) -> int:
        """Calendar months of `year` with at least one day of membership."""
        if not self.is_member_in_year(year):
            return 0
        first = 1 if self.medlem_fran.year < year else self.medlem_fran.month
        last = 12 if self.medlem_till is None or self.medlem_till.year > year else self.medlem_till.month
        return last - first + 1


@dataclass(frozen=True)
class CostObject:
    """An objekt: the committee itself (nämnd), a sold service (uppdrag) or a projekt."""

    objekt: str
    namn: str
    typ: str
    nyckel: str | None
    deltagare: tuple[str, ...] | None  # None means "alla": every member of the year
    order: int
    src_row: int | None = None  # its line in objekt.csv


@dataclass(frozen=True)
class AccountRange:
    """Accounts `fran`..`till` (inclusive, compared as integers) map to result row `rad`."""

    fran: int
    till: int
    rad: str
    src_row: int


@dataclass(frozen=True)
class CostType:
    """A cost type (kostnadsslag) of the verksamhetsplan: a heading and the accounts it gathers."""

    rubrik: str
    ranges: tuple[tuple[int, int], ...]  # inclusive account ranges, compared as integers

    def covers(self, konto: str) -> bool:
        return konto.isdigit() and any(lo <= int(konto) <= hi for lo, hi in self.ranges)


@dataclass(frozen=True)
class ProfileRule:
    """`[[periodisering.regler]]`: budget rows of these objects and accounts use profile `profil`.

    `objekt` None means every object; `fran`/`till` None means every account.
    """

    profil: str
    objekt: frozenset[str] | None
    fran: int | None
    till: int | None
    line: int | None = None  # its line in namnd.toml

    def matches(self, objekt: str, konto: str) -> bool:
        if self.objekt is not None and objekt not in self.objekt:
            return False
        if self.fran is None:
            return True
        return konto.isdigit() and self.fran <= int(konto) <= self.till


EVEN_PROFILE = "jamn"


@dataclass(frozen=True)
class Periodisation:
    """`[periodisering]` in namnd.toml: named profiles of twelve weights and the rules that assign them.

    The first rule that matches a budget row decides its profile; no match means the even profile.
    """

    profiles: Mapping[str, tuple[Decimal, ...]] = field(default_factory=lambda: MappingProxyType({}))
    rules: tuple[ProfileRule, ...] = ()

    def profile_for(self, objekt: str, konto: str) -> tuple[str, tuple[Decimal, ...]]:
        """(name, twelve weights) of the profile that spreads the budget of (objekt, konto)."""
        for rule in self.rules:
            if rule.matches(objekt, konto) and rule.profil in self.profiles:
                return rule.profil, self.profiles[rule.profil]
        return EVEN_PROFILE, (Decimal(1),) * 12


@dataclass(frozen=True)
class Committee:
    """`namnd.toml`: the committee's settings."""

    namn: str
    kortnamn: str
    vardorganisation: str
    uppstartsar: frozenset[int]
    vasentlighet_kr: Decimal
    vasentlighet_procent: Decimal
    avrundning_kr: Decimal
    ingaende_reserv: Decimal
    grundfinansiering_pro_rata: str
    grundfinansiering: Mapping[int, Decimal]
    prisindex: Mapping[int, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    budget_fran: Mapping[int, date] = field(default_factory=lambda: MappingProxyType({}))  # plan year -> first day
    kostnadsslag: tuple[CostType, ...] = ()  # the verksamhetsplan's grouping of accounts, in file order
    ingaende_reserv_ar: int | None = None  # the year `ingaende_reserv` opens; None: the first year with outcome
    periodisering: Periodisation = field(default_factory=Periodisation)
    enhet: str | None = None  # the reports' unit ("kr", "tkr", "tkr1", "mnkr"); None: chosen by size


@dataclass(frozen=True)
class Recipient:
    """A row of `mottagare.csv`: who gets which report by e-mail."""

    namn: str
    epost: str
    part: str | None
    rapporter: tuple[str, ...]
    src_row: int


@dataclass(frozen=True)
class SourceFile:
    """A file that was read: its name in the folder, the encoding used, its rows and its SHA-256.

    `table` is the table (utfall, budget) whose rows it gave, when it is one of their sources.
    """

    name: str
    encoding: str | None
    digest: FileDigest = field(repr=False, compare=False)
    rows: int
    table: str | None = None

    @property
    def sha256(self) -> str:
        """The SHA-256 (hex) of the bytes that were read; taken on first use (see `digest`)."""
        return self.digest.hexdigest()


@dataclass(frozen=True, repr=False)
class Dataset:
    """Everything loaded from one committee folder, validated and exact.

    Tables (pandas DataFrames; treat them as read-only):
    - `budget`: ar, manad (0 = an annual row, 1–12 = a monthly row), objekt, konto, rad, belopp_ore,
      version, beslut, src_row
    - `ledger` (utfall): ar, period, manad, konto, objekt, rad, belopp_ore, text,
      verifikation, any extra columns of the file, src_row (and src_file, the file of each row,
      when the rows come from the exports of `[kallor]` in namnd.toml; budget likewise)
    - `forecast` (prognos): ar, prognos, datum, objekt, konto, rad, belopp_ore, src_row
    - `turnover` (nycklar/budgetomslutning): part, ar, belopp_ore, kalla, src_row
    - `pupils` (nycklar/elevantal): part, matdatum, antal, kalla, src_row
    - `purchases` (nycklar/kop_salj): ar, objekt, part, belopp_ore, kalla, src_row
    """

    data_dir: Path
    committee: Committee
    parties: tuple[Party, ...]
    objects: tuple[CostObject, ...]
    chart: tuple[AccountRange, ...]
    budget: pd.DataFrame
    ledger: pd.DataFrame
    forecast: pd.DataFrame
    turnover: pd.DataFrame
    pupils: pd.DataFrame
    purchases: pd.DataFrame
    comments: Mapping[int | str, Mapping[str, str]]  # year -> sections; "YYYY-MM" for a delår's own file
    recipients: tuple[Recipient, ...]
    files: tuple[SourceFile, ...]

    @cached_property
    def _parties_by_id(self) -> Mapping[str, Party]:
        return index_by(self.parties, "part")

    @cached_property
    def _objects_by_id(self) -> Mapping[str, CostObject]:
        return index_by(self.objects, "objekt")

    def party(self, part: str) -> Party:
        """The party with id `part` (KeyError if none); a dictionary lookup."""
        return self._parties_by_id[part]

    def object(self, objekt: str) -> CostObject:
        """The objekt with id `objekt` (KeyError if none); a dictionary lookup."""
        return self._objects_by_id[objekt]

    def members(self, year: int) -> tuple[Party, ...]:
        """Parties that are members on at least one day of `year`, in file order."""
        return tuple(p for p in self.parties if p.is_member_in_year(year))

    def participants(self, obj: CostObject, year: int) -> tuple[Party, ...]:
        """The deltagare of `obj` in `year` (`alla` = every member of the year)."""
        if obj.deltagare is None:
            return self.members(year)
        wanted = set(obj.deltagare)
        return tuple(p for p in self.parties if p.part in wanted)

    @cached_property
    def booked_months(self) -> Mapping[int, tuple[int, ...]]:
        """Year -> the months with outcome (utfall) rows, ascending; one pass over the ledger, then kept.

        Kept with the data set, so a batch's notebook kernels know the booked months without reading the ledger.
        """
        if not len(self.ledger):
            return MappingProxyType({})
        keys = pd.unique(self.ledger["ar"].to_numpy(dtype="int64") * 100 + self.ledger["manad"].to_numpy(dtype="int64"))
        months: dict[int, list[int]] = {}
        for key in sorted(int(k) for k in keys):
            months.setdefault(key // 100, []).append(key % 100)
        return MappingProxyType({y: tuple(m) for y, m in months.items()})

    def years(self) -> tuple[int, ...]:
        """Every year that has budget, outcome or forecast rows, ascending."""
        ys: set[int] = set(self.booked_months)
        for t in (self.budget, self.forecast):
            if len(t):
                ys.update(int(y) for y in t["ar"].unique())
        return tuple(sorted(ys))

    def outcome_years(self) -> tuple[int, ...]:
        """Every year with outcome (utfall) rows, ascending (0, an unreadable period, left out)."""
        return tuple(y for y in self.booked_months if y)

    def reserve_start(self) -> int | None:
        """The year the reserve chain opens with `ingaende_reserv`: `ingaende_reserv_ar`, else the first year with outcome."""
        if self.committee.ingaende_reserv_ar is not None:
            return self.committee.ingaende_reserv_ar
        booked = self.outcome_years()
        return booked[0] if booked else None

    def fingerprint(self) -> str:
        """SHA-256 over the names and hashes of every input file (stable order)."""
        import hashlib

        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.name):
            h.update(f"{f.name}\0{f.sha256}\n".encode())
        return h.hexdigest()

    def __repr__(self) -> str:
        years = self.years()
        span = f"{years[0]}–{years[-1]}" if years else "inga år"
        return (f"<Dataset {self.committee.kortnamn} från {self.data_dir}: {len(self.parties)} parter, "
                f"{len(self.objects)} objekt, {span}, {len(self.ledger)} utfallsrader>")
