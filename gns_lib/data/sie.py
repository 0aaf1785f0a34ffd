"""Read a SIE 4B file (types 1–4, `.se`, `.si`, `.sie`) into a `SieFile`, with every problem at once.

The encoding is told from the bytes; the file is read in parts of a few megabytes (two
threads), where the common #VER, #TRANS, #PSALDO and #PBUDGET lines take the vectorised path
in `sie_fast` and every other line the tokeniser in `sie_lines`; the vouchers are linked and
the checks in `sie_checks` run last. Only a file that cannot be read at all raises `DataError`.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from gns_lib.core.errors import DataError, Problem

from gns_lib.data import sie_fast as k
from gns_lib.data.sie_checks import check_sie
from gns_lib.data.sie_encoding import UTF8, detect_encoding
from gns_lib.data.sie_lines import KNOWN_LABELS, Records, RecordError, object_pairs, to_date
from gns_lib.data.sie_records import (PeriodRows, SieFile, TransRows, VoucherRows, dictionary_array, int_values, string_array,
                          take)
from gns_lib.data.sie_scan import PAD, Scan, byte_classes
from gns_lib.data.sie_tokens import TokenError, real_quotes, tokenize
from gns_lib.data.sie_totals import carry_totals
from gns_lib.data.sie_vouchers import link_vouchers

PART = 1 << 22  # bytes read through the fast path at a time: its arrays stay in the processor's caches
_THREADS = min(2, os.cpu_count() or 1)
_TAIL = PAD + b"\n"  # after the file: the scanner's padding, and a byte so that every part's window is even
_BOM = b"\xef\xbb\xbf"
_REPLACEMENT = "\ufffd".encode(UTF8)
_ROW_KINDS = {"TRANS": k.TRANS, "RTRANS": k.RTRANS, "BTRANS": k.BTRANS, "PSALDO": k.PSALDO, "PBUDGET": k.PBUDGET}
_OTHER_KNOWN = frozenset(k.label_word(x) for x in KNOWN_LABELS if x not in k.FAST_LABELS)


def read_sie(path: str | Path) -> SieFile:
    """Read one SIE file; DataError only when it is missing, not a regular file, unreadable or not SIE."""
    path = Path(path)
    if not path.exists():
        raise DataError([Problem(path.name, None, None, f"filen {str(path)!r} finns inte")])
    if not path.is_file():
        raise DataError([Problem(path.name, None, None, f"{str(path)!r} är ingen vanlig fil")])
    try:
        with path.open("rb") as f:  # straight into a numpy buffer (large pages, no copy) with the scanner's padding
            size = os.fstat(f.fileno()).st_size
            buffer = np.empty(size + len(_TAIL), dtype=np.uint8)
            size = f.readinto(memoryview(buffer)[:size])  # fewer bytes if the file shrank meanwhile
    except OSError as e:
        raise DataError([Problem(path.name, None, None, f"filen kan inte läsas: {e.strerror or e}")]) from None
    return _parse(buffer[: size + len(_TAIL)], size, path.name, fast=True)


def parse_sie(data: bytes, name: str, *, fast: bool = True) -> SieFile:
    """Read the bytes of one SIE file named `name` (used in problems).

    `fast=False` reads every line with the tokeniser; tests use it to check both paths agree.
    """
    buffer = np.empty(len(data) + len(_TAIL), dtype=np.uint8)
    buffer[: len(data)] = np.frombuffer(data, dtype=np.uint8)
    return _parse(buffer, len(data), name, fast=fast)


class _Part(NamedTuple):
    """What the fast path made of one part of the file; line indexes count from the part's first line."""

    kinds: np.ndarray
    counts: Counter
    trans: k.FastRows
    vouchers: k.FastRows
    periods: k.FastRows
    slow: list[tuple[int, str]]  # (line index, text) of the lines left to the tokeniser


def _parts(buffer: np.ndarray, size: int) -> list[tuple[int, int]]:
    """The file cut into parts of about PART bytes at line feeds: (start, stop)."""
    bounds, at = [0], PART
    while at < size - 1:
        ahead = np.flatnonzero(buffer[at : min(at + (1 << 16), size - 1)] == 10)
        if len(ahead) == 0:  # a very long line: look further
            at += 1 << 16
            continue
        bounds.append(at + int(ahead[0]) + 1)
        at = bounds[-1] + PART
    return list(zip(bounds, bounds[1:] + [size]))


