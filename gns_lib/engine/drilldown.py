"""The source rows behind a figure: ledger (utfall), budget and forecast rows with file and line.

A drill-down selects the rows of one year by objekt, konto, result row, month or
year-to-date month (`through`) and text. Its `total` is the figure it explains, to the öre:
amounts are exact `Decimal` kronor, `belopp` in the report sign (intäkter − kostnader) and
`belopp_bokfort` in the ledger's sign. The reservation of a nämnd object is no file row; where
a figure includes it (a whole-year or year-to-date result of a nämnd object or of the
committee), it is one computed row, marked `fil` = "beräknad". A year-to-date budget is
explained by its periodised months (`periodised_budget_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from gns_lib.core.errors import GnsError
from gns_lib.data.model import RESULT_ROWS, Dataset
from gns_lib.engine.periodisation import monthly_budget
from gns_lib.engine.periods import last_booked_month
from gns_lib.engine.results import RESERVATION_ROW, ROW_ORDER, MonthlyLine, MonthlyOutcome, ore, sums

LEDGER, BUDGET, FORECAST = "utfall", "budget", "prognos"
COMPUTED = "beräknad"
ZERO = Decimal("0.00")
_BASE = {  # the table's own columns; every other column of the file is kept after `text`
    LEDGER: ("period", "manad", "objekt", "konto", "rad"),
    BUDGET: ("ar", "objekt", "konto", "rad"),
    FORECAST: ("ar", "prognos", "datum", "objekt", "konto", "rad"),
}
_INTERNAL = {"ar", "period", "manad", "objekt", "konto", "rad", "belopp_ore", "src_row", "src_file", "prognos", "datum"}


@dataclass(frozen=True, repr=False)
class Drilldown:
    """Rows of one kind (utfall, budget, prognos) behind a figure; `total` is their exact sum.

    `filters` are the selection as given (name, value); `frame` has one row per source row.
    """

    kind: str
    year: int
    filters: tuple[tuple[str, object], ...]
    frame: pd.DataFrame

    @property
    def total(self) -> Decimal:
        """The sum of `belopp` in the report sign: the figure the rows explain."""
        return sum(self.frame["belopp"], ZERO)

    def __len__(self) -> int:
        return len(self.frame)

    def describe(self) -> str:
        """The selection in Swedish words, e.g. "utfall 2018, objekt 6663, rad Övriga kostnader"."""
        parts = [f"{self.kind} {self.year}", *(f"{_WORDS.get(k, k)} {v}" for k, v in self.filters)]
        return ", ".join(parts)

    def __repr__(self) -> str:
        return f"<Drilldown {self.describe()}: {_rows(len(self))}, summa {self.total} kr>"


def _rows(n: int) -> str:
    return "1 rad" if n == 1 else f"{n} rader"


_WORDS = {"through": "till och med månad", "month": "månad", "text": "text innehåller", "version": "version"}


def _kronor(ore: np.ndarray, sign: int) -> list[Decimal]:
    return [Decimal(sign * int(v)).scaleb(-2) for v in ore]


def _check(ds: Dataset, objekt, rad, month, through) -> None:
    problems = []
    if objekt is not None and objekt not in {o.objekt for o in ds.objects}:
        have = ", ".join(o.objekt for o in ds.objects)
        problems.append(f"okänt objekt {objekt!r}; objekt i data: {have}")
    if rad is not None and rad not in ROW_ORDER:
        problems.append(f"okänd rad {rad!r}; väntade en av: {', '.join(ROW_ORDER)}")
    for name, m in (("month", month), ("through", through)):
        if m is not None and not (isinstance(m, int) and 1 <= m <= 12):
            problems.append(f"{name} ska vara en månad 1–12, inte {m!r}")
    if problems:
        raise GnsError("; ".join(problems))


def _source_name(ds: Dataset, kind: str) -> str:
    stem = {LEDGER: "utfall", BUDGET: "budget", FORECAST: "prognos"}[kind]
    return next((f.name for f in ds.files if Path(f.name).stem == stem), f"{stem}.csv")


def _select(table: pd.DataFrame, year: int, objekt, konto, rad) -> np.ndarray:
    if not len(table):
        return np.zeros(0, dtype=bool)
    mask = (table["ar"] == year).to_numpy(dtype=bool, copy=True)
    for column, value in (("objekt", objekt), ("konto", konto)):
        if value is not None:
            mask &= np.asarray(table[column] == str(value))
    if rad is not None and rad != RESERVATION_ROW:
        mask &= np.asarray(table["rad"] == rad)
    return mask


def _texts(values: np.ndarray) -> list[str]:
    return ["" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v) for v in values]


def _frame(ds: Dataset, kind: str, table: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The selected rows with exact amounts in both signs, every extra column, file and line."""
    idx = np.flatnonzero(mask)
    pick = lambda column: table[column].iloc[idx].to_numpy(dtype=object)  # noqa: E731
    extra = [c for c in table.columns if c not in _INTERNAL]
    ore = table["belopp_ore"].iloc[idx].to_numpy()
    data: dict[str, object] = {}
    for column in _BASE[kind]:
        if column in ("period", "manad", "ar"):
            data[column] = table[column].iloc[idx].to_numpy().astype("int64")
        elif column == "datum":
            data[column] = pick(column)
        else:
            data[column] = _texts(pick(column))
    data["belopp"] = _kronor(ore, -1)
    data["belopp_bokfort"] = _kronor(ore, 1)
    for column in extra:
        data[column] = _texts(pick(column))
    if "src_file" in table:  # rows from the exports of [kallor]: each row's own file
        data["fil"] = [str(v) for v in table["src_file"].iloc[idx]]
    else:
        data["fil"] = [_source_name(ds, kind)] * len(idx)
    data["filrad"] = pd.array(table["src_row"].iloc[idx].to_numpy().astype("int64"), dtype="Int64")
    return pd.DataFrame(data, columns=list(data))


