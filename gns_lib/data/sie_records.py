"""What a SIE file holds, as immutable records and columnar row tables.

Small things (years, accounts, dimensions, objects, IB/UB/RES/OIB/OUB balances) are frozen
records; the many rows (#PSALDO, #PBUDGET, #VER, #TRANS) are columns of numpy and Arrow
arrays, read-only, in file order. Dates in columns are integers ÅÅÅÅMMDD, periods ÅÅÅÅMM.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pyarrow as pa

from gns_lib.core.errors import Problem

ObjectList = tuple[tuple[str, str], ...]  # ((dimension, object code), ...) as written

# Dimension numbers the specification reserves (8.17), with their meaning.
RESERVED_DIMENSIONS = MappingProxyType({
    "1": "Kostnadsställe", "2": "Kostnadsbärare", "6": "Projekt", "7": "Anställd",
    "8": "Kund", "9": "Leverantör", "10": "Faktura",
})


@dataclass(frozen=True)
class FinancialYear:
    """One `#RAR`: year number (0 this year, -1 the year before …) and its first and last day."""

    index: int
    start: date
    end: date
    line: int

    @property
    def first_period(self) -> int:
        return self.start.year * 100 + self.start.month

    @property
    def last_period(self) -> int:
        return self.end.year * 100 + self.end.month


@dataclass(frozen=True)
class Account:
    """One `#KONTO`, with its `#KTYP` (T, S, K, I) when the file gives one."""

    konto: str
    name: str
    line: int
    type: str | None = None


@dataclass(frozen=True)
class Dimension:
    """One `#DIM` or `#UNDERDIM` (then `parent` is the superior dimension)."""

    number: str
    name: str
    line: int
    parent: str | None = None


@dataclass(frozen=True)
class SieObject:
    """One `#OBJEKT`: an object code within a dimension, and its name."""

    dimension: str
    code: str
    name: str
    line: int


@dataclass(frozen=True)
class Balance:
    """One `#IB`, `#UB`, `#RES` (no objects) or `#OIB`, `#OUB` row; year number as written."""

    kind: str
    year_index: int
    konto: str
    objects: ObjectList
    amount_ore: int
    line: int


# Arrow arrays are built from buffers here: pa.array() would import pandas (a second or more).

def int_array(values: np.ndarray, dtype=np.int64) -> pa.Array:
    """A numpy integer array as an Arrow array (int64 or int32), without copying."""
    values = np.ascontiguousarray(values, dtype=dtype)
    kind = pa.int32() if values.dtype == np.int32 else pa.int64()
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def dictionary_array(indices: np.ndarray, values: list[str]) -> pa.Array:
    """A dictionary-encoded string column: `values[indices[i]]` for each row."""
    return pa.DictionaryArray.from_arrays(int_array(indices, np.int32), string_array(values))


def string_array(values: list[str] | tuple[str, ...]) -> pa.Array:
    """Python strings as an Arrow large_string array."""
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.large_string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def int_values(array: pa.Array) -> np.ndarray:
    """The values of an Arrow integer array without nulls (dictionary indices) as numpy, without copying."""
    dtype = np.dtype(f"int{array.type.bit_width}")
    return np.frombuffer(array.buffers()[1], dtype=dtype)[array.offset : array.offset + len(array)]


def take(array: pa.Array, index: np.ndarray) -> pa.Array:
    """array[index] for a numpy index array (or boolean mask)."""
    if index.dtype == bool:
        index = np.flatnonzero(index)
    return array.take(int_array(index))


def _freeze(table) -> None:
    for f in fields(table):
        value = getattr(table, f.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False


@dataclass(frozen=True, eq=False)
class PeriodRows:
    """`#PSALDO` or `#PBUDGET` rows: the change of one account (and object list) in one month."""

    line: np.ndarray  # int64, the row's line number
    year_index: np.ndarray  # int32, the year number as written (the year comes from `period`)
    period: np.ndarray  # int32 ÅÅÅÅMM
    konto: pa.Array  # dictionary<int32, large_string>: to_pylist() gives the account numbers
    objects: np.ndarray  # int32 index into SieFile.object_lists; 0 is the empty list {}
    amount_ore: np.ndarray  # int64

    def __post_init__(self):
        _freeze(self)

    def __len__(self) -> int:
        return len(self.line)


@dataclass(frozen=True, eq=False)
class TransRows:
    """`#TRANS` (or `#RTRANS`, `#BTRANS`) rows of the vouchers, in file order."""

    line: np.ndarray  # int64
    voucher: np.ndarray  # int32 index into SieFile.vouchers
    date: np.ndarray  # int32 ÅÅÅÅMMDD: the row's transdat, else its voucher's date (0: neither valid)
    konto: pa.Array  # dictionary<int32, large_string>: to_pylist() gives the account numbers
    objects: np.ndarray  # int32 index into SieFile.object_lists; 0 is the empty list {}
    amount_ore: np.ndarray  # int64
    text: pa.Array  # string, "" when the row has none

    def __post_init__(self):
        _freeze(self)

    def __len__(self) -> int:
        return len(self.line)

    @property
    def period(self) -> np.ndarray:
        """The month ÅÅÅÅMM of each row."""
        return self.date // 100


@dataclass(frozen=True, eq=False)
class VoucherRows:
    """`#VER` records: series, number, date, text; each owns `count` #TRANS rows from `first`."""

    line: np.ndarray  # int64
    series: pa.Array  # string
    number: pa.Array  # string
    date: np.ndarray  # int32 ÅÅÅÅMMDD (0 when not a valid date)
    text: pa.Array  # string
    regdate: np.ndarray  # int32 ÅÅÅÅMMDD, 0 when none
    first: np.ndarray  # int64 index of the voucher's first row in SieFile.trans
    count: np.ndarray  # int64 number of its #TRANS rows

    def __post_init__(self):
        _freeze(self)

    def __len__(self) -> int:
        return len(self.line)

    def label(self, i: int) -> str:
        """The voucher as people name it: series and number, `A 12`."""
        return " ".join(x for x in (self.series[i].as_py(), self.number[i].as_py()) if x) or f"på rad {self.line[i]}"


