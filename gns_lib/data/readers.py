"""Read one `;`-separated CSV (or an `.xlsx` standing in for it) into text columns.

Every cell is read as text so codes keep their leading zeros; typing happens in
`fields`. The encoding is detected (UTF-8 with or without BOM, Windows-1252)
and reported, never guessed silently. Row numbers are the file's line numbers.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from gns_lib.data.csvscan import (
    MAX_COLUMNS,
    Records,
    byte_problems,
    field_count_problems,
    normalise_line_ends,
    scan_records,
    utf16_problem,
)
from gns_lib.data.digest import FileDigest, read_with_digest
from gns_lib.data.xlsx import ENC_XLSX, read_sheet
from gns_lib.core.errors import Problem

ENC_UTF8 = "UTF-8"
ENC_UTF8_BOM = "UTF-8 med BOM"
ENC_CP1252 = "Windows-1252"

_ONLY_BLANK = re.compile(rb"[\s;]*\Z")


class LazyColumns(Mapping):
    """Column name -> UTF-8 text column, transcoded from the file's bytes on first use."""

    def __init__(self, raw: dict[str, pa.ChunkedArray], encoding: str):
        self._raw, self._encoding, self._text = raw, encoding, {}

    def __getitem__(self, name: str) -> pa.ChunkedArray:
        if name not in self._text:
            raw = self._raw[name]
            if pa.types.is_dictionary(raw.type):
                raw = raw.cast(pa.binary())
            self._text[name] = _as_text(raw, self._encoding)
        return self._text[name]

    def __contains__(self, name: object) -> bool:
        return name in self._raw  # Mapping's default would transcode the column to find out

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def distinct(self, name: str) -> tuple[np.ndarray, list[str]]:
        """(index per row, distinct values as text): cheap for code columns with few distinct values."""
        raw = self._raw[name]
        if pa.types.is_dictionary(raw.type):  # encoded while parsing: share one dictionary between chunks
            raw = raw.unify_dictionaries()
            dictionary = raw.chunk(0).dictionary if raw.num_chunks else pa.array([], type=pa.binary())
            index = np.concatenate([np.zeros(0, dtype=np.int32), *(c.indices.to_numpy(zero_copy_only=False) for c in raw.chunks)])
        else:
            encoded = pc.dictionary_encode(raw.combine_chunks() if raw.num_chunks != 1 else raw.chunk(0))
            dictionary, index = encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False)
        codec = "cp1252" if self._encoding == ENC_CP1252 else "utf-8"
        return index, [v.decode(codec) if isinstance(v, bytes) else v for v in dictionary.to_pylist()]


@dataclass(frozen=True)
class RawTable:
    """Text columns of one file, with the source line number of every row."""

    name: str  # file name relative to the data folder, as shown in messages
    columns: Mapping[str, pa.ChunkedArray]
    rows: np.ndarray  # int64 line numbers, header = line 1
    encoding: str
    digest: FileDigest | None = None  # SHA-256 of the bytes read, taken on first use
    computed: frozenset[tuple[str, int]] = frozenset()  # xlsx: (column, row index) of numbers with > 2 decimals

    def __len__(self) -> int:
        return len(self.rows)

    def has(self, column: str) -> bool:
        return column in self.columns

    def distinct(self, column: str) -> tuple[np.ndarray, list[str]]:
        """(index per row, distinct values): see `LazyColumns.distinct`."""
        if isinstance(self.columns, LazyColumns):
            return self.columns.distinct(column)
        encoded = pc.dictionary_encode(self.columns[column].combine_chunks())
        return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


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


