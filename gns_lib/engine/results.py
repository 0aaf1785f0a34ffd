"""Budget against outcome (utfall) per object, result row and account, in the report sign.

The files carry the ledger's sign (costs positive); reports show netto = intäkter − kostnader,
so every figure here is the ledger amount negated, as exact `Decimal` kronor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import pandas as pd

from gns_lib.data.model import RESULT_ROWS, CostObject, Dataset
from gns_lib.engine.variance import deviation, deviation_pct

RESERVATION_ROW = "Reservering till kommande år"
ROW_ORDER = (*RESULT_ROWS, RESERVATION_ROW)

Key = tuple[str, str, str]  # (objekt, rad, konto)


def ore(amount: int) -> Decimal:
    """Integer öre in the ledger's sign to Decimal kronor in the report sign."""
    return -Decimal(int(amount)).scaleb(-2)


def add(*values: Decimal | None) -> Decimal | None:
    """Sum of the values present; None when none is (missing is not zero)."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def sums(table: pd.DataFrame, year: int, keys: tuple[str, ...], where: pd.Series | None = None) -> dict[tuple, int]:
    """Sum of `belopp_ore` in `year` grouped by `keys` (ledger sign, integer öre)."""
    mask = table["ar"] == year
    if where is not None:
        mask &= where
    rows = table.loc[mask, [*keys, "belopp_ore"]]  # only the columns needed: the text columns are costly to copy
    if not len(rows):
        return {}
    grouped = rows.groupby(list(keys), observed=True, sort=False)["belopp_ore"].sum()
    out: dict[tuple, int] = {}
    for key, value in grouped.items():
        key = key if isinstance(key, tuple) else (key,)
        out[tuple(str(k) for k in key)] = int(value)
    return out


def has_outcome(ds: Dataset, year: int) -> bool:
    """The ledger has rows for `year` (then an unbooked line is 0, otherwise it is missing)."""
    return year in ds.booked_months


def objects_in_year(ds: Dataset, year: int) -> tuple[CostObject, ...]:
    """Objects with budget, outcome or forecast rows in `year`, in `objekt.csv` order."""
    used: set[str] = set()
    for t in (ds.budget, ds.ledger, ds.forecast):
        if len(t):
            used.update(str(o) for o in t.loc[t["ar"] == year, "objekt"].unique())
    return tuple(o for o in ds.objects if o.objekt in used)


@dataclass(frozen=True)
class BudgetLine:
    """One line: original budget, changes, revised budget and outcome, kronor in the report sign.

    `objekt`, `rad`, `konto` say what the line covers (None = all). A line without any
    budget row has budget None (unbudgeted, shown, never dropped).
    """

    objekt: str | None
    rad: str | None
    konto: str | None
    original: Decimal | None
    changes: Decimal | None
    budget: Decimal | None
    actual: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        """Avvikelse = utfall − reviderad budget; positive is better than budget."""
        return deviation(self.actual, self.budget)

    @property
    def variance_pct(self) -> Decimal | None:
        """Avvikelse / |budget| in per cent; None where the budget is zero or missing."""
        return deviation_pct(self.actual, self.budget)

    @property
    def unbudgeted(self) -> bool:
        return self.budget is None and self.actual is not None


def _line(objekt, rad, konto, lines: list[BudgetLine]) -> BudgetLine:
    """The sum of `lines` as one line covering (objekt, rad, konto)."""
    return BudgetLine(
        objekt,
        rad,
        konto,
        add(*(x.original for x in lines)),
        add(*(x.changes for x in lines)),
        add(*(x.budget for x in lines)),
        add(*(x.actual for x in lines)),
    )


@dataclass(frozen=True, repr=False)
class ObjectResult:
    """An object's result: the total (after reservation), its result rows and its accounts."""

    objekt: str
    namn: str
    typ: str
    total: BudgetLine
    rows: tuple[BudgetLine, ...]
    accounts: tuple[BudgetLine, ...]

    def row(self, rad: str) -> BudgetLine | None:
        return next((r for r in self.rows if r.rad == rad), None)

    @property
    def before_reservation(self) -> BudgetLine:
        """The object's result before the reservation row (equals `total` unless nämnd)."""
        return _line(self.objekt, None, None, [r for r in self.rows if r.rad != RESERVATION_ROW])

    def __repr__(self) -> str:
        t = self.total
        return f"<ObjectResult {self.objekt} {self.namn}: {len(self.accounts)} konton, budget {t.budget} kr, utfall {t.actual} kr>"


@dataclass(frozen=True, repr=False)
class BudgetReport:
    """Budget against outcome for one year: every object, the committee's rows and total."""

    year: int
    objects: tuple[ObjectResult, ...]
    rows: tuple[BudgetLine, ...]
    total: BudgetLine
    through: int | None = None  # a delår: budget (periodised) and outcome of months 1..through

    def object(self, objekt: str) -> ObjectResult:
        for o in self.objects:
            if o.objekt == objekt:
                return o
        raise KeyError(objekt)

    @property
    def unbudgeted(self) -> tuple[BudgetLine, ...]:
        """Every account line with outcome but no budget (whole unbudgeted objects included)."""
        return tuple(a for o in self.objects for a in o.accounts if a.unbudgeted)

    def __repr__(self) -> str:
        t = self.total
        return f"<BudgetReport {self.year}: {len(self.objects)} objekt, budget {t.budget} kr, utfall {t.actual} kr>"