def _read_part(buffer, start: int, stop: int, encoding: str, fast: bool, intern) -> _Part:
    """One part of the file through the fast path; the lines it leaves are decoded for the tokeniser."""
    window = buffer[start : stop + len(PAD) + (stop - start) % 2]  # with the bytes after it (the next part's, or PAD)
    scan = Scan(window, stop - start, encoding, classes=byte_classes(window))
    kinds, label_end, words = k.classify(scan)
    counts = _vectorised_counts(scan, kinds, words)
    label_lines = np.flatnonzero(kinds == k.LABEL)
    known = np.array([w in _OTHER_KNOWN for w in words[label_lines].tolist()], dtype=bool)
    kinds[label_lines[~known]] = k.UNKNOWN  # counted, otherwise ignored
    slow = [label_lines[known], np.flatnonzero(kinds == k.OTHER)]
    rows = []
    for read, wanted, args in ((k.fast_trans, (k.TRANS, k.RTRANS, k.BTRANS), (intern,)), (k.fast_vouchers, (k.VER,), ()),
                               (k.fast_periods, (k.PSALDO, k.PBUDGET), (intern,))):
        lines = np.flatnonzero(k.of_kinds(kinds, *wanted))
        if not fast:
            lines, slow = lines[:0], slow + [lines]
        found, left = read(scan, lines, label_end, *args)
        rows.append(found)
        slow.append(left)
    texts = [(i, scan.line_text(i)) for i in sorted(set(np.concatenate(slow).tolist()))]
    return _Part(kinds, counts, *rows, texts)


def _parse(buffer: np.ndarray, size: int, name: str, *, fast: bool) -> SieFile:
    """The reader proper: `buffer` holds the file's `size` bytes, then room for `_TAIL`."""
    buffer[size:] = np.frombuffer(_TAIL, dtype=np.uint8)
    if buffer[:3].tobytes() == _BOM:
        buffer[:3] = ord(" ")
    encoding = detect_encoding(memoryview(buffer)[:size])
    rec = Records(name)
    intern = Interner(rec)
    work = [lambda part=part: _read_part(buffer, *part, encoding, fast, intern) for part in _parts(buffer, size)]
    parts = [work[0]()]
    if not any(label in KNOWN_LABELS for label in parts[0].counts):  # a SIE file begins with its head records
        raise DataError([Problem(name, None, None, "filen är ingen SIE-fil: ingen rad är en SIE-post som #FLAGGA, #KONTO eller #VER")])
    if len(work) > 2 and _THREADS > 1:  # numpy and Arrow let go of the GIL while they work on a part
        with ThreadPoolExecutor(_THREADS) as pool:
            parts += pool.map(lambda w: w(), work[1:])
    else:
        parts += [w() for w in work[1:]]
    first_lines = np.cumsum([0] + [len(p.kinds) for p in parts]).tolist()
    kinds = np.concatenate([p.kinds for p in parts])
    counts = sum((p.counts for p in parts), Counter())
    trans, vouchers, periods = (k.join([k.shifted(getattr(p, kind), first) for p, first in zip(parts, first_lines)])
                                for kind in ("trans", "vouchers", "periods"))
    for i, text in ((first + i, text) for p, first in zip(parts, first_lines) for i, text in p.slow):
        was_other = kinds[i] == k.OTHER
        kind, label = rec.read_line(i + 1, text)
        if was_other:
            kinds[i] = kind if label in KNOWN_LABELS or kind == k.EMPTY else k.UNKNOWN
            if label:
                counts[label] += 1
    if encoding == UTF8:
        _replacement_problem(rec, buffer[:size])

    voucher_of_line, structure = link_vouchers(kinds)
    for line, message in structure:
        rec.problem(line, message)
    voucher_table = _voucher_table(rec, vouchers)
    # Object lists and accounts numbered in a fixed order, whatever order the threads met them in.
    object_lists, kontos = sorted(rec.object_ids), sorted(rec.konto_ids)
    renumber = (np.array(_positions(object_lists, rec.object_ids), dtype=np.int32),
                np.array(_positions(kontos, rec.konto_ids), dtype=np.int32), kontos)
    tables = {label: _trans_table(rec, trans, kinds, label, voucher_of_line, voucher_table.date, renumber)
              for label in ("TRANS", "RTRANS", "BTRANS")}
    first = np.searchsorted(tables["TRANS"].voucher, np.arange(len(voucher_table)))
    last = np.searchsorted(tables["TRANS"].voucher, np.arange(len(voucher_table)), side="right")
    voucher_table = VoucherRows(**{**voucher_table.__dict__, "first": first, "count": last - first})
    broken = voucher_of_line[np.array(rec.broken_trans, dtype=np.int64) - 1]
    head = rec.head
    sie = SieFile(
        name=name, encoding=encoding, declared_format=head.get("format"), sietyp=head.get("sietyp"),
        program=head.get("program"), program_version=head.get("program_version"), company=head.get("company"),
        orgnr=head.get("orgnr"), generated=head.get("generated"),
        years=tuple(sorted(rec.years.values(), key=lambda y: -y.index)),
        accounts=MappingProxyType(dict(rec.accounts)), dimensions=MappingProxyType(dict(rec.dimensions)),
        objects=MappingProxyType(dict(rec.objects)), object_lists=tuple(object_lists),
        balances=tuple(rec.balances),
        psaldo=_period_table(rec, periods, kinds, "PSALDO", renumber),
        pbudget=_period_table(rec, periods, kinds, "PBUDGET", renumber),
        vouchers=voucher_table, trans=tables["TRANS"], rtrans=tables["RTRANS"], btrans=tables["BTRANS"],
        record_counts=MappingProxyType(dict(sorted(counts.items()))), problems=(),
    )
    problems = rec.problems + check_sie(sie, incomplete=frozenset(broken[broken >= 0].tolist()))
    done = SieFile(**{**sie.__dict__, "problems": tuple(sorted(problems, key=_problem_order))})
    carry_totals(sie, done)
    return done


