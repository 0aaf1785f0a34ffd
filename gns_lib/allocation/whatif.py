"""What-if for the plan: a party joining or leaving, another base contribution, a project's new budget.

A `Scenario` is applied to the in-memory, immutable `Dataset` (new records via
`dataclasses.replace`, new frames via `pd.concat`); nothing is written to the data folder.
The plan is then computed by the same `budget_plan` as without the scenario, so every
share still comes from `allocate_year` and adds up to its project's amount exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping, Sequence

import pandas as pd

from gns_lib.allocation.keys import FINAL, KEYS, PHASES, PRELIMINARY, october_measuring_date, pupils_year
from gns_lib.allocation.plan import BudgetPlan, budget_plan
from gns_lib.allocation.year import amount_to_split
from gns_lib.core.errors import DataError, Problem
from gns_lib.data.model import ROW_CONTRIBUTIONS, Dataset, Party
from gns_lib.data.money import kr_to_ore, parse_amount

ASSUMED = "antaget värde i vad händer om-beräkningen"
DECISION = "vad händer om (inget beslut)"
JOIN, LEAVE, BASE, BUDGET = "--ansluter", "--lamnar", "--grundbidrag", "--projektbudget"
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
WEIGHT_KEYS = tuple(k for k in KEYS if k != "lika")


@dataclass(frozen=True)
class Joiner:
    """A party that joins from `fran`, with the weight figure it would have for each key."""

    part: str
    namn: str
    fran: date
    weights: Mapping[str, Decimal]  # key name -> kr (budgetomslutning, kop_salj) or pupils (elevantal)
    projekt: tuple[str, ...] = ()  # projects with a deltagare list that it joins too


@dataclass(frozen=True)
class Leaver:
    """A party whose membership ends the day before `fran`."""

    part: str
    fran: date


@dataclass(frozen=True)
class Scenario:
    """The changes to try; an empty scenario changes nothing."""

    joiners: tuple[Joiner, ...] = ()
    leavers: tuple[Leaver, ...] = ()
    base_kr: Decimal | None = None  # the base contribution per party for the year
    budgets: tuple[tuple[str, Decimal], ...] = ()  # (objekt, the project's new amount to split, kr)

    @property
    def empty(self) -> bool:
        return not (self.joiners or self.leavers or self.budgets) and self.base_kr is None


@dataclass(frozen=True)
class ItemChange:
    """One item of one party before and after (öre; None where the party has no such item)."""

    objekt: str
    kind: str
    before_ore: int | None
    after_ore: int | None

    @property
    def difference_ore(self) -> int:
        return (self.after_ore or 0) - (self.before_ore or 0)


@dataclass(frozen=True)
class PartyChange:
    """A party's budget basis before and after the scenario, item by item and in total."""

    part: str
    items: tuple[ItemChange, ...]

    @property
    def before_ore(self) -> int:
        return sum(i.before_ore or 0 for i in self.items)

    @property
    def after_ore(self) -> int:
        return sum(i.after_ore or 0 for i in self.items)

    @property
    def difference_ore(self) -> int:
        return self.after_ore - self.before_ore


@dataclass(frozen=True)
class Comparison:
    """The plan without and with the scenario, and every party's change."""

    scenario: Scenario
    before: BudgetPlan
    after: BudgetPlan
    changes: tuple[PartyChange, ...]  # parties of either plan, in the scenario's parter order


# --- parsing the options -----------------------------------------------------------------


def _date(text: str, option: str, problems: list[Problem]) -> date | None:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    problems.append(Problem(option, None, None, f"ogiltigt datum {text!r}; väntade ÅÅÅÅ-MM-DD, t.ex. 2019-07-01"))
    return None


def _amount(text: str, option: str, what: str, problems: list[Problem]) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        problems.append(Problem(option, None, None, f"ogiltigt belopp {text!r} för {what}; väntade t.ex. 900 000 000"))
        return None


def parse_joiner(spec: str, problems: list[Problem]) -> Joiner | None:
    """`PART;DATUM[;namn=NAMN][;projekt=OBJ,OBJ][;budgetomslutning=KR][;elevantal=ANTAL][;kop_salj=KR]`."""
    fields = [f.strip() for f in spec.split(";")]
    if len(fields) < 2 or not _ID.match(fields[0]):
        problems.append(Problem(JOIN, None, None, f"ogiltig part {spec!r}; väntade PART;DATUM[;nyckel=vikt …], "
                                "t.ex. nyby;2019-07-01;budgetomslutning=900000000"))
        return None
    fran = _date(fields[1], JOIN, problems)
    namn, projekt, weights = fields[0], (), {}
    for item in fields[2:]:
        name, _, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if name == "namn" and value:
            namn = value
        elif name == "projekt" and value:
            projekt = tuple(v.strip() for v in value.split(",") if v.strip())
        elif name in WEIGHT_KEYS and value:
            amount = _amount(value, JOIN, f"{name} för {fields[0]}", problems)
            if amount is not None and amount < 0:
                problems.append(Problem(JOIN, None, None, f"negativ vikt {value!r} för {name}; väntade ett tal ≥ 0"))
            elif amount is not None and name == "elevantal" and amount != amount.to_integral_value():
                problems.append(Problem(JOIN, None, None, f"elevantalet {value!r} är inget heltal; väntade t.ex. 700"))
            elif amount is not None:
                weights[name] = amount
        else:
            problems.append(Problem(JOIN, None, None, f"okänt fält {item!r} för {fields[0]}; väntade namn=, projekt= "
                                    f"eller {'=, '.join(WEIGHT_KEYS)}="))
    return None if fran is None else Joiner(fields[0], namn, fran, MappingProxyType(weights), projekt)