@dataclass(frozen=True, eq=False)
class SieFile:
    """Everything read from one SIE file, and every problem found in it (sorted by line)."""

    name: str
    encoding: str  # what the bytes really are: cp437, utf-8 or latin-1
    declared_format: str | None  # #FORMAT as written (PC8), None without one
    sietyp: str | None
    program: str | None
    program_version: str | None
    company: str | None
    orgnr: str | None
    generated: date | None
    years: tuple[FinancialYear, ...]
    accounts: Mapping[str, Account]
    dimensions: Mapping[str, Dimension]
    objects: Mapping[tuple[str, str], SieObject]
    object_lists: tuple[ObjectList, ...]
    balances: tuple[Balance, ...]
    psaldo: PeriodRows
    pbudget: PeriodRows
    vouchers: VoucherRows
    trans: TransRows
    rtrans: TransRows
    btrans: TransRows
    record_counts: Mapping[str, int]  # label without # -> records in the file (unknown labels too)
    problems: tuple[Problem, ...]

    def year(self, index: int) -> FinancialYear | None:
        """The financial year with this number, if the file has its #RAR."""
        return next((y for y in self.years if y.index == index), None)

    def dimension_name(self, number: str) -> str | None:
        """The declared name of a dimension, else the specification's name for a reserved one."""
        d = self.dimensions.get(number)
        return d.name if d is not None else RESERVED_DIMENSIONS.get(number)


def objects_in_dimension(sie: SieFile, rows: PeriodRows | TransRows, dimension: str) -> pa.Array:
    """Each row's object code in `dimension` (null where its object list has none there)."""
    codes = [dict(objects).get(dimension) for objects in sie.object_lists]
    valid = np.array([c is not None for c in codes], dtype=bool)
    table = string_array([c or "" for c in codes])
    table = pa.Array.from_buffers(pa.large_string(), len(codes), [pa.py_buffer(np.packbits(valid, bitorder="little")),
                                                                  *table.buffers()[1:]])
    return take(table, rows.objects)


def voucher_labels(sie: SieFile, rows: TransRows) -> pa.Array:
    """Each row's voucher as people name it: series and number, `A 12` (the ledger's verifikation)."""
    v = sie.vouchers
    labels = [" ".join(x for x in pair if x) for pair in zip(v.series.to_pylist(), v.number.to_pylist())]
    return take(string_array(labels), rows.voucher)


def year_of_periods(years: tuple[FinancialYear, ...], periods: np.ndarray) -> np.ndarray:
    """The financial year number each period ÅÅÅÅMM lies in, from #RAR; NO_YEAR outside every year."""
    out = np.full(len(periods), NO_YEAR, dtype=np.int32)
    for y in years:
        out[(periods >= y.first_period) & (periods <= y.last_period)] = y.index
    return out


NO_YEAR = np.iinfo(np.int32).min
