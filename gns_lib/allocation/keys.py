"""The registry of allocation keys: each key turns a project's deltagare into weights with provenance.

Adding a key is one new `AllocationKey` entry in `KEYS`. A key returns every
weight with the year or date of its figure and its `kalla`, and a `Problem`
(file, party, year or date looked for) for each weight it cannot find.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from gns_lib.core.errors import Problem
from gns_lib.data.model import CostObject, Dataset, Party

PRELIMINARY = "preliminar"
FINAL = "slutlig"
PHASES = (PRELIMINARY, FINAL)
PHASE_TEXT = {PRELIMINARY: "preliminär fördelning", FINAL: "slutlig fördelning"}

TURNOVER_FILE = "nycklar/budgetomslutning.csv"
PUPILS_FILE = "nycklar/elevantal.csv"
PURCHASES_FILE = "nycklar/kop_salj.csv"


@dataclass(frozen=True)
class Weight:
    """One party's weight in one split, with where it comes from."""

    part: str
    value: Decimal
    basis: str  # the year ("2017") or measuring date ("2018-10-15") of the figure
    kalla: str  # the source the user gave (annual report and page, SCB table …)
    source: str  # file and row(s) it was read from, e.g. "nycklar/elevantal.csv:7"; "" for lika


@dataclass(frozen=True)
class KeyWeights:
    """The weights of every deltagare for one project, year and phase, or the problems why not."""

    key: str
    objekt: str
    year: int
    phase: str
    weights: tuple[Weight, ...]  # in parter.csv order
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Request:
    """What a key is asked for: the weights of `participants` in `obj`'s split of `year`, `phase`."""

    ds: Dataset
    obj: CostObject
    year: int
    phase: str
    participants: tuple[Party, ...]

    def need(self, file: str, party: Party, looked_for: str, expected: str) -> Problem:
        """The problem for a weight that is not there, naming file, party and the year or date."""
        missing = "" if _file_present(self.ds, file) else " (filen finns inte)"
        return Problem(
            file,
            None,
            None,
            f"vikt saknas för parten {party.part} ({party.namn}) {looked_for}{missing}; behövs för "
            f"{PHASE_TEXT[self.phase]} av {self.obj.objekt} {self.obj.namn} {self.year}; väntade {expected}",
        )


@dataclass(frozen=True)
class AllocationKey:
    """A named way to weigh the deltagare of a project (see docs/fordelning.md).

    Everything key-specific lives here, so that adding a key is one new entry: how it weighs,
    its Swedish name and unit, and how a statement line words its basis (placeholders
    `{label}`, `{basis}`, `{value}`, `{total}`, `{unit}`, filled in by the presentation layer).
    """

    name: str
    label: str  # Swedish name for readers: "Budgetomslutning"
    description: str  # Swedish, for the appendix and the docs
    unit: str  # Swedish unit of the weight figures: "andel", "kr", "elever"
    file: str | None  # the key file the figures come from
    weigh: Callable[[Request], tuple[list[Weight], list[Problem]]]
    wording: str = "{label} {basis}: {value} {unit}"
    line_kind: str = "projekt"  # the statement line kind: "projekt", or "kop_salj" for a bought service


# --- the keys -------------------------------------------------------------------


def _equal(req: Request) -> tuple[list[Weight], list[Problem]]:
    return [Weight(p.part, Decimal(1), str(req.year), "lika delar", "") for p in req.participants], []


def _turnover(req: Request) -> tuple[list[Weight], list[Problem]]:
    """The party's budgetomslutning for year Y − 2 (both phases)."""
    wanted = req.year - 2
    t = req.ds.turnover
    rows = t[t["ar"] == wanted] if len(t) else t
    weights, problems = [], []
    for p in req.participants:
        mine = rows[rows["part"] == p.part] if len(rows) else rows
        if len(mine) == 0:
            problems.append(req.need(TURNOVER_FILE, p, f"år {wanted}", f"en rad {p.part};{wanted};belopp;källa"))
            continue
        if len(mine) > 1:
            lines = ", ".join(str(int(r)) for r in sorted(mine["src_row"]))
            problems.append(Problem(TURNOVER_FILE, int(min(mine["src_row"])), "part",
                                    f"parten {p.part} har {len(mine)} rader för år {wanted} (rad {lines}); väntade en"))
            continue
        row = mine.iloc[0]
        value = Decimal(int(row["belopp_ore"])).scaleb(-2)
        if value < 0:
            problems.append(Problem(TURNOVER_FILE, int(row["src_row"]), "belopp",
                                    f"negativ budgetomslutning {value} för parten {p.part} år {wanted}; väntade ett belopp ≥ 0"))
            continue
        weights.append(Weight(p.part, value, str(wanted), str(row["kalla"]), f"{TURNOVER_FILE}:{int(row['src_row'])}"))
    return weights, problems


