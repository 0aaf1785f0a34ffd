"""The checks a SIE file makes possible on itself; each finding is a Swedish `Problem` with its line.

Vouchers must balance; a year's #PSALDO sums must equal #RES; a period row's year number
must agree with its period; objects and dimensions in use must be declared; in a type 3
file, each account's object rows must have an account total to belong to.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from gns_lib.core.errors import Problem

from gns_lib.data.sie_records import NO_YEAR, RESERVED_DIMENSIONS, PeriodRows, SieFile, TransRows, year_of_periods
from gns_lib.data.sie_tokens import format_ore
from gns_lib.data.sie_totals import account_totals


def check_sie(sie: SieFile, incomplete: frozenset[int] = frozenset()) -> list[Problem]:
    """Every check below; `incomplete` holds vouchers with a #TRANS row that could not be read."""
    found: list[tuple[int | None, str]] = []
    found += voucher_balance(sie, incomplete)
    found += period_years(sie, "PSALDO", sie.psaldo) + period_years(sie, "PBUDGET", sie.pbudget)
    found += balance_years(sie)
    found += psaldo_against_res(sie)
    found += undeclared(sie)
    found += object_rows_without_total(sie, "PSALDO", sie.psaldo) + object_rows_without_total(sie, "PBUDGET", sie.pbudget)
    return [Problem(sie.name, line, None, message) for line, message in found]


def _span(sie: SieFile, index: int) -> str:
    y = sie.year(index)
    return f"år {index} ({y.start}–{y.end})" if y else f"år {index}"


def voucher_sums(sie: SieFile) -> np.ndarray:
    """Each voucher's sum of its #TRANS rows in öre (#RTRANS/#BTRANS rows are not counted)."""
    sums = np.zeros(len(sie.vouchers), dtype=np.int64)
    np.add.at(sums, sie.trans.voucher, sie.trans.amount_ore)
    return sums