def parse_scenario(joiners: Sequence[str] = (), leavers: Sequence[str] = (), base: str | None = None,
                   budgets: Sequence[str] = ()) -> Scenario:
    """The command's or notebook's what-if options as a `Scenario`; DataError lists every bad option."""
    problems: list[Problem] = []
    joined = tuple(j for j in (parse_joiner(s, problems) for s in joiners if s.strip()) if j is not None)
    left = []
    for spec in (s for s in leavers if s.strip()):
        part, _, when = spec.partition(";")
        day = _date(when, LEAVE, problems) if when.strip() else None
        if not when.strip():
            problems.append(Problem(LEAVE, None, None, f"datum saknas i {spec!r}; väntade PART;DATUM, t.ex. are;2019-07-01"))
        elif day is not None:
            left.append(Leaver(part.strip(), day))
    base_kr = _amount(base, BASE, "grundbidraget", problems) if base and base.strip() else None
    new_budgets = []
    for spec in (s for s in budgets if s.strip()):
        objekt, _, value = spec.partition("=")
        amount = _amount(value, BUDGET, objekt.strip(), problems) if value.strip() else None
        if not value.strip():
            problems.append(Problem(BUDGET, None, None, f"belopp saknas i {spec!r}; väntade OBJEKT=BELOPP, t.ex. 6671=700000"))
        elif amount is not None:
            new_budgets.append((objekt.strip(), amount))
    if problems:
        raise DataError(problems)
    return Scenario(joined, tuple(left), base_kr, tuple(new_budgets))


def scenario_from_text(ansluter: str = "", lamnar: str = "", grundbidrag: str = "", projektbudget: str = "") -> Scenario:
    """The notebook's parameters (several joiners, leavers or budgets separated by `|`) as a `Scenario`."""
    def many(text: str) -> list[str]:
        return [s for s in text.split("|") if s.strip()]

    return parse_scenario(many(ansluter), many(lamnar), grundbidrag or None, many(projektbudget))


# --- applying it to the data -------------------------------------------------------------