def october_measuring_date(year: int) -> date:
    """15 October of `year`, or the first weekday after it when it falls on a weekend (Monday 16 or 17)."""
    d = date(year, 10, 15)
    return d + timedelta(days=(7 - d.weekday()) % 7) if d.weekday() >= 5 else d


def closest_to_measuring_date(days: list[date], measuring: date) -> date:
    """The day closest to the measuring date; at equal distance the later one (after beats before)."""
    return min(days, key=lambda d: (abs((d - measuring).days), d < measuring))


def pupils_year(year: int, phase: str) -> int:
    """The October whose count a split of `year` uses: Y − 1 final (the May update), Y − 2 preliminary."""
    return year - 1 if phase == FINAL else year - 2


def _pupils(req: Request) -> tuple[list[Weight], list[Problem]]:
    """The party's pupil count measured in October of Y − 1 (final) or Y − 2 (preliminary), closest to the measuring date."""
    measured = pupils_year(req.year, req.phase)
    nominal = october_measuring_date(measured)
    t = req.ds.pupils
    weights, problems = [], []
    candidates: dict[str, list] = {}
    for part, day, count, kalla, src in zip(t["part"], t["matdatum"], t["antal"], t["kalla"], t["src_row"]):
        if isinstance(day, date) and day.year == measured and day.month == 10:
            candidates.setdefault(part, []).append((day, count, kalla, int(src)))
    for p in req.participants:
        found = candidates.get(p.part)
        if not found:
            problems.append(req.need(PUPILS_FILE, p, f"per {nominal.isoformat()} (mätning i oktober {measured})",
                                     f"en rad {p.part};{nominal.isoformat()};antal;källa"))
            continue
        day = closest_to_measuring_date([c[0] for c in found], nominal)
        same = [c for c in found if c[0] == day]
        best = same[0]
        if len(same) > 1:
            lines = ", ".join(str(c[3]) for c in sorted(same, key=lambda c: c[3]))
            problems.append(Problem(PUPILS_FILE, min(c[3] for c in same), "matdatum",
                                    f"parten {p.part} har {len(same)} rader för {best[0].isoformat()} (rad {lines}); väntade en"))
            continue
        day, count, kalla, src = best
        if not _whole_count(count):
            problems.append(Problem(PUPILS_FILE, src, "antal", f"elevantalet för parten {p.part} per {day.isoformat()} "
                                    "saknas eller är inget heltal; väntade ett antal större än noll"))
            continue
        weights.append(Weight(p.part, Decimal(int(count)), day.isoformat(), str(kalla), f"{PUPILS_FILE}:{src}"))
    return weights, problems


def _whole_count(count) -> bool:
    """A pupil count that is a whole number > 0 (the loader refuses others; a Dataset built in code may not)."""
    if isinstance(count, bool) or count is None:
        return False
    try:
        value = Decimal(str(count))
    except ArithmeticError:
        return False
    return value.is_finite() and value > 0 and value == value.to_integral_value()