_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def detect_encoding(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM) or Windows-1252, checked over the whole file; say which or why neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            data[3:].decode("utf-8")
            return ENC_UTF8_BOM, []
        except UnicodeDecodeError as e:
            return None, [_bad_bytes(name, data, e.start + 3, "UTF-8 (filen börjar med BOM)")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, None, None, "filen är UTF-16; spara den som UTF-8 eller Windows-1252 (CSV)")]
    if data.isascii():
        return ENC_UTF8, []
    try:
        # A failing decode copies the whole input into the exception: probe a prefix first.
        codecs.getincrementaldecoder("utf-8")().decode(data[: 1 << 16], final=False)
        data.decode("utf-8")
        return ENC_UTF8, []
    except UnicodeDecodeError:
        pass
    bad = [i for i in (data.find(b) for b in _CP1252_UNDEFINED) if i >= 0]
    if bad:
        return None, [_bad_bytes(name, data, min(bad), "UTF-8 eller Windows-1252")]
    return ENC_CP1252, []


def decode(data: bytes, name: str) -> tuple[str | None, str | None, list[Problem]]:
    """Decode a whole (small) file after `detect_encoding`."""
    encoding, problems = detect_encoding(data, name)
    if encoding is None:
        return None, None, problems
    if encoding == ENC_UTF8_BOM:
        return data[3:].decode("utf-8"), encoding, []
    return data.decode("cp1252" if encoding == ENC_CP1252 else "utf-8"), encoding, []


def _bad_bytes(name: str, data: bytes, pos: int, expected: str) -> Problem:
    line = data.count(b"\n", 0, pos) + 1
    byte = data[pos : pos + 1].hex().upper()
    return Problem(name, line, None, f"oläsbar teckenkodning (byte 0x{byte}); väntade {expected}")


def read_table(path: Path, name: str, codes: Collection[str] = ()) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV or XLSX file into a RawTable, or return the problems that stop it.

    Columns named in `codes` hold few distinct values (konto, objekt, period): a CSV
    parser dictionary-encodes them as it reads, which makes `distinct` cheap.
    """
    data, digest, problems = read_with_digest(path, name)
    if data is None:
        return None, problems
    table, problems = _read(path, data, name, frozenset(codes))
    return (None if table is None else replace(table, digest=digest)), problems


def _read(path: Path, data: bytes, name: str, codes: frozenset[str]):
    if _ONLY_BLANK.match(data):
        return None, [Problem(name, None, None, "filen är tom; väntade en rubrikrad och datarader")]
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(data, name)
    utf16 = utf16_problem(data, name)
    if utf16 is not None:
        return None, [utf16]
    encoding, problems = detect_encoding(data, name)
    if encoding is None:
        return None, problems
    return _read_csv_bytes(data[3:] if encoding == ENC_UTF8_BOM else data, name, encoding, codes)


def _header(names: list[str], name: str) -> tuple[list[str], list[Problem]]:
    clean = [n.strip().lstrip("\ufeff").strip().lower() for n in names]
    problems = []
    seen: set[str] = set()
    for n in clean:
        if n in seen:
            problems.append(Problem(name, 1, n, "kolumnen finns två gånger i rubrikraden"))
        seen.add(n)
    return clean, problems


def _header_fields(line: str) -> list[str]:
    """The header's column names: split at `;`, surrounding quotes removed."""
    out = []
    for field in line.split(";"):
        f = field.strip()
        if len(f) >= 2 and f[0] == f[-1] == '"':
            f = f[1:-1].replace('""', '"')
        out.append(f)
    return out


