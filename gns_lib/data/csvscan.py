"""Byte-level checks of one CSV before it is parsed, and the source line of every record.

The parser (pyarrow) accepts a great deal silently: a lone carriage return ends a row, a
quote that never closes swallows the rest of the file, NUL bytes and other control
characters pass as text. Here every such fault gets a `Problem` with line and column.
The common case is cheap: one vectorised pass finds the control bytes and line ends, and
the quote scanner (Python) runs only for files that contain a `"`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gns_lib.core.errors import Problem

MAX_LINE_BYTES = 1 << 20  # one line (a physical line of the file): 1 MiB
MAX_COLUMNS = 500  # columns in the header row
MAX_PER_KIND = 20  # located problems of one kind per file; then one line with how many more

_CONTROL_NAMES = {0: "NUL", 8: "backsteg", 11: "vertikal tabb", 12: "sidmatning", 27: "ESC", 127: "DEL"}


def normalise_line_ends(data: bytes) -> bytes:
    """A file whose every line ends in a lone CR (old Mac) as LF lines; any other file as it is."""
    if b"\r" in data and b"\n" not in data:
        return data.replace(b"\r", b"\n")
    return data


def utf16_problem(data: bytes, name: str) -> Problem | None:
    """UTF-16 without BOM (NUL in every other byte); a lone NUL byte is a control character (`byte_problems`)."""
    if data.find(b"\x00") < 0:
        return None
    sample = data[: 1 << 16]
    if sample.count(b"\x00") * 3 >= len(sample):
        return Problem(name, None, None, "filen verkar vara UTF-16 (utan BOM); spara den som UTF-8 eller Windows-1252 (CSV)")
    return None


class _Where:
    """Line and column of a byte position, from the positions of the line feeds."""

    def __init__(self, data: bytes, newlines: np.ndarray, names: list[str]):
        self.data, self.newlines, self.names = data, newlines, names

    def line(self, pos: int) -> int:
        return int(np.searchsorted(self.newlines, pos, side="left")) + 1

    def column(self, pos: int) -> str | None:
        line = self.line(pos)
        start = int(self.newlines[line - 2]) + 1 if line > 1 else 0
        index = self.data.count(b";", start, pos)
        return self.names[index] if index < len(self.names) and self.names[index] else None

    def problem(self, name: str, pos: int, message: str) -> Problem:
        return Problem(name, self.line(pos), self.column(pos), message)


def _capped(found: np.ndarray, name: str, kind: str, make) -> list[Problem]:
    out = [make(int(p)) for p in found[:MAX_PER_KIND]]
    if len(found) > MAX_PER_KIND:
        out.append(Problem(name, None, None, f"ytterligare {len(found) - MAX_PER_KIND} {kind} visas inte"))
    return out


_CHUNK = 1 << 20  # bytes compared at a time: the comparison's result stays in the cache


def _only_line_ends(a: np.ndarray, data: bytes, breaks: int | None) -> bool:
    """Whether the only control bytes are LF, CRLF and tab, decided by counting (no index of every line end).

    `breaks`, when known, is the number of line feeds (the parser's rows, in a file without CR):
    then one comparison per byte suffices.
    """
    if b"\x7f" in data:
        return False
    has_cr = b"\r" in data
    small = lf = cr = 0
    scratch = np.empty(min(len(a), _CHUNK), dtype=bool)
    for i in range(0, len(a), _CHUNK):
        c = a[i : i + _CHUNK]
        small += np.count_nonzero(np.less(c, 0x20, out=scratch[: len(c)]))
        if has_cr or breaks is None:
            lf += np.count_nonzero(c == 10)
        if has_cr:
            cr += np.count_nonzero(c == 13)
    if not has_cr and breaks is not None:
        lf = breaks
    if small != lf + cr:
        small -= data.count(b"\t")  # tabs are allowed, and rare: counted only when needed
    return small == lf + cr and (cr == 0 or data.count(b"\r\n") == cr)


def _may_mix_encodings(data: bytes) -> bool:
    """Whether a Windows-1252 file may hold UTF-8: the lead bytes of À–ÿ (å ä ö é …) and of – ’ € … in UTF-8.

    They (Ã, â in Windows-1252) are rare in Swedish text, so the full check runs only when one is there.
    """
    return b"\xc3" in data or b"\xe2" in data


def byte_problems(data: bytes, name: str, names: list[str], cp1252: bool,
                  breaks: int | None = None) -> tuple[list[Problem], list[Problem]]:
    """(faults that break the rows: lone CRs, over-long lines; faults in the text: control characters, mixed encodings).

    The usual file (no fault) costs a few counting passes; only a file with a fault, or one
    whose longest line may pass the bound, is indexed line by line to say where.
    """
    a = np.frombuffer(data, dtype=np.uint8)
    mixed = cp1252 and _may_mix_encodings(data)
    if not mixed and _only_line_ends(a, data, breaks) and not _may_have_long_line(data):
        return [], []
    small = np.flatnonzero(a < 0x20)
    values = a[small]
    is_lf = values == 10
    newlines = small[is_lf]
    where = _Where(data, newlines, names)
    problems: list[Problem] = []
    structural: list[Problem] = []
    if len(newlines) != len(small):
        cr = small[values == 13]
        after = np.minimum(cr + 1, len(a) - 1)
        lone = cr[(cr + 1 >= len(a)) | (a[after] != 10)]
        structural += _capped(lone, name, "fristående vagnreturer", lambda p: where.problem(
            name, p, "fristående vagnretur (CR, byte 0x0D) mitt i raden; väntade radslut LF eller CRLF"))
        others = small[~is_lf & (values != 13) & (values != 9)]
        problems += _capped(others, name, "kontrolltecken", lambda p: where.problem(name, p, _control(a[p])))
    if data.find(b"\x7f") >= 0:
        problems += _capped(np.flatnonzero(a == 0x7F), name, "kontrolltecken", lambda p: where.problem(name, p, _control(127)))
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(a)]))
    long = np.flatnonzero(ends - starts > MAX_LINE_BYTES)
    structural += _capped(starts[long], name, "för långa rader", lambda p: Problem(
        name, where.line(p), None, f"raden är längre än {MAX_LINE_BYTES >> 20} MiB; väntade kortare rader "
                                   "(se docs/dataformat.md, Gränser)"))
    if mixed:
        problems += _mixed_encoding(a, data, where, name)
    return structural, problems


def _may_have_long_line(data: bytes) -> bool:
    """Whether some line may be longer than the bound: sampled cheaply (a line feed in every window of the bound)."""
    if len(data) <= MAX_LINE_BYTES:
        return False
    step = MAX_LINE_BYTES // 2
    return any(data.find(b"\n", i, i + step) < 0 for i in range(0, len(data) - step + 1, step))


def _control(byte: int) -> str:
    what = _CONTROL_NAMES.get(int(byte), "kontrolltecken")
    return f"{what} (byte 0x{int(byte):02X}) i texten; väntade text utan kontrolltecken"


def _mixed_encoding(a: np.ndarray, data: bytes, where: _Where, name: str) -> list[Problem]:
    """Lines that are valid UTF-8 in a file read as Windows-1252 (or the reverse), located."""
    lead = np.flatnonzero(a[:-1] >= 0xC2)
    if not len(lead):
        return []
    nxt = a[lead + 1]
    lead = lead[(a[lead] <= 0xF4) & (nxt >= 0x80) & (nxt <= 0xBF)]
    if not len(lead):
        return []
    utf8, other = [], []
    lines_with_high = np.unique(np.searchsorted(where.newlines, np.flatnonzero(a >= 0x80), side="left"))
    for index in lines_with_high[: 100_000].tolist():
        start = int(where.newlines[index - 1]) + 1 if index > 0 else 0
        end = int(where.newlines[index]) if index < len(where.newlines) else len(data)
        try:
            data[start:end].decode("utf-8")
            utf8.append(index + 1)
        except UnicodeDecodeError:
            other.append(index + 1)
    if not utf8 or not other:
        return []
    if len(utf8) <= len(other):
        minority, kind, majority, rest = utf8, "UTF-8", other[0], "Windows-1252"
    else:
        minority, kind, majority, rest = other, "Windows-1252", utf8[0], "UTF-8"
    out = [Problem(name, line, None, f"raden är skriven i {kind} men andra rader (t.ex. rad {majority}) i {rest}; "
                                     "spara hela filen i en och samma teckenkodning") for line in minority[:MAX_PER_KIND]]
    if len(minority) > MAX_PER_KIND:
        out.append(Problem(name, None, None, f"ytterligare {len(minority) - MAX_PER_KIND} rader i {kind} visas inte"))
    return out


@dataclass(frozen=True)
class Records:
    """The records of a CSV body: first and last line (1-based) and field count of each, header excluded."""

    first: list[int]
    last: list[int]
    fields: list[int]
    blank: list[bool]
    problems: list[Problem]

    @property
    def multiline(self) -> bool:
        return any(f != l for f, l in zip(self.first, self.last))


def scan_records(lines: list[bytes], names: list[str], name: str) -> Records:
    """Split lines into records, following quoted fields over line ends; locate every quoting fault.

    A quote opens a field only at the field's start (as the parser reads it). A quoted
    field may continue on the next line, unless a line it swallows looks like a row of
    its own (as many `;` as the header has): then the quote was unbalanced.
    """
    width = len(names)
    first, last, fields, blank, problems = [], [], [], [], []
    i, n = 1, len(lines) - (1 if lines and not lines[-1] else 0)  # text after the last line feed, if any
    while i < n:
        line = lines[i]
        if b'"' not in line:
            first.append(i + 1)
            last.append(i + 1)
            fields.append(line.count(b";") + 1)
            blank.append(not line.strip(b" \t\r;"))
            i += 1
            continue
        start = i
        count, i = _quoted_record(lines, n, i, names, width, name, problems)
        first.append(start + 1)
        last.append(i + 1)
        fields.append(count)
        blank.append(False)
        i += 1
    return Records(first, last, fields, blank, problems)


def _column(names: list[str], index: int) -> str | None:
    return names[index] if index < len(names) and names[index] else None


def _quoted_record(lines: list[bytes], n: int, i: int, names: list[str], width: int, name: str, problems: list[Problem]):
    """(field count, index of the record's last line) for a record with a quote starting at line `i`."""
    line, pos, field = lines[i], 0, 0
    while True:
        if line.startswith(b'"', pos):
            opened, j = i, pos + 1
            while True:
                k = line.find(b'"', j)
                if k >= 0 and line.startswith(b'"', k + 1):
                    j = k + 2
                    continue
                if k >= 0:
                    break
                if i + 1 >= n:
                    problems.append(Problem(name, opened + 1, _column(names, field),
                                            "citattecknet som inleder fältet avslutas aldrig; väntade ett avslutande \" "
                                            "på samma rad (resten av filen skulle annars bli ett enda fält)"))
                    return width, n - 1
                i += 1
                line, j = lines[i], 0
                quote = line.find(b'"')
                if width > 1 and (line if quote < 0 else line[:quote]).count(b";") >= width - 1:
                    problems.append(Problem(name, opened + 1, _column(names, field),
                                            f"citattecknet som inleder fältet avslutas inte på raden, och rad {i + 1} "
                                            "ser ut som en egen rad; väntade ett avslutande \" på samma rad"))
                    return width, i - 1  # the next record starts at the row-like line
            pos = k + 1
            rest = line[pos:]
            if rest and not rest.startswith(b";") and rest != b"\r":
                problems.append(Problem(name, i + 1, _column(names, field),
                                        "text efter det avslutande citattecknet; väntade ; eller radslut direkt efter \""))
        k = line.find(b";", pos)
        if k < 0:
            return field + 1, i
        pos, field = k + 1, field + 1


def field_count_problems(records: Records, width: int, name: str) -> list[Problem]:
    """Every record whose field count differs from the header's."""
    bad = [(f, c) for f, c, b in zip(records.first, records.fields, records.blank) if c != width and not b]
    out = [Problem(name, f, None, f"raden har {c} fält men rubrikraden har {width}; väntade lika många fält på varje rad")
           for f, c in bad[:MAX_PER_KIND * 5]]
    if len(bad) > MAX_PER_KIND * 5:
        out.append(Problem(name, None, None, f"ytterligare {len(bad) - MAX_PER_KIND * 5} rader med fel antal fält visas inte"))
    return out