def _positions(ordered: list, items) -> list[int]:
    where = {x: i for i, x in enumerate(ordered)}
    return [where[x] for x in items]


def _problem_order(p: Problem):
    return (p.row or 0, p.message)


def _vectorised_counts(scan: Scan, kinds: np.ndarray, words: np.ndarray) -> Counter:
    """Records per readable label (the fast kinds by their kind, the rest by their word)."""
    counts = Counter({label: int(np.count_nonzero(kinds == kind)) for label, kind in k.FAST_LABELS.items()})
    for word, number in Counter(words[kinds == k.LABEL].tolist()).items():
        counts[word.to_bytes(8, "little").rstrip(b"\0").decode(scan.encoding, errors="replace")] += number
    return +counts  # without the zeros


def _replacement_problem(rec: Records, data: np.ndarray) -> None:
    """A UTF-8 file with U+FFFD: letters were lost before the file reached us; say where first."""
    lead = np.flatnonzero(data[:-2] == _REPLACEMENT[0])
    found = lead[(data[lead + 1] == _REPLACEMENT[1]) & (data[lead + 2] == _REPLACEMENT[2])]
    if len(found):
        rec.problem(int(np.count_nonzero(data[: found[0]] == 10)) + 1,
                    f"filen innehåller {len(found)} ersättningstecken (\ufffd): bokstäver som å, ä och ö gick "
                    "förlorade redan när filen skrevs")