def _read_csv_bytes(data: bytes, name: str, encoding: str, codes: frozenset[str]):
    codec = "cp1252" if encoding == ENC_CP1252 else "utf-8"
    data = normalise_line_ends(data)
    end = data.find(b"\n")
    first_line = (data if end < 0 else data[:end]).rstrip(b"\r").decode(codec)
    if ";" not in first_line and ("," in first_line or "\t" in first_line):
        return None, [Problem(name, 1, None, "rubrikraden saknar semikolon; väntade en semikolonseparerad fil (;)")]
    header = _header_fields(first_line)
    if len(header) > MAX_COLUMNS:
        return None, [Problem(name, 1, None, f"rubrikraden har {len(header)} kolumner; högst {MAX_COLUMNS} läses "
                                             "(se docs/dataformat.md, Gränser)")]
    names, problems = _header(header, name)
    cp1252 = encoding == ENC_CP1252
    if end < 0 or _ONLY_BLANK.match(data, end + 1):  # a header and no data rows
        structural, other = byte_problems(data, name, names, cp1252)
        if structural:
            return None, problems + structural + other
        empty = {col: pa.chunked_array([pa.array([], type=pa.binary())]) for col in names if col}
        return RawTable(name, LazyColumns(empty, encoding), np.zeros(0, dtype=np.int64), encoding), problems + other
    coded = [n in codes for n in names]
    records, line_numbers = None, None
    if b'"' in data:  # quoted fields may span lines: check the bytes first, then follow the quotes
        structural, other = byte_problems(data, name, names, cp1252)
        problems += structural + other
        if structural:
            return None, problems
        lines = data.split(b"\n")
        records = scan_records(lines, names, name)
        if records.problems:
            return None, problems + records.problems
        data, line_numbers = _without_blank_records(data, lines, records)
        table = _parse(data, coded, records.multiline)
    else:  # one line, one row: the parser's row count tells the line feeds, which makes the byte check cheap
        table = _parse(data, coded, False)
        breaks = None if table is None else table.num_rows + data.endswith(b"\n")
        structural, other = byte_problems(data, name, names, cp1252, breaks)
        problems += structural + other
        if structural:
            return None, problems
    if table is None:
        return None, problems + _field_count(data, names, name, records)
    # The parser keeps blank lines as rows with an empty first cell, so row i is line i + 2
    # unless some first cell is empty: then drop the blank lines (or lines of only ";")
    # and keep the true line numbers.
    if line_numbers is None and _may_have_empty(table.column(0)):
        kept = data.replace(b"\r\n", b"\n").split(b"\n")
        keep = [i for i, line in enumerate(kept) if line.strip(b" \t\r;")]
        line_numbers = np.asarray(keep[1:], dtype=np.int64) + 1
        data = b"\n".join(kept[i] for i in keep)
        table = _parse(data, coded, False)
        if table is None:
            return None, problems + _field_count(data, names, name, None, line_numbers)
    if line_numbers is None:
        line_numbers = np.arange(2, table.num_rows + 2, dtype=np.int64)
    if table.num_rows != len(line_numbers):  # the parser and the scanner disagree: never guess the rows
        return None, problems + [Problem(name, None, None, "filens rader kunde inte avgränsas entydigt; kontrollera "
                                                           "citattecken och radslut")]
    raw = {}
    for i, col in enumerate(names):
        if col and col not in raw:
            raw[col] = table.column(i)
    return RawTable(name, LazyColumns(raw, encoding), line_numbers, encoding), problems


def _without_blank_records(data: bytes, lines: list[bytes], records: Records) -> tuple[bytes, np.ndarray]:
    """The file without its blank records, and the first line of each record kept."""
    kept = [k for k, b in enumerate(records.blank) if not b]
    numbers = np.asarray([records.first[k] for k in kept], dtype=np.int64)
    if len(kept) == len(records.blank):
        return data, numbers
    body = [lines[0]]
    for k in kept:
        body.extend(lines[records.first[k] - 1 : records.last[k]])
    return b"\n".join(body), numbers


def _field_count(data: bytes, names: list[str], name: str, records: Records | None, line_numbers=None) -> list[Problem]:
    """Locate every row whose field count differs from the header's (pyarrow does not say where)."""
    if records is None:
        records = scan_records(data.split(b"\n"), names, name)
    if line_numbers is not None:  # blank lines were dropped: map back to the file's lines
        records = replace(records, first=[int(line_numbers[f - 2]) if f - 2 < len(line_numbers) else f
                                          for f in records.first])
    problems = records.problems + field_count_problems(records, len(names), name)
    return problems or [Problem(name, None, None, "filen kunde inte läsas som semikolonseparerad CSV")]