def _account_sort(konto: str | None):
    return (konto is None, int(konto) if konto and konto.isdigit() else 0, konto or "")


def budget_report(ds: Dataset, year: int) -> BudgetReport:
    """Budget (fastställd + ändring) against outcome for `year`, per object, row and account."""
    is_change = ds.budget["version"] == "ändring"
    keys = ("objekt", "rad", "konto")
    original = sums(ds.budget, year, keys, ~is_change)
    changes = sums(ds.budget, year, keys, is_change)
    actual = sums(ds.ledger, year, keys)
    booked = has_outcome(ds, year)
    budgeted = set(original) | set(changes)
    objects = []
    for obj in objects_in_year(ds, year):
        found = sorted({k for k in (*budgeted, *actual) if k[0] == obj.objekt}, key=lambda k: (ROW_ORDER.index(k[1]), _account_sort(k[2])))
        accounts = []
        for k in found:
            in_budget = k in budgeted
            o = ore(original.get(k, 0)) if in_budget else None
            c = ore(changes.get(k, 0)) if in_budget else None
            accounts.append(BudgetLine(*k, o, c, add(o, c), ore(actual.get(k, 0)) if booked else None))
        rows = [
            _line(obj.objekt, rad, None, [a for a in accounts if a.rad == rad])
            for rad in RESULT_ROWS
            if any(a.rad == rad for a in accounts)
        ]
        if obj.typ == "nämnd":
            before = _line(obj.objekt, None, None, rows)
            reservation = BudgetLine(
                obj.objekt,
                RESERVATION_ROW,
                None,
                *(None if v is None else -v for v in (before.original, before.changes, before.budget, before.actual)),
            )
            rows.append(reservation)
            accounts.append(reservation)
        total = _line(obj.objekt, None, None, rows)
        if booked and total.actual is None:  # an object with forecast rows only: nothing booked is 0
            total = replace(total, actual=Decimal("0.00"))
        objects.append(ObjectResult(obj.objekt, obj.namn, obj.typ, total, tuple(rows), tuple(accounts)))
    committee_rows = tuple(
        _line(None, rad, None, [r for o in objects for r in o.rows if r.rad == rad])
        for rad in ROW_ORDER
        if any(r.rad == rad for o in objects for r in o.rows)
    )
    total = _line(None, None, None, [o.total for o in objects])
    return BudgetReport(year, tuple(objects), committee_rows, total)


@dataclass(frozen=True)
class MonthlyLine:
    """Outcome per month (index 0 = January) of one object, result row or account; None after the last booked month."""

    objekt: str | None
    rad: str | None
    konto: str | None
    months: tuple[Decimal | None, ...]

    @property
    def accumulated(self) -> tuple[Decimal | None, ...]:
        out, running = [], Decimal(0)
        for m in self.months:
            if m is None:
                out.append(None)
            else:
                running += m
                out.append(running)
        return tuple(out)

    @property
    def year_total(self) -> Decimal | None:
        return add(*self.months)


@dataclass(frozen=True, repr=False)
class MonthlyOutcome:
    """Outcome per month of one year, per object or per result row, with the total."""

    year: int
    by: str
    last_month: int | None
    lines: tuple[MonthlyLine, ...]
    total: MonthlyLine

    def __repr__(self) -> str:
        return f"<MonthlyOutcome {self.year} per {self.by}: {len(self.lines)} rader, t.o.m. månad {self.last_month}>"


def monthly_outcome(ds: Dataset, year: int, by: str = "objekt") -> MonthlyOutcome:
    """Outcome of `year` per month, grouped by "objekt", "rad" or "konto" (report sign, before reservation)."""
    if by not in ("objekt", "rad", "konto"):
        raise ValueError(f"by must be 'objekt', 'rad' or 'konto', not {by!r}")
    per = sums(ds.ledger, year, (by, "manad"))
    last = max((int(m) for _, m in per), default=None)
    grid: dict[str, list[int]] = {}  # one pass over the sums: key -> öre per month (index 0 = January)
    total = [0] * 12
    for (k, m), v in per.items():
        grid.setdefault(k, [0] * 12)[int(m) - 1] += v
        total[int(m) - 1] += v

    def months(ore_per_month: list[int]) -> tuple[Decimal | None, ...]:
        return tuple(ore(v) if last and month <= last else None for month, v in enumerate(ore_per_month, start=1))

    if by == "objekt":
        names = [o.objekt for o in ds.objects if o.objekt in grid]
    elif by == "rad":
        names = [r for r in RESULT_ROWS if r in grid]
    else:
        names = sorted(grid, key=_account_sort)
    lines = tuple(
        MonthlyLine(*(n if b == by else None for b in ("objekt", "rad", "konto")), months(grid[n]))
        for n in names
    )
    return MonthlyOutcome(year, by, last, lines, MonthlyLine(None, None, None, months(total)))