def voucher_balance(sie: SieFile, incomplete: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    """Each voucher's #TRANS rows sum to zero."""
    v = sie.vouchers
    sums = voucher_sums(sie)
    out = []
    for i in np.flatnonzero(sums).tolist():
        if i not in incomplete:
            when = f" ({_date(int(v.date[i]))})" if v.date[i] else ""
            out.append((int(v.line[i]), f"verifikation {v.label(i)}{when} balanserar inte: "
                                        f"summan av dess #TRANS-rader är {format_ore(int(sums[i]))}"))
    return out


def _date(value: int) -> str:
    return f"{value // 10000:04d}-{value // 100 % 100:02d}-{value % 100:02d}"


def period_years(sie: SieFile, label: str, rows: PeriodRows) -> list[tuple[int, str]]:
    """A row's year number agrees with the year its period lies in; a period lies in some year."""
    if len(rows) == 0:
        return []
    if not sie.years:
        return [(int(rows.line[0]), f"filen har #{label} men inget #RAR; raderna kan inte knytas till ett räkenskapsår")]
    derived = year_of_periods(sie.years, rows.period)
    out = []
    outside = np.flatnonzero(derived == NO_YEAR)
    if len(outside):
        first = outside[0]
        out.append((int(rows.line[first]), f"#{label}: perioden {rows.period[first]} ligger utanför filens räkenskapsår "
                                           f"(#RAR){_more(len(outside))}; raden räknas inte in i något år"))
    wrong = np.flatnonzero((derived != NO_YEAR) & (derived != rows.year_index))
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i in wrong.tolist():
        groups[int(rows.year_index[i]), int(derived[i])].append(i)
    for (written, actual), members in groups.items():
        i = members[0]
        out.append((int(rows.line[i]), f"#{label} anger år {written} men perioden {rows.period[i]} ligger i "
                                       f"{_span(sie, actual)}{_more(len(members))}; perioden gäller"))
    return out


def _more(n: int) -> str:
    return f" (och {n - 1} rader till)" if n > 1 else ""


def balance_years(sie: SieFile) -> list[tuple[int, str]]:
    """#IB, #UB, #RES, #OIB and #OUB name a year the file has a #RAR for."""
    known = {y.index for y in sie.years}
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for b in sie.balances:
        if b.year_index not in known:
            groups[b.kind, b.year_index].append(b.line)
    return [(lines[0], f"#{kind} anger år {index}, som filen saknar #RAR för{_more(len(lines))}")
            for (kind, index), lines in groups.items()]


def psaldo_against_res(sie: SieFile) -> list[tuple[int, str]]:
    """Where a year has both, the sum of an account's #PSALDO rows ({}) equals its #RES."""
    out = []
    for index, accounts in account_totals(sie).items():
        for konto, t in accounts.items():
            if t.res is not None and t.psaldo is not None and t.res != t.psaldo:
                out.append((t.res_line, f"konto {konto}, {_span(sie, index)}: #RES är {format_ore(t.res)} "
                                        f"men summan av #PSALDO är {format_ore(t.psaldo)}"))
    return out


def _first_use(sie: SieFile) -> tuple[dict[int, int], dict[int, int]]:
    """Per object list id: the first line that uses it, and how many rows do."""
    first: dict[int, int] = {}
    count: dict[int, int] = defaultdict(int)
    tables: list[TransRows | PeriodRows] = [sie.trans, sie.rtrans, sie.btrans, sie.psaldo, sie.pbudget]
    size = len(sie.object_lists)
    for rows in tables:
        if not len(rows):
            continue
        n = np.bincount(rows.objects, minlength=size)
        at = np.full(size, len(rows), dtype=np.int64)
        np.minimum.at(at, rows.objects, np.arange(len(rows)))  # rows are in line order: the first is the least
        for i in np.flatnonzero(n).tolist():
            first[i] = min(first.get(i, 1 << 62), int(rows.line[at[i]]))
            count[i] += int(n[i])
    ids = {objects: i for i, objects in enumerate(sie.object_lists)}
    for b in sie.balances:
        i = ids[b.objects]
        first[i] = min(first.get(i, 1 << 62), b.line)
        count[i] += 1
    return first, count


def undeclared(sie: SieFile) -> list[tuple[int, str]]:
    """Objects in use have an #OBJEKT; dimensions in use (beyond the reserved ones) have a #DIM."""
    first, count = _first_use(sie)
    objects: dict[tuple[str, str], list[int]] = {}
    for i, line in first.items():
        for pair in sie.object_lists[i]:
            seen = objects.setdefault(pair, [line, 0])
            seen[0], seen[1] = min(seen[0], line), seen[1] + count[i]
    out = []
    dimensions: dict[str, int] = {}
    for (dim, code), (line, n) in sorted(objects.items(), key=lambda x: x[1][0]):
        dimensions[dim] = min(dimensions.get(dim, line), line)
        if (dim, code) not in sie.objects:
            rows = "1 rad" if n == 1 else f"{n} rader"
            out.append((line, f"objekt {code!r} i dimension {dim} används ({rows}) men är inte deklarerat med #OBJEKT"))
    for o in sie.objects.values():
        dimensions.setdefault(o.dimension, o.line)
    for dim, line in dimensions.items():
        if dim not in sie.dimensions and dim not in RESERVED_DIMENSIONS:
            out.append((line, f"dimension {dim} används men är inte deklarerad med #DIM (och är inte reserverad i SIE)"))
    return out


def object_rows_without_total(sie: SieFile, label: str, rows: PeriodRows) -> list[tuple[int, str]]:
    """Type 3: object rows whose sum (per set of dimensions) is not zero have a row for the account ({}).

    The specification asks for both; when the account's row is missing its total is taken as zero,
    which the object rows then contradict. Object rows that cover only part of the account are fine.
    """
    objected = rows.objects != 0
    if not objected.any():
        return []
    konto = rows.konto.to_pylist()
    totals = {(p, konto[i]) for i, p in zip(np.flatnonzero(~objected).tolist(), rows.period[~objected].tolist())}
    sums: dict[tuple[int, str, tuple[str, ...]], list[int]] = {}
    for i in np.flatnonzero(objected).tolist():
        key = (int(rows.period[i]), konto[i])
        if key not in totals:
            dims = tuple(d for d, _ in sie.object_lists[rows.objects[i]])
            entry = sums.setdefault((*key, dims), [0, i])
            entry[0] += int(rows.amount_ore[i])
    missing: dict[str, list[int]] = defaultdict(list)
    for (period, x, _), (total, first) in sums.items():
        if total:
            missing[x].append(first)
    return [(int(rows.line[min(m)]), f"#{label}: konto {x} har objektrader men ingen rad för kontot som helhet ({{}}) "
                                     f"i perioden {rows.period[min(m)]}{_months(len(set(rows.period[m].tolist())))}")
            for x, m in missing.items()]


def _months(n: int) -> str:
    return f" (och {n - 1} perioder till)" if n > 1 else ""