def _may_have_empty(column: pa.ChunkedArray) -> bool:
    """Whether some cell may be empty (for a dictionary column: whether some chunk's dictionary has "")."""
    if pa.types.is_dictionary(column.type):
        return any(pc.any(pc.equal(pc.binary_length(c.dictionary), 0)).as_py() for c in column.chunks)
    return bool(pc.any(pc.equal(pc.binary_length(column), 0)).as_py())


def _parse(data: bytes, coded: list[bool], multiline: bool) -> pa.Table | None:
    """pyarrow's multithreaded CSV parser, every column as raw bytes (typed later); `coded` ones dictionary-encoded."""
    raw_names = [f"f{i}" for i in range(len(coded))]
    code_type = pa.dictionary(pa.int32(), pa.binary())
    try:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=raw_names, skip_rows=1, block_size=1 << 22),
            parse_options=pacsv.ParseOptions(delimiter=";", quote_char='"', newlines_in_values=multiline,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: code_type if is_code else pa.binary() for c, is_code in zip(raw_names, coded)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
                check_utf8=False,
            ),
        )
    except pa.ArrowInvalid:
        return None


# Extra UTF-8 bytes per Windows-1252 byte: 0 for ASCII, 1 for U+0080..U+07FF, 2 above.
_CP1252_EXTRA = np.array(
    [0 if b < 0x80 else len(bytes([b]).decode("cp1252", errors="replace").encode("utf-8")) - 1 for b in range(256)],
    dtype=np.int64,
)


def _as_text(column: pa.ChunkedArray, encoding: str) -> pa.ChunkedArray:
    """Binary cells as UTF-8 strings; Windows-1252 columns are transcoded buffer-wise (vectorised)."""
    chunks = []
    for chunk in column.chunks:
        if encoding != ENC_CP1252:
            chunks.append(chunk.view(pa.string()))  # the whole file was checked as UTF-8
            continue
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset : chunk.offset + len(chunk) + 1]
        raw = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]] if len(chunk) else np.empty(0, np.uint8)
        high_bytes = raw >= 0x80
        if not high_bytes.any():
            chunks.append(chunk.view(pa.string()))
            continue
        encoded = pc.dictionary_encode(chunk)
        if len(encoded.dictionary) * 2 <= len(chunk):  # repeating texts: transcode each distinct value once
            values = pa.array([v.decode("cp1252") for v in encoded.dictionary.to_pylist()], type=pa.string())
            chunks.append(pc.take(values, encoded.indices))
            continue
        high = np.flatnonzero(high_bytes)
        rel = offsets - offsets[0]
        cum = np.cumsum(_CP1252_EXTRA[raw[high]], dtype=np.int64)
        before = np.searchsorted(high, rel, side="left")
        new_offsets = (rel + np.where(before > 0, cum[np.maximum(before - 1, 0)], 0)).astype(np.int32)
        utf8 = raw.tobytes().decode("cp1252").encode("utf-8")
        chunks.append(pa.StringArray.from_buffers(len(chunk), pa.py_buffer(new_offsets), pa.py_buffer(utf8)))
    return pa.chunked_array(chunks, type=pa.string())


def _read_xlsx(data: bytes, name: str) -> tuple[RawTable | None, list[Problem]]:
    sheet, problems = read_sheet(data, name, _header)
    if sheet is None:
        return None, problems
    columns = {}
    for j, col in enumerate(sheet.names):
        if col and col not in columns:
            columns[col] = pa.chunked_array([pa.array(sheet.cells[j], type=pa.string())])
    return RawTable(name, columns, np.asarray(sheet.rows, dtype=np.int64), sheet.label,
                    computed=sheet.computed), problems