class Interner:
    """Numbers object lists and account numbers for the fast path, the same way in every thread.

    Each distinct object list text is tokenised once for the whole file; accounts come as the
    words of their digits. Both land in `rec`, where the tokeniser numbers its rows too.
    """

    def __init__(self, rec: Records):
        self.rec, self.lock = rec, threading.Lock()

    def objects(self, inner: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        encoded = inner.dictionary_encode()
        texts = encoded.dictionary.to_pylist()
        with self.lock:
            known = self.rec.object_texts  # text inside the braces -> (id, or -1 if malformed; its quotes)
            for text in texts:
                if text not in known:
                    try:
                        known[text] = (self.rec.object_id(object_pairs(tokenize(text))), real_quotes(text))
                    except (TokenError, RecordError, TypeError):
                        known[text] = (-1, real_quotes(text))
            found = np.array([known[text] for text in texts], dtype=np.int64).reshape(-1, 2)
        index = int_values(encoded.indices)
        ids = found[:, 0][index]
        return np.maximum(ids, 0).astype(np.int32), found[:, 1][index], ids >= 0

    def kontos(self, words: np.ndarray) -> np.ndarray:
        encoded = pa.Array.from_buffers(pa.uint64(), len(words), [None, pa.py_buffer(words)]).dictionary_encode()
        texts = [w.to_bytes(8, "little").rstrip(b"\0").decode("ascii") for w in encoded.dictionary.to_pylist()]
        with self.lock:  # word 0 stands for rows not read here: they are dropped, their id does not matter
            ids = np.array([self.rec.konto_id(text) if text else 0 for text in texts], dtype=np.int32)
        return ids[int_values(encoded.indices)]


def _merge(fast_lines: np.ndarray, fast: dict, slow: list[tuple], names: tuple[str, ...], types: dict) -> dict:
    """Fast columns and slow row tuples (line first) as one set of columns in line order."""
    slow_columns = list(zip(*slow)) if slow else [()] * (len(names) + 1)
    if not slow:
        return {"line": fast_lines + 1, **{name: fast[name] for name in names}}
    slow_lines = np.array(slow_columns[0], dtype=np.int64)
    at = np.searchsorted(fast_lines + 1, slow_lines)  # both ascending: the slow rows' places among the fast
    order = np.insert(np.arange(len(fast_lines)), at, len(fast_lines) + np.arange(len(slow_lines)))
    out = {"line": np.insert(fast_lines + 1, at, slow_lines)}
    for name, values in zip(names, slow_columns[1:]):
        if types[name] is pa.large_string():
            out[name] = take(pa.concat_arrays([fast[name], string_array(values)]), order)
        else:
            out[name] = np.insert(fast[name], at, np.array(values, dtype=types[name]))
    return out


def _select(rows: k.FastRows, kinds: np.ndarray, label: str) -> tuple[np.ndarray, dict]:
    mine = kinds[rows.lines] == _ROW_KINDS[label]
    if mine.all():
        return rows.lines, rows.columns
    return rows.lines[mine], {n: (c[mine] if isinstance(c, np.ndarray) else take(c, mine))
                              for n, c in rows.columns.items()}


_S = pa.large_string()
_TRANS_TYPES = {"konto": np.int32, "objects": np.int32, "amount_ore": np.int64, "date": np.int32, "text": _S}
_PERIOD_TYPES = {"year_index": np.int32, "period": np.int32, "konto": np.int32, "objects": np.int32, "amount_ore": np.int64}
_VOUCHER_TYPES = {"series": _S, "number": _S, "date": np.int32, "text": _S, "regdate": np.int32}


def _trans_table(rec, rows, kinds, label, voucher_of_line, voucher_dates, renumber) -> TransRows:
    lines, fast = _select(rows, kinds, label)
    c = _merge(lines, fast, rec.trans[label], tuple(_TRANS_TYPES), _TRANS_TYPES)
    c["objects"], c["konto"] = renumber[0][c["objects"]], dictionary_array(renumber[1][c["konto"]], renumber[2])
    voucher = voucher_of_line[c["line"] - 1]
    keep = voucher >= 0  # rows outside every voucher are problems already
    if not keep.all():
        c = {n: (v[keep] if isinstance(v, np.ndarray) else take(v, keep)) for n, v in c.items()}
        voucher = voucher[keep]
    day = np.where(c["date"] == 0, voucher_dates[voucher] if len(voucher_dates) else 0, c["date"])
    return TransRows(line=c["line"], voucher=voucher.astype(np.int32), date=day.astype(np.int32), konto=c["konto"],
                     objects=c["objects"], amount_ore=c["amount_ore"], text=c["text"])


def _period_table(rec, rows, kinds, label, renumber) -> PeriodRows:
    lines, fast = _select(rows, kinds, label)
    c = _merge(lines, fast, rec.periods[label], tuple(_PERIOD_TYPES), _PERIOD_TYPES)
    c["objects"], c["konto"] = renumber[0][c["objects"]], dictionary_array(renumber[1][c["konto"]], renumber[2])
    return PeriodRows(**c)


def _voucher_table(rec, rows) -> VoucherRows:
    c = _merge(rows.lines, rows.columns, rec.vouchers, tuple(_VOUCHER_TYPES), _VOUCHER_TYPES)
    none = np.zeros(len(c["line"]), dtype=np.int64)
    return VoucherRows(**c, first=none, count=none)


def voucher_date(sie: SieFile, i: int):
    """The date of voucher i, or None when its #VER has no valid date."""
    return to_date(int(sie.vouchers.date[i]))
