"""Read one `;`-separated CSV (or an `.xlsx` standing in for it) into text columns.

Every cell is read as text so codes keep their leading zeros; typing happens in
`fields`. The encoding is detected (UTF-8 with or without BOM, Windows-1252)
and reported, never guessed silently. Row numbers are the file's line numbers.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from .errors import Problem

ENC_UTF8 = "UTF-8"
ENC_UTF8_BOM = "UTF-8 med BOM"
ENC_CP1252 = "Windows-1252"
ENC_XLSX = "xlsx"

_BLANK_LINE = re.compile(r"\n[ \t\r;]*(?:\n|$)")


@dataclass(frozen=True)
class RawTable:
    """Text columns of one file, with the source line number of every row."""

    name: str  # file name relative to the data folder, as shown in messages
    columns: dict[str, pa.ChunkedArray]
    rows: np.ndarray  # int64 line numbers, header = line 1
    encoding: str
    sha256: str

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, column: str) -> bool:
        return column in self.columns


def resolve(data_dir: Path, name: str) -> tuple[Path | None, list[Problem]]:
    """Find `name` (a .csv) or the .xlsx standing in for it; both at once is ambiguous."""
    csv_path = data_dir / name
    xlsx_path = csv_path.with_suffix(".xlsx")
    if csv_path.exists() and xlsx_path.exists():
        return None, [Problem(name, None, None, f"både {name} och {xlsx_path.name} finns; ta bort den ena")]
    if csv_path.exists():
        return csv_path, []
    if xlsx_path.exists():
        return xlsx_path, []
    return None, []


def decode(data: bytes, name: str) -> tuple[str | None, str | None, list[Problem]]:
    """Decode bytes as UTF-8 (BOM or not) or Windows-1252; say which, or why neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), ENC_UTF8_BOM, []
        except UnicodeDecodeError as e:
            return None, None, [_bad_bytes(name, data, e, "UTF-8 (filen börjar med BOM)")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, None, [Problem(name, None, None, "filen är UTF-16; spara den som UTF-8 eller Windows-1252 (CSV)")]
    try:
        return data.decode("utf-8"), ENC_UTF8, []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ENC_CP1252, []
    except UnicodeDecodeError as e:
        return None, None, [_bad_bytes(name, data, e, "UTF-8 eller Windows-1252")]


def _bad_bytes(name: str, data: bytes, e: UnicodeDecodeError, expected: str) -> Problem:
    line = data.count(b"\n", 0, e.start) + 1
    byte = data[e.start : e.start + 1].hex().upper()
    return Problem(name, line, None, f"oläsbar teckenkodning (byte 0x{byte}); väntade {expected}")


def read_table(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV or XLSX file into a RawTable, or return the problems that stop it."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return None, [Problem(name, None, None, "filen är tom; väntade en rubrikrad och datarader")]
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(data, name, digest)
    text, encoding, problems = decode(data, name)
    if text is None:
        return None, problems
    return _read_csv_text(text, name, encoding, digest)


def _header(names: list[str], name: str) -> tuple[list[str], list[Problem]]:
    clean = [n.strip().lstrip("\ufeff").strip().lower() for n in names]
    problems = []
    seen: set[str] = set()
    for n in clean:
        if n in seen:
            problems.append(Problem(name, 1, n, "kolumnen finns två gånger i rubrikraden"))
        seen.add(n)
    return clean, problems


def _read_csv_text(text: str, name: str, encoding: str, digest: str):
    text = text.replace("\r\n", "\n")
    if _BLANK_LINE.search(text):
        lines = text.split("\n")
        keep = [i for i, line in enumerate(lines) if line.strip(" \t\r;")]
        line_numbers = np.asarray(keep[1:], dtype=np.int64) + 1
        text = "\n".join(lines[i] for i in keep)
    else:
        line_numbers = None
    first_line = text.split("\n", 1)[0]
    if ";" not in first_line and ("," in first_line or "\t" in first_line):
        return None, [Problem(name, 1, None, "rubrikraden saknar semikolon; väntade en semikolonseparerad fil (;)")]
    import csv

    header_row = next(csv.reader([first_line], delimiter=";", quotechar='"'))
    raw_names = [f"f{i}" for i in range(len(header_row))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=raw_names, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=";", quote_char='"', newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in raw_names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=False,
            ),
        )
    except pa.ArrowInvalid as e:
        return None, _field_count_problems(text, name, len(header_row), line_numbers, str(e))
    names, problems = _header(header_row, name)
    body = table
    n = body.num_rows
    if line_numbers is None:
        line_numbers = np.arange(2, n + 2, dtype=np.int64)
    columns = {}
    for i, col in enumerate(names):
        if col and col not in columns:
            columns[col] = body.column(i)
    return RawTable(name, columns, line_numbers, encoding, digest), problems


def _field_count_problems(text: str, name: str, width: int, line_numbers, message: str) -> list[Problem]:
    """Locate every line whose field count differs from the header's (pyarrow does not say where)."""
    import csv

    problems = []
    lines = text.split("\n")
    for i, fields in enumerate(csv.reader(lines[1:], delimiter=";", quotechar='"')):
        if fields and len(fields) != width:
            row = int(line_numbers[i]) if line_numbers is not None and i < len(line_numbers) else i + 2
            problems.append(Problem(name, row, None, f"raden har {len(fields)} fält men rubrikraden har {width}; väntade lika många fält på varje rad"))
    if not problems:
        problems.append(Problem(name, None, None, f"filen kunde inte läsas som semikolonseparerad CSV ({message.strip()})"))
    return problems


def _xlsx_cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        d = Decimal(repr(value))
        if d == d.to_integral_value():
            return str(int(d))
        return format(d, "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, name: str, digest: str):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        return None, [Problem(name, None, None, f"filen kunde inte läsas som Excel-arbetsbok ({e})")]
    ws = wb.worksheets[0]
    rows_iter = ws.iter_rows(values_only=True)
    header = next(rows_iter, None)
    if header is None:
        return None, [Problem(name, None, None, "arbetsboken är tom; väntade en rubrikrad och datarader")]
    names, problems = _header([_xlsx_cell_text(v) for v in header], name)
    width = len(names)
    cells: list[list[str]] = [[] for _ in range(width)]
    line_numbers = []
    for i, row in enumerate(rows_iter, start=2):
        texts = [_xlsx_cell_text(v) for v in row][:width]
        if not any(t.strip() for t in texts):
            continue
        texts += [""] * (width - len(texts))
        for j, t in enumerate(texts):
            cells[j].append(t)
        line_numbers.append(i)
    wb.close()
    columns = {}
    for j, col in enumerate(names):
        if col and col not in columns:
            columns[col] = pa.chunked_array([pa.array(cells[j], type=pa.string())])
    return RawTable(name, columns, np.asarray(line_numbers, dtype=np.int64), ENC_XLSX, digest), problems