def _with_rows(table: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return table
    extra = pd.DataFrame(rows, columns=list(table.columns))
    return pd.concat([table, extra], ignore_index=True) if len(table) else extra


def _joiner_rows(ds: Dataset, j: Joiner, year: int, objects, problems: list[Problem]) -> dict[str, list[dict]]:
    """The key-file rows the joiner needs for every split it takes part in (both phases)."""
    rows: dict[str, list[dict]] = {"turnover": [], "pupils": [], "purchases": []}
    for obj in objects:
        if obj.typ != "projekt" or obj.nyckel in (None, "lika") or obj.nyckel not in KEYS:
            continue
        if not (obj.deltagare is None or j.part in obj.deltagare):
            continue
        if amount_to_split(ds, obj.objekt, year, PRELIMINARY) is None and amount_to_split(ds, obj.objekt, year, FINAL) is None:
            continue
        value = j.weights.get(obj.nyckel)
        if value is None:
            problems.append(Problem(JOIN, None, None, f"vikt saknas för {j.part} i {obj.objekt} {obj.namn} "
                                    f"({obj.nyckel}); väntade {obj.nyckel}=VÄRDE i --ansluter"))
            continue
        if obj.nyckel == "budgetomslutning" and not rows["turnover"]:
            rows["turnover"].append({"part": j.part, "ar": year - 2, "belopp_ore": kr_to_ore(value), "kalla": ASSUMED, "src_row": 0})
        elif obj.nyckel == "elevantal" and not rows["pupils"]:
            for phase in PHASES:
                day = october_measuring_date(pupils_year(year, phase))
                rows["pupils"].append({"part": j.part, "matdatum": day, "antal": int(value), "kalla": ASSUMED, "src_row": 0})
        elif obj.nyckel == "kop_salj":
            rows["purchases"].append({"ar": year, "objekt": obj.objekt, "part": j.part, "belopp_ore": kr_to_ore(value),
                                      "kalla": ASSUMED, "src_row": 0})
    return rows


def _budget_rows(ds: Dataset, year: int, budgets, problems: list[Problem]) -> list[dict]:
    """One `ändring` row per project: new amount − current amount, on the project's first cost account."""
    out = []
    for objekt, amount in budgets:
        try:
            obj = ds.object(objekt)
        except KeyError:
            obj = None
        current = amount_to_split(ds, objekt, year, PRELIMINARY) if obj is not None else None
        t = ds.budget
        mine = t[(t["ar"] == year) & (t["objekt"] == objekt) & (t["rad"] != ROW_CONTRIBUTIONS)] if len(t) else t
        if obj is None or obj.typ != "projekt" or current is None or not len(mine):
            problems.append(Problem(BUDGET, None, None, f"objektet {objekt!r} är inget projekt med budget {year}; "
                                    "väntade ett projekt ur objekt.csv med budgetrader för året"))
            continue
        first = mine.iloc[0]
        out.append({"ar": year, "objekt": objekt, "konto": first["konto"], "rad": first["rad"],
                    "belopp_ore": kr_to_ore(amount) - current, "version": "ändring", "beslut": DECISION, "src_row": 0})
    return out


def apply_scenario(ds: Dataset, year: int, scenario: Scenario) -> Dataset:
    """A new Dataset with the scenario applied for `year`; DataError lists every part that cannot be applied."""
    problems: list[Problem] = []
    known = {p.part for p in ds.parties}
    parties = list(ds.parties)
    for lv in scenario.leavers:
        if lv.part not in known:
            problems.append(Problem(LEAVE, None, None, f"okänd part {lv.part!r}; väntade en part ur parter.csv"))
            continue
        i = next(k for k, p in enumerate(parties) if p.part == lv.part)
        parties[i] = replace(parties[i], medlem_till=lv.fran - timedelta(days=1))
    gone = {p.part for p in parties if not p.is_member_in_year(year)}
    objects = [replace(o, deltagare=tuple(d for d in o.deltagare if d not in gone)) if o.deltagare else o for o in ds.objects]
    codes = {o.objekt for o in objects}
    for j in scenario.joiners:
        if j.part in known or any(p.part == j.part for p in parties[len(ds.parties):]):
            problems.append(Problem(JOIN, None, None, f"parten {j.part!r} finns redan; väntade en ny kod"))
            continue
        if j.fran > date(year, 12, 31):
            problems.append(Problem(JOIN, None, None, f"{j.part} ansluter {j.fran.isoformat()}, efter planåret {year}; "
                                    f"väntade ett datum senast {year}-12-31"))
            continue
        parties.append(Party(j.part, j.namn, "", "kommun", j.fran, None, len(parties)))
        for code in j.projekt:
            if code not in codes:
                problems.append(Problem(JOIN, None, None, f"okänt projekt {code!r} för {j.part}; väntade ett objekt ur objekt.csv"))
        objects = [replace(o, deltagare=(*o.deltagare, j.part)) if o.deltagare is not None and o.objekt in j.projekt else o
                   for o in objects]
    committee = ds.committee
    if scenario.base_kr is not None:
        if scenario.base_kr < 0 or scenario.base_kr != scenario.base_kr.quantize(Decimal("0.01")):
            problems.append(Problem(BASE, None, None, f"ogiltigt grundbidrag {scenario.base_kr}; väntade kronor ≥ 0"))
        else:
            committee = replace(committee, grundfinansiering=MappingProxyType({**committee.grundfinansiering, year: scenario.base_kr}))
    bought = ds.purchases
    if gone and len(bought):  # a party that is no member of the year buys nothing in it
        bought = bought[~((bought["ar"] == year) & bought["part"].isin(gone))].reset_index(drop=True)
    new = replace(ds, committee=committee, parties=tuple(parties), objects=tuple(objects), purchases=bought)
    keyed: dict[str, list[dict]] = {"turnover": [], "pupils": [], "purchases": []}
    for j in scenario.joiners:
        if j.part not in known:
            for name, rows in _joiner_rows(new, j, year, new.objects, problems).items():
                keyed[name] += rows
    budget_rows = _budget_rows(new, year, scenario.budgets, problems)
    if problems:
        raise DataError(problems)
    return replace(new, turnover=_with_rows(new.turnover, keyed["turnover"]), pupils=_with_rows(new.pupils, keyed["pupils"]),
                   purchases=_with_rows(new.purchases, keyed["purchases"]), budget=_with_rows(new.budget, budget_rows))


def compare(before: BudgetPlan, after: BudgetPlan, scenario: Scenario, order: Sequence[str]) -> Comparison:
    """Every party's items before and after, with the difference; parties in `order`."""
    def items(plan: BudgetPlan, part: str) -> dict[str, tuple[str, int]]:
        try:
            return {line.objekt: (line.kind, line.amount_ore) for line in plan.party(part).lines}
        except KeyError:
            return {}

    changes = []
    for part in order:
        b, a = items(before, part), items(after, part)
        if not b and not a:
            continue
        codes = list(b) + [c for c in a if c not in b]
        changes.append(PartyChange(part, tuple(
            ItemChange(c, (a.get(c) or b.get(c))[0], b[c][1] if c in b else None, a[c][1] if c in a else None)
            for c in codes)))
    return Comparison(scenario, before, after, tuple(changes))


def what_if(ds: Dataset, year: int, scenario: Scenario) -> Comparison:
    """The plan without and with `scenario`, side by side."""
    changed = apply_scenario(ds, year, scenario)
    return compare(budget_plan(ds, year), budget_plan(changed, year), scenario, [p.part for p in changed.parties])
