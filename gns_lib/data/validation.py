"""Checks across files: account coverage, overlapping ranges, deltagare and membership, the reserve chain.

Whether a projekt's key is known and its weights exist is the allocation layer's check
(`gns_lib.allocation.weights`): loading a folder computes no allocation.

Each check returns `Problem` values; `loader.load_dataset` gathers them all.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from gns_lib.core.errors import Problem
from gns_lib.data.fields import shown
from gns_lib.data.model import AccountRange, Dataset
from gns_lib.data.settings import table_line


def account_rows(ranges: tuple[AccountRange, ...], codes: list[str]) -> dict[str, str | None]:
    """The result row of each account code (None where no range covers it or it is not digits)."""
    out: dict[str, str | None] = {}
    for code in codes:
        row = None
        if re.fullmatch(r"[0-9]{1,18}", code):
            n = int(code)
            for r in ranges:
                if r.fran <= n <= r.till:
                    row = r.rad
                    break
        out[code] = row
    return out


def account_problem(code: str) -> str:
    if re.fullmatch(r"[0-9]{19,}", code):
        return f"kontot har {len(code)} siffror; väntade ett kontonummer av högst 18 siffror"
    if not re.fullmatch(r"[0-9]+", code):
        return f"ogiltigt konto {shown(code)}; väntade ett kontonummer av siffror"
    return f"kontot {code} täcks inte av något intervall i kontoplan.csv"


def overlapping_ranges(ranges: tuple[AccountRange, ...]) -> list[Problem]:
    """Every pair of kontoplan ranges that share an account."""
    problems = []
    ordered = sorted(ranges, key=lambda r: (r.fran, r.till))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.fran > a.till:
                break
            first, second = sorted((a, b), key=lambda r: r.src_row)
            problems.append(
                Problem(
                    "kontoplan.csv",
                    second.src_row,
                    "fran_konto",
                    f"intervallet {second.fran}–{second.till} överlappar {first.fran}–{first.till} "
                    f"(rad {first.src_row}); väntade intervall som inte överlappar",
                )
            )
    return problems


def _years_used(ds: Dataset, tables=None) -> dict[str, set[int]]:
    """objekt -> the years it has budget, outcome or forecast rows in (one hash pass per table)."""
    years: dict[str, set[int]] = {}
    for t in tables if tables is not None else (ds.budget, ds.ledger, ds.forecast):
        if len(t):
            codes, objects = pd.factorize(t["objekt"])
            pairs = pd.unique(codes.astype(np.int64) * 10_000 + t["ar"].to_numpy(dtype=np.int64))
            for code, year in zip((pairs // 10_000).tolist(), (pairs % 10_000).tolist()):
                if code >= 0 and year:
                    years.setdefault(str(objects[code]), set()).add(year)
    return years


def _table_line(ds: Dataset, table: str) -> int | None:
    """The line of `[table]` in the folder's namnd.toml (None without the file or the table)."""
    try:
        text = (Path(ds.data_dir) / "namnd.toml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, TypeError):
        return None
    return table_line(text, table)


def funding_problems(ds: Dataset, used: dict[str, set[int]] | None = None) -> list[Problem]:
    """A year with members and outcome rows on a `nämnd` object needs its grundfinansiering.

    Without it the year-end report would have no base contribution, no party statements and an
    empty invoicing file without a word; the committee object is the one the contribution
    finances. A year with only budget rows may lack it: the plan for it says so.
    """
    if ds.committee is None:
        return []
    committee_objects = {o.objekt for o in ds.objects if o.typ == "nämnd"}
    used = _years_used(ds, (ds.ledger,)) if used is None else used  # objekt -> years with outcome rows
    problems = []
    for year in sorted({y for o in committee_objects for y in used.get(o, ())}):
        if year not in ds.committee.grundfinansiering and ds.members(year):
            objects = ", ".join(sorted(o for o in committee_objects if year in used.get(o, ())))
            problems.append(Problem("namnd.toml", _table_line(ds, "grundfinansiering"), "grundfinansiering",
                                    f"grundfinansiering saknas för {year}, som har utfallsrader på nämndobjektet "
                                    f"{objects}; väntade en rad {year} = belopp under [grundfinansiering]"))
    return problems


def cross_checks(ds: Dataset, object_rows: dict[str, int]) -> list[Problem]:
    """Deltagare of every objekt against the parties and the years it is used; a key only on projekt."""
    problems: list[Problem] = []
    parties = {p.part: p for p in ds.parties}
    rows = _years_used(ds, (ds.ledger,))  # the ledger is hashed once for both checks
    used = {o: set(ys) for o, ys in rows.items()}
    for o, ys in _years_used(ds, (ds.budget, ds.forecast)).items():
        used.setdefault(o, set()).update(ys)
    for o in ds.objects:
        row = object_rows.get(o.objekt)

        def bad(column: str, message: str) -> None:
            problems.append(Problem("objekt.csv", row, column, message))

        if o.typ == "projekt" and not o.nyckel:
            bad("nyckel", f"projektet {o.objekt} saknar nyckel; väntade en fördelningsnyckel ur docs/fordelning.md")
        elif o.typ != "projekt" and o.nyckel:
            bad("nyckel", f"nyckel gäller bara projekt, men {o.objekt} är {o.typ}; lämna kolumnen tom")
        for part in o.deltagare or ():
            if part not in parties:
                bad("deltagare", f"okänd part {part!r} bland deltagarna; väntade parter ur parter.csv eller alla")
        for year in sorted(used.get(o.objekt, ())):
            for part in o.deltagare or ():
                if part in parties and not parties[part].is_member_in_year(year):
                    bad("deltagare", f"deltagaren {part!r} är inte medlem {year}, då objektet {o.objekt} används")
    return problems + funding_problems(ds, rows)


def reserve_gaps(ds: Dataset) -> list[Problem]:
    """Every year from the reserve's first year to the last booked year that has no outcome.

    Such a year breaks the chain (its closing reserve, and every later opening, cannot be
    computed), so it is reported instead of leaving the reserve blank.
    """
    start, booked = ds.reserve_start(), set(ds.outcome_years())
    if start is None or not booked or max(booked) < start:
        return []
    last = max(booked)
    stated = ds.committee.ingaende_reserv_ar is not None
    problems = []
    for year in range(start, last + 1):
        if year in booked:
            continue
        if stated and year == start:
            first = min(y for y in booked if y > start)
            problems.append(Problem(
                "namnd.toml", None, "ingaende_reserv_ar",
                f"ingaende_reserv_ar är {start}, men utfall för {start} saknas, så nämndens reserv kan inte räknas "
                f"för {start} och åren efter; väntade det första året med utfall ({first}) eller bokföring för {start} i utfall.csv"))
            continue
        problems.append(Problem(
            "utfall.csv", None, "period",
            f"utfall för {year} saknas, så nämndens reserv kan inte räknas för {year} och åren efter; "
            f"väntade bokföring för varje år från {start} "
            f"({'ingaende_reserv_ar i namnd.toml' if stated else 'första året med utfall'}) till {last}"))
    return problems