def _purchases(req: Request) -> tuple[list[Weight], list[Problem]]:
    """The sum of the party's köp/sälj amounts for Y and the object (both phases)."""
    t = req.ds.purchases
    rows = t[(t["ar"] == req.year) & (t["objekt"] == req.obj.objekt)] if len(t) else t
    wanted = {p.part for p in req.participants}
    weights, problems = [], []
    for part, src in zip(rows["part"], rows["src_row"]):
        if part not in wanted and any(q.part == part for q in req.ds.parties):
            problems.append(Problem(PURCHASES_FILE, int(src), "part",
                                    f"parten {part} har köp/sälj för {req.obj.objekt} {req.year} men är inte deltagare; "
                                    f"väntade en av {', '.join(p.part for p in req.participants)}"))
    for p in req.participants:
        mine = rows[rows["part"] == p.part] if len(rows) else rows
        if len(mine) == 0:
            problems.append(req.need(PURCHASES_FILE, p, f"år {req.year} för objektet {req.obj.objekt}",
                                     f"minst en rad {req.year};{req.obj.objekt};{p.part};belopp"))
            continue
        total = Decimal(int(mine["belopp_ore"].sum())).scaleb(-2)
        srcs = sorted(int(r) for r in mine["src_row"])
        if total < 0:
            problems.append(Problem(PURCHASES_FILE, srcs[0], "belopp",
                                    f"köp/sälj för parten {p.part} summerar till {total}; väntade ett belopp ≥ 0"))
            continue
        kallor = "; ".join(sorted({str(k) for k in mine["kalla"] if str(k)}))  # independent of row order
        weights.append(Weight(p.part, total, str(req.year), kallor, f"{PURCHASES_FILE}:{','.join(map(str, srcs))}"))
    return weights, problems


KEYS: Mapping[str, AllocationKey] = MappingProxyType(
    {
        k.name: k
        for k in (
            AllocationKey("lika", "Lika delar", "lika delar mellan deltagarna", "andel", None, _equal,
                          wording="lika delar ({value} av {total})"),
            AllocationKey(
                "budgetomslutning",
                "Budgetomslutning",
                "budgetomslutning per org.nr enligt årsredovisningen två år före fördelningsåret",
                "kr",
                TURNOVER_FILE,
                _turnover,
            ),
            AllocationKey(
                "elevantal",
                "Elevantal",
                "elevantal per 15 oktober (vid helg första vardagen efter): slutligt året före, preliminärt två år före",
                "elever",
                PUPILS_FILE,
                _pupils,
            ),
            AllocationKey("kop_salj", "Köp/sälj", "partens köp av tjänsten under året (köp/sälj)", "kr",
                          PURCHASES_FILE, _purchases, line_kind="kop_salj"),
        )
    }
)


def key_names() -> tuple[str, ...]:
    """The names of every registered key, in registry order."""
    return tuple(KEYS)


def weights_for(ds: Dataset, obj: CostObject, year: int, phase: str) -> KeyWeights:
    """The weights of `obj`'s deltagare for the split of `year`, `phase`, with every problem found."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, got {phase!r}")
    key = KEYS.get(obj.nyckel or "")
    if key is None:
        raise KeyError(f"objekt {obj.objekt} has no registered key ({obj.nyckel!r})")
    participants = ds.participants(obj, year)
    if not participants:
        problem = Problem("objekt.csv", None, "deltagare",
                          f"objektet {obj.objekt} har inga deltagare som är medlemmar {year}; väntade minst en")
        return KeyWeights(key.name, obj.objekt, year, phase, (), (problem,))
    weights, problems = key.weigh(Request(ds, obj, year, phase, participants))
    if not problems and all(w.value == 0 for w in weights):
        looked = ", ".join(sorted({w.basis for w in weights}))
        problems.append(Problem(key.file or "objekt.csv", None, None,
                                f"alla vikter är noll för {obj.objekt} {obj.namn} ({key.name}, {looked}) i "
                                f"{PHASE_TEXT[phase]} {year}; väntade minst en vikt större än noll"))
    order = {p.part: p.order for p in participants}
    weights.sort(key=lambda w: order[w.part])
    return KeyWeights(key.name, obj.objekt, year, phase, tuple(weights), tuple(problems))


def phase_years(ds: Dataset, objekt: str) -> dict[str, tuple[int, ...]]:
    """The years in which `objekt` has a preliminary split (budget rows) and a final one (outcome rows)."""

    def years(t) -> tuple[int, ...]:
        if not len(t):
            return ()
        return tuple(sorted(int(y) for y in t.loc[t["objekt"] == objekt, "ar"].unique() if int(y)))

    return {PRELIMINARY: years(ds.budget), FINAL: years(ds.ledger)}


def _file_present(ds: Dataset, name: str) -> bool:
    xlsx = name.rsplit(".", 1)[0] + ".xlsx"
    return any(f.name in (name, xlsx) for f in ds.files)
