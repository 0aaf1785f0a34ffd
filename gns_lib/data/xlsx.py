"""Read the first sheet of an `.xlsx` standing in for a CSV, as text cells like the CSV reader's.

Excel keeps what a CSV cannot: sheets that are hidden, TRUE/FALSE cells and numbers from
formulas (`150000.30000000002`). A hidden first sheet and a boolean cell are refused;
a number within 0.000001 of a whole öre is that öre amount (decided exactly, from the
number's shortest decimal form); any other fraction stays as written and is marked as
a computed value so that an amount column can say so.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from gns_lib.core.errors import Problem
from gns_lib.data.csvscan import MAX_COLUMNS

ENC_XLSX = "xlsx"
MAX_XLSX_UNCOMPRESSED = 256 << 20  # the workbook's unpacked XML: 256 MiB (a CSV is read far faster)
TOLERANCE = Decimal("0.000001")  # kr: a formula's float noise, far below an öre
_ORE = Decimal("0.01")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Sheet:
    """The text cells of one sheet: columns by header name, the row number of each data row."""

    names: list[str]
    cells: list[list[str]]  # per column
    rows: list[int]
    label: str  # 'xlsx, bladet "Budget"'
    computed: frozenset[tuple[str, int]]  # (column, data-row index) of numbers with more than two decimals


def number_text(value: float) -> tuple[str, bool]:
    """(text with decimal comma, whether it is a computed value with more than two decimals)."""
    d = Decimal(repr(value))
    if not d.is_finite():
        return repr(value), False
    if d == d.to_integral_value():
        return format(d.to_integral_value(), "f"), False
    if abs(d) < Decimal(10) ** 15:
        q = d.quantize(_ORE)
        if abs(d - q) <= TOLERANCE:
            if q == q.to_integral_value():
                return format(q.to_integral_value(), "f"), False
            return format(q, "f").replace(".", ","), False
    return format(d, "f").replace(".", ","), True


def cell_text(value) -> str:
    """A header or data cell as text (numbers through `number_text`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)[0]
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _unpacked_size(data: bytes, name: str) -> Problem | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        return Problem(name, None, None, f"filen kunde inte läsas som Excel-arbetsbok ({e})")
    if size > MAX_XLSX_UNCOMPRESSED:
        return Problem(name, None, None, f"arbetsboken är för stor uppackad ({size >> 20} MiB); högst "
                                         f"{MAX_XLSX_UNCOMPRESSED >> 20} MiB läses – spara stora filer som CSV "
                                         "(se docs/dataformat.md, Gränser)")
    return None


def read_sheet(data: bytes, name: str, header_of) -> tuple[Sheet | None, list[Problem]]:
    """The first sheet's cells, or the problems that stop it; `header_of` cleans the header names."""
    import openpyxl

    too_big = _unpacked_size(data, name)
    if too_big is not None:
        return None, [too_big]
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        return None, [Problem(name, None, None, f"filen kunde inte läsas som Excel-arbetsbok ({e})")]
    try:
        return _first_sheet(wb, name, header_of)
    except Exception as e:  # a damaged sheet part inside a readable workbook
        return None, [Problem(name, None, None, f"bladet kunde inte läsas ({e})")]
    finally:
        wb.close()


def _first_sheet(wb, name: str, header_of) -> tuple[Sheet | None, list[Problem]]:
    if not wb.worksheets:
        return None, [Problem(name, None, None, "arbetsboken har inget kalkylblad; väntade data i det första bladet")]
    ws = wb.worksheets[0]
    if getattr(ws, "sheet_state", "visible") != "visible":
        visible = [s.title for s in wb.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
        shown = ", ".join('"' + t + '"' for t in visible)
        hint = f" (synliga blad: {shown})" if visible else ""
        return None, [Problem(name, None, None, f'det första bladet "{ws.title}" är dolt; gns läser det första bladet{hint}. '
                                                "Flytta bladet med data först eller ta bort det dolda bladet")]
    rows_iter = ws.iter_rows(values_only=True)
    header = next(rows_iter, None)
    if header is None:
        return None, [Problem(name, None, None, f'bladet "{ws.title}" är tomt; väntade en rubrikrad och datarader')]
    texts = [cell_text(v) for v in header]
    while texts and not texts[-1].strip():  # empty cells after the last heading
        texts.pop()
    if len(texts) > MAX_COLUMNS:
        return None, [Problem(name, 1, None, f"rubrikraden har {len(texts)} kolumner; högst {MAX_COLUMNS} läses "
                                             "(se docs/dataformat.md, Gränser)")]
    names, problems = header_of(texts, name)
    width = len(names)
    cells: list[list[str]] = [[] for _ in range(width)]
    rows: list[int] = []
    computed: set[tuple[str, int]] = set()
    for line, row in enumerate(rows_iter, start=2):
        values = list(row[:width]) + [None] * (width - len(row))
        texts = []
        for j, v in enumerate(values):
            texts.append(cell_text(v))
            if isinstance(v, bool):
                problems.append(Problem(name, line, names[j] or None, f"cellen innehåller sanningsvärdet "
                                        f"{texts[-1]} (TRUE/FALSE); väntade ett värde som text, tal eller datum"))
            elif isinstance(v, float) and number_text(v)[1]:
                computed.add((names[j], len(rows)))
            elif isinstance(v, str) and _CONTROL.search(v):
                problems.append(Problem(name, line, names[j] or None, "kontrolltecken i cellen; väntade text utan "
                                                                     "kontrolltecken"))
        if not any(t.strip() for t in texts):
            continue
        for j, t in enumerate(texts):
            cells[j].append(t)
        rows.append(line)
    others = len(wb.worksheets) - 1
    label = f'{ENC_XLSX}, bladet "{ws.title}"' + (f" (av {others + 1} blad)" if others else "")
    return Sheet(names, cells, rows, label, frozenset(computed)), problems
