"""Per financial year and account: the #RES value and the sums of #PSALDO, #PBUDGET and #TRANS.

The year of a period row comes from its period and #RAR, never from its year number; only
rows with an empty object list count (a type 3 file also writes each object's share, which
would count twice); #TRANS counts the rows of the vouchers dated in the year, not #RTRANS/#BTRANS.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pyarrow as pa

from gns_lib.data.sie_records import FinancialYear, PeriodRows, SieFile, int_values
from gns_lib.data.sie_tokens import date_int


@dataclass(frozen=True)
class AccountTotals:
    """One account in one year: each sum in öre, None where the file has no such row."""

    res: int | None = None
    psaldo: int | None = None
    pbudget: int | None = None
    trans: int | None = None
    res_line: int | None = None


def sum_by_konto(konto: pa.DictionaryArray, amount_ore: np.ndarray, mask: np.ndarray) -> dict[str, int]:
    """Exact integer sums per account of the rows in `mask` (konto dictionary-encoded, as in the row tables)."""
    index = int_values(konto.indices)[mask]
    if not len(index):
        return {}
    sums = np.zeros(len(konto.dictionary), dtype=np.int64)
    np.add.at(sums, index, amount_ore[mask])
    used = np.flatnonzero(np.bincount(index, minlength=len(sums)))
    names = konto.dictionary.to_pylist()
    return {names[i]: int(sums[i]) for i in used.tolist()}


def period_mask(rows: PeriodRows, year: FinancialYear) -> np.ndarray:
    """The rows with an empty object list whose period lies in `year`."""
    return (rows.objects == 0) & (rows.period >= year.first_period) & (rows.period <= year.last_period)


def year_totals(sie: SieFile, year: FinancialYear) -> dict[str, AccountTotals]:
    """Every account with at least one of the four sums in `year`, in account order."""
    res: dict[str, int] = {}
    res_line: dict[str, int] = {}
    for b in sie.balances:
        if b.kind == "RES" and b.year_index == year.index:
            res[b.konto] = res.get(b.konto, 0) + b.amount_ore
            res_line.setdefault(b.konto, b.line)
    psaldo = sum_by_konto(sie.psaldo.konto, sie.psaldo.amount_ore, period_mask(sie.psaldo, year))
    pbudget = sum_by_konto(sie.pbudget.konto, sie.pbudget.amount_ore, period_mask(sie.pbudget, year))
    dated = sie.vouchers.date[sie.trans.voucher] if len(sie.trans) else np.zeros(0, dtype=np.int32)
    in_year = (dated >= date_int(year.start)) & (dated <= date_int(year.end))
    trans = sum_by_konto(sie.trans.konto, sie.trans.amount_ore, in_year)
    kontos = sorted(set(res) | set(psaldo) | set(pbudget) | set(trans), key=lambda x: (len(x), x))
    return {x: AccountTotals(res.get(x), psaldo.get(x), pbudget.get(x), trans.get(x), res_line.get(x)) for x in kontos}


_KNOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # a file's totals: the checks and the summary share them


def account_totals(sie: SieFile) -> dict[int, dict[str, AccountTotals]]:
    """`year_totals` for each financial year of #RAR, by year number (0, -1 …); worked out once per file."""
    totals = _KNOWN.get(sie)
    if totals is None:
        totals = _KNOWN[sie] = MappingProxyType({y.index: MappingProxyType(year_totals(sie, y)) for y in sie.years})
    return totals


def carry_totals(old: SieFile, new: SieFile) -> None:
    """`new` is `old` with its problems added: the totals worked out for `old` are its too."""
    if old in _KNOWN:
        _KNOWN[new] = _KNOWN[old]