def _reservation(ds: Dataset, kind: str, year: int, frame: pd.DataFrame) -> pd.DataFrame:
    """One computed row per nämnd object in `frame`: minus its result, so the object nets to zero."""
    nämnd = [o.objekt for o in ds.objects if o.typ == "nämnd"]
    out = []
    for objekt in nämnd:
        own = frame.loc[frame["objekt"] == objekt]
        if not len(own):
            continue
        amount = -sum(own["belopp"], ZERO)
        row = {c: "" for c in frame.columns}
        row.update(objekt=objekt, konto="", rad=RESERVATION_ROW, belopp=amount, belopp_bokfort=-amount, fil=COMPUTED,
                   filrad=pd.NA)
        for column in ("period", "manad", "ar", "datum"):
            if column in row:
                row[column] = pd.NA if column != "ar" else year
        if "prognos" in row:
            row["prognos"] = own["prognos"].iloc[0]
        if "text" in row:
            row["text"] = "Nämndens resultat förs till reserven (beräknad)"
        if "version" in row:
            row["version"] = own["version"].iloc[0] if own["version"].nunique() == 1 else ""
        out.append(row)
    return pd.DataFrame(out, columns=frame.columns)


def _drill(ds: Dataset, kind: str, year: int, frame: pd.DataFrame, rad, konto, text, reservation: bool,
           filters: tuple) -> Drilldown:
    if reservation and konto is None and text is None and rad in (None, RESERVATION_ROW):
        computed = _reservation(ds, kind, year, frame)
        if rad == RESERVATION_ROW:
            frame = computed
        elif len(computed):
            frame = pd.concat([frame, computed], ignore_index=True)
    elif rad == RESERVATION_ROW:
        frame = frame.iloc[0:0]
    frame = frame.reset_index(drop=True)
    for column in ("period", "manad"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return Drilldown(kind, year, tuple((k, v) for k, v in filters if v is not None), frame)


def ledger_rows(ds: Dataset, year: int, objekt: str | None = None, konto: str | None = None, rad: str | None = None,
                through: int | None = None, month: int | None = None, text: str | None = None, *,
                reservation: bool | None = None) -> Drilldown:
    """The ledger rows (utfall) of `year` behind a figure, in file order by period.

    `through` keeps periods up to that month (year to date), `month` one month, `text` rows
    whose text contains it (any case). `reservation` (default: not for a single month, as
    the monthly tables show the result before it) adds the nämnd objects' computed reservation.
    """
    _check(ds, objekt, rad, month, through)
    table = ds.ledger
    mask = _select(table, year, objekt, konto, rad)
    if len(table):
        if through is not None:
            mask &= np.asarray(table["manad"] <= through)
        if month is not None:
            mask &= np.asarray(table["manad"] == month)
        if text is not None:
            mask &= np.asarray(table["text"].astype(str).str.contains(text, case=False, regex=False))
    frame = _frame(ds, LEDGER, table, mask)
    frame = frame.sort_values(["period", "filrad"], kind="stable") if len(frame) else frame
    filters = (("objekt", objekt), ("konto", konto), ("rad", rad), ("through", through), ("month", month), ("text", text))
    keep = month is None if reservation is None else reservation
    return _drill(ds, LEDGER, year, frame, rad, konto, text, keep, filters)


def budget_rows(ds: Dataset, year: int, objekt: str | None = None, konto: str | None = None, rad: str | None = None,
                version: str | None = None, through: int | None = None) -> Drilldown:
    """The budget rows of `year` (fastställd and ändring, with decision) behind a budget figure.

    `version` "fastställd" explains the Budget column, "ändring" the Ändringar column, None
    the Reviderad budget. `through` M explains a year-to-date budget: the periodised months
    1..M (see `periodised_budget_rows`), before the reservation as the delårsrapport shows it.
    """
    _check(ds, objekt, rad, None, through)
    if version not in (None, "fastställd", "ändring"):
        raise GnsError(f"version ska vara 'fastställd' eller 'ändring', inte {version!r}")
    if through is not None:
        return periodised_budget_rows(ds, year, objekt, konto, rad, version, through)
    table = ds.budget
    mask = _select(table, year, objekt, konto, rad)
    if version is not None and len(table):
        mask &= np.asarray(table["version"] == version)
    frame = _frame(ds, BUDGET, table, mask)
    filters = (("objekt", objekt), ("konto", konto), ("rad", rad), ("version", version))
    return _drill(ds, BUDGET, year, frame, rad, konto, None, True, filters)


def _source_lines(ds: Dataset, year: int) -> dict[tuple, list[tuple[str, int]]]:
    """(file, line) of the year's budget rows by (objekt, konto, rad, version, manad); manad 0: an annual row."""
    b = ds.budget
    lines: dict[tuple, list[tuple[str, int]]] = {}
    if not len(b):
        return lines
    rows = b.loc[b["ar"] == year]
    months = rows["manad"] if "manad" in rows else pd.Series(0, index=rows.index)
    files = rows["src_file"].astype(str) if "src_file" in rows else [_source_name(ds, BUDGET)] * len(rows)
    for key in zip(rows["objekt"].astype(str), rows["konto"].astype(str), rows["rad"].astype(str),
                   rows["version"].astype(str), months.astype(int), files, rows["src_row"].astype(int)):
        lines.setdefault(key[:5], []).append(key[5:])
    return lines


def _line_list(lines: list[tuple[str, int]]) -> str:
    """The lines of one file as "12, 14"; lines of several files (exports of [kallor]) as "fil:12, fil:14"."""
    if len({f for f, _ in lines}) <= 1:
        return ", ".join(str(n) for _, n in lines)
    return ", ".join(f"{f}:{n}" for f, n in lines)


def periodised_budget_rows(ds: Dataset, year: int, objekt: str | None = None, konto: str | None = None,
                           rad: str | None = None, version: str | None = None, through: int = 12) -> Drilldown:
    """The budget of months 1..`through` as the periodisation gives it: one row per key, version and month.

    A monthly file row stays in its month; an annual row is spread by its profile (`profil`), so
    a row is no single file line: `filrad` is the first and `kallrader` every line it comes from.
    """
    _check(ds, objekt, rad, None, through)
    m = monthly_budget(ds, year)
    mask = _select(m, year, objekt, konto, rad)
    if len(m):
        mask &= np.asarray(m["manad"] <= through)
        if version is not None:
            mask &= np.asarray(m["version"] == version)
    rows = m.loc[mask]
    source = _source_lines(ds, year)
    profiles = ds.committee.periodisering
    out = []
    for ar, manad, obj, kto, rd, ver, amount in rows.itertuples(index=False, name=None):
        own = source.get((obj, kto, rd, ver, manad))  # a monthly file row
        lines = own if own is not None else source.get((obj, kto, rd, ver, 0), [])
        profil = "" if own is not None else profiles.profile_for(obj, kto)[0]
        out.append((int(ar), int(manad), obj, kto, rd, ver, profil, Decimal(-int(amount)).scaleb(-2),
                    Decimal(int(amount)).scaleb(-2), lines[0][0] if lines else _source_name(ds, BUDGET),
                    lines[0][1] if lines else None, _line_list(lines)))
    columns = ["ar", "manad", "objekt", "konto", "rad", "version", "profil", "belopp", "belopp_bokfort", "fil",
               "filrad", "kallrader"]
    frame = pd.DataFrame(sorted(out, key=lambda r: (r[1], r[2], r[3], r[5] != "fastställd")), columns=columns)
    frame["filrad"] = frame["filrad"].astype("Int64")
    filters = (("objekt", objekt), ("konto", konto), ("rad", rad), ("version", version), ("through", through))
    return _drill(ds, BUDGET, year, frame, rad, konto, None, False, filters)


def forecast_rows(ds: Dataset, year: int, objekt: str | None = None, konto: str | None = None, rad: str | None = None,
                  prognos: str | None = None) -> Drilldown:
    """The rows of one forecast of `year` (default the latest, as the reports compare) behind a figure."""
    _check(ds, objekt, rad, None, None)
    table = ds.forecast
    mask = _select(table, year, objekt, konto, rad)
    if len(table):
        of_year = table.loc[table["ar"] == year]
        made = sorted({(d, str(n)) for n, d in zip(of_year["prognos"], of_year["datum"])})  # by date, as the report
        if prognos is None and made:
            prognos = made[-1][1]
        elif prognos is not None and prognos not in {n for _, n in made}:
            have = ", ".join(n for _, n in made) or "inga"
            raise GnsError(f"okänd prognos {prognos!r} för {year}; prognoser: {have}")
        mask &= (table["prognos"] == prognos).to_numpy(dtype=bool)
    frame = _frame(ds, FORECAST, table, mask)
    filters = (("objekt", objekt), ("konto", konto), ("rad", rad), ("prognos", prognos))
    return _drill(ds, FORECAST, year, frame, rad, konto, None, True, filters)


@dataclass(frozen=True, repr=False)
class VoucherList:
    """The verifikationer of a drill-down, largest absolute amount first; `rest` is what the rest add up to."""

    source: Drilldown
    frame: pd.DataFrame  # verifikation, rader, belopp (report sign), period (first), konton, text (first)
    rest: Decimal

    def __repr__(self) -> str:
        return f"<VoucherList {self.source.describe()}: {len(self.frame)} verifikationer, övriga {self.rest} kr>"


def largest_vouchers(drill: Drilldown, n: int = 10) -> VoucherList:
    """The `n` verifikationer with the largest net amount in `drill`; a row without one stands alone."""
    rows = drill.frame.loc[drill.frame["fil"] != COMPUTED] if "fil" in drill.frame else drill.frame
    has_voucher = "verifikation" in rows
    groups: dict[str, list[int]] = {}
    for i, (voucher, line) in enumerate(zip(rows["verifikation"] if has_voucher else [""] * len(rows), rows["filrad"])):
        groups.setdefault(voucher or f"(utan verifikation, rad {line})", []).append(i)
    out = []
    for voucher, at in groups.items():
        part = rows.iloc[at]
        out.append({
            "verifikation": voucher,
            "rader": len(at),
            "belopp": sum(part["belopp"], ZERO),
            "period": int(part["period"].iloc[0]) if "period" in part else None,
            "konton": ", ".join(sorted(set(part["konto"]))),
            "text": part["text"].iloc[0] if "text" in part else "",
        })
    out.sort(key=lambda r: (-abs(r["belopp"]), r["verifikation"]))
    top = pd.DataFrame(out[:n], columns=["verifikation", "rader", "belopp", "period", "konton", "text"])
    return VoucherList(drill, top, sum((r["belopp"] for r in out[n:]), ZERO))


def monthly_of(ds: Dataset, year: int, objekt: str | None = None, rad: str | None = None) -> MonthlyOutcome:
    """Outcome per month for one object (per result row), one result row (per object), or both (per account).

    Months after the year's last booked month are None, as in `monthly_outcome`; before the reservation.
    """
    _check(ds, objekt, rad, None, None)
    if rad == RESERVATION_ROW:
        raise GnsError("reserveringen är ingen bokförd rad och har inget utfall per månad")
    by = "konto" if objekt and rad else "rad" if objekt else "objekt"
    table = ds.ledger
    where = pd.Series(_select(table, year, objekt, None, rad), index=table.index) if len(table) else None
    per = sums(table, year, (by, "manad"), where)
    last = last_booked_month(ds, year)
    present = {k for k, _ in per}
    if by == "objekt":
        names = [o.objekt for o in ds.objects if o.objekt in present]
    elif by == "rad":
        names = [r for r in RESULT_ROWS if r in present]
    else:
        names = sorted(present, key=lambda k: (int(k) if k.isdigit() else 0, k))

    def months(pick) -> tuple[Decimal | None, ...]:
        return tuple(
            (ore(sum(v for (k, m), v in per.items() if pick(k) and int(m) == month)) if last and month <= last else None)
            for month in range(1, 13)
        )

    lines = tuple(MonthlyLine(*(name if b == by else None for b in ("objekt", "rad", "konto")), months(lambda k, x=name: k == x))
                  for name in names)
    return MonthlyOutcome(year, by, last, lines, MonthlyLine(objekt, rad, None, months(lambda k: True)))
