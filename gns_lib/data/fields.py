"""Typed columns from text columns, collecting every problem as `fil:rad:kolumn`.

`Fields` wraps one `RawTable`; each accessor returns typed values and adds a
Swedish `Problem` per bad cell (at most `MAX_PER_COLUMN` per column, then one
line that says how many more there were).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gns_lib.core.errors import Problem
from gns_lib.data.money import EXPECTED as AMOUNT_EXPECTED
from gns_lib.data.money import parse_amounts_ore
from gns_lib.data.readers import RawTable

MAX_PER_COLUMN = 50
MAX_INTEGER_DIGITS = 18  # fits int64; an account, a count or a year never needs more
MAX_SHOWN = 60  # characters of a bad value quoted in a message


def shown(value: str) -> str:
    """A bad value quoted for a message, shortened when long (a cell may hold thousands of characters)."""
    return repr(value) if len(value) <= MAX_SHOWN else repr(value[:MAX_SHOWN]) + f" … ({len(value)} tecken)"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PERIOD = re.compile(r"^(19|20)[0-9][0-9](0[1-9]|1[0-2])$")
_ORG_NR = re.compile(r"^[0-9]{6}-[0-9]{4}$")


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check over a string of digits, as for Swedish org.nr."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def org_nr_problem(value: str) -> str | None:
    """Why `value` is not an org.nr `NNNNNN-NNNN` with a valid check digit, or None."""
    if not _ORG_NR.match(value):
        return f"ogiltigt organisationsnummer {shown(value)}; väntade formen NNNNNN-NNNN"
    if not luhn_ok(value.replace("-", "")):
        return f"organisationsnumret {value} har fel kontrollsiffra (Luhn)"
    return None


class Fields:
    """Typed access to the columns of one RawTable, with problems collected."""

    def __init__(self, table: RawTable, problems: list[Problem]):
        self.table = table
        self.problems = problems
        self._counts: dict[str, int] = {}

    def require(self, *columns: str) -> bool:
        """Add a problem for each missing column; True when all are there."""
        ok = True
        for col in columns:
            if not self.table.has(col):
                found = ", ".join(self.table.columns) or "inga"
                self.problems.append(
                    Problem(self.table.name, 1, col, f"kolumnen {col!r} saknas; rubrikraden har: {found}")
                )
                ok = False
        return ok

    def add(self, index: int, column: str, message: str) -> None:
        """Record a problem at data row `index` (0-based) of `column`, with the cap."""
        n = self._counts.get(column, 0) + 1
        self._counts[column] = n
        if n <= MAX_PER_COLUMN:
            self.problems.append(Problem(self.table.name, int(self.table.rows[index]), column, message))

    def add_where(self, mask: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        for i in np.flatnonzero(mask):
            self.add(int(i), column, message(int(i)))

    def finish(self) -> None:
        """Append one line per column whose problems passed the cap."""
        for col, n in self._counts.items():
            if n > MAX_PER_COLUMN:
                self.problems.append(
                    Problem(self.table.name, None, col, f"ytterligare {n - MAX_PER_COLUMN} fel i kolumnen visas inte")
                )

    # --- accessors -----------------------------------------------------------

    def raw(self, column: str) -> pa.ChunkedArray:
        if self.table.has(column):
            return self.table.columns[column]
        return pa.chunked_array([pa.array([""] * len(self.table), type=pa.string())])

    def texts(self, column: str, required: bool = True) -> list[str]:
        """Stripped text values (Python strings); empty required cells are problems."""
        values = [v.strip() for v in self.raw(column).to_pylist()]
        if required and self.table.has(column):
            for i, v in enumerate(values):
                if not v:
                    self.add(i, column, "värde saknas")
        return values

    def text_array(self, column: str, required: bool = True) -> pa.Array:
        """Stripped text as a pyarrow array (for large files); empty required cells are problems."""
        arr = pc.utf8_trim_whitespace(self.raw(column)).combine_chunks()
        if required and self.table.has(column):
            empty = pc.equal(pc.utf8_length(arr), 0).to_numpy(zero_copy_only=False)
            self.add_where(empty, column, lambda i: "värde saknas")
        return arr

    def amounts(self, column: str) -> np.ndarray:
        """Amounts as int64 öre (0 where invalid, with a problem); refused where sums could overflow."""
        raw = self.raw(column)
        ore, bad = parse_amounts_ore(raw)
        if len(ore) and int(np.abs(ore).max()) * len(ore) >= 2**63:
            self.problems.append(Problem(self.table.name, None, column,
                                         "beloppen är för stora för exakt summering (största belopp × antal rader "
                                         "överstiger 92 233 720 368 547 758 kr); dela upp filen per år"))
        if bad.any() and self.table.has(column):
            values = raw.to_pylist() if bad.sum() < 10_000 else None
            computed = self.table.computed
            self.add_where(bad, column, lambda i: _computed_amount(values[i]) if (column, i) in computed and values
                           else _bad_amount(values[i] if values else None))
        return ore

    def years(self, column: str) -> np.ndarray:
        """Four-digit years as int64 (0 where invalid)."""
        arr = self.text_array(column, required=False)
        ok = pc.fill_null(pc.match_substring_regex(arr, r"^(19|20)[0-9][0-9]$"), False).to_numpy(zero_copy_only=False)
        values = arr.to_pylist()
        self.add_where(~ok, column, lambda i: f"ogiltigt år {shown(values[i])}; väntade fyra siffror, t.ex. 2018")
        return np.where(ok, pc.cast(pc.if_else(ok, arr, "0"), pa.int64()).to_numpy(zero_copy_only=False), 0)

    def codes(self, column: str, required: bool = True) -> pd.Categorical:
        """A code column (objekt, konto …) as a Categorical of stripped text.

        Only the distinct values are stripped and checked, so a million-row ledger with a
        few hundred accounts costs one dictionary encoding.
        """
        index, values = self.table.distinct(column) if self.table.has(column) else (
            np.zeros(len(self.table), dtype=np.int32), [""])
        stripped = [v.strip() for v in values]
        categories = sorted(set(stripped) - ({""} if required else set()), key=stripped.index) or []
        position = {v: i for i, v in enumerate(categories)}
        lookup = np.array([position.get(v, -1) for v in stripped] or [-1], dtype=np.int32)
        codes = lookup[index] if len(index) else index.astype(np.int32)
        if required and self.table.has(column) and "" in stripped:
            self.add_where(codes == -1, column, lambda i: "värde saknas")
        return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))

    def periods(self, column: str) -> np.ndarray:
        """Periods YYYYMM as int64 (0 where invalid); checked once per distinct value."""
        index, values = self.table.distinct(column)
        parsed = [int(v.strip()) if _PERIOD.match(v.strip()) else 0 for v in values]
        for k, v in enumerate(values):
            if not parsed[k]:
                self.add_where(index == k, column, lambda i, v=v: f"ogiltig period {shown(v.strip())}; väntade ÅÅÅÅMM, t.ex. 201803")
        return np.asarray(parsed or [0], dtype=np.int64)[index] if len(index) else np.zeros(0, dtype=np.int64)

    def dates(self, column: str, required: bool = True) -> list[date | None]:
        """ISO dates (None where empty and allowed, or invalid with a problem)."""
        out: list[date | None] = []
        for i, v in enumerate(self.texts(column, required=False)):
            if not v:
                if required and self.table.has(column):
                    self.add(i, column, "datum saknas; väntade ÅÅÅÅ-MM-DD")
                out.append(None)
                continue
            try:
                if not _ISO_DATE.match(v):
                    raise ValueError
                out.append(date.fromisoformat(v))
            except ValueError:
                self.add(i, column, f"ogiltigt datum {shown(v)}; väntade ÅÅÅÅ-MM-DD, t.ex. 2018-07-01")
                out.append(None)
        return out

    def integers(self, column: str) -> list[int | None]:
        """Whole numbers of at most 18 digits (spaces as thousands separators allowed)."""
        out: list[int | None] = []
        for i, v in enumerate(self.texts(column)):
            s = v.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
            if re.fullmatch(r"-?[0-9]{1,%d}" % MAX_INTEGER_DIGITS, s):
                out.append(int(s))
            else:
                if re.fullmatch(r"-?[0-9]+", s):
                    self.add(i, column, f"heltalet har {len(s.lstrip('-'))} siffror; väntade högst {MAX_INTEGER_DIGITS}")
                elif v:
                    self.add(i, column, f"ogiltigt heltal {shown(v)}; väntade ett heltal, t.ex. 6 512")
                out.append(None)
        return out

    def choices(self, column: str, allowed: tuple[str, ...], default: str | None = None) -> list[str | None]:
        """Values from a fixed list; empty gives `default` (or a problem when None)."""
        out: list[str | None] = []
        raw = self.texts(column, required=False) if self.table.has(column) else [""] * len(self.table)
        for i, v in enumerate(raw):
            if not v and default is not None:
                out.append(default)
            elif v in allowed:
                out.append(v)
            else:
                choices = " eller ".join(repr(a) for a in allowed)
                what = f"ogiltigt värde {shown(v)}" if v else "värde saknas"
                self.add(i, column, f"{what}; väntade {choices}")
                out.append(None)
        return out


def _bad_amount(value: str | None) -> str:
    if value is None:
        return f"ogiltigt belopp; väntade {AMOUNT_EXPECTED}"
    if not value.strip():
        return f"belopp saknas; väntade {AMOUNT_EXPECTED}"
    return f"ogiltigt belopp {shown(value)}; väntade {AMOUNT_EXPECTED}"


def _computed_amount(value: str) -> str:
    return (f"cellen innehåller ett beräknat värde med fler än två decimaler ({shown(value)}); väntade ett belopp "
            "i hela ören – avrunda i Excel, t.ex. med AVRUNDA(…;2)")
